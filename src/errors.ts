/**
 * Errors the user (or the model) can act on. Every message says what happened and what
 * to do next; none carries host paths or stack traces, because the model reads them.
 */
export class HeadroomError extends Error {
  override readonly name: string = 'HeadroomError';
  /** Short machine-readable reason, stable across versions. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The caller's input is unusable (CLI exit code 2, MCP `isError`). */
export class InputError extends HeadroomError {
  override readonly name = 'InputError';
}

/** A hash that is well-formed but not (or no longer) in the store. */
export class NotFoundError extends HeadroomError {
  override readonly name = 'NotFoundError';
  readonly hash: string;

  constructor(hash: string, message: string) {
    super('not_found', message);
    this.hash = hash;
  }
}

/** The store could not be opened or written (permissions, disk full, corrupt file). */
export class StoreError extends HeadroomError {
  override readonly name = 'StoreError';
}

/**
 * The message a caller sees for any thrown value. Our own errors say what to do; anything
 * else is a bug, reported without its stack (which goes to stderr instead).
 */
export function publicMessage(error: unknown): { message: string; expected: boolean } {
  if (error instanceof HeadroomError) return { message: error.message, expected: true };
  const name = error instanceof Error ? error.name : typeof error;
  return { message: `headroom hit an internal error (${name}); nothing stored was lost. Retry once; if it happens again, report it.`, expected: false };
}
