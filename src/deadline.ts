/** A per-call time limit that synchronous compressors poll; past it they give up (fail open). */
export interface Deadline {
  expired(): boolean;
}

/** `now` is injectable so tests never sleep. */
export function createDeadline(ms: number, now: () => number = () => performance.now()): Deadline {
  const end = now() + ms;
  return { expired: () => now() > end };
}

/** A deadline that never expires, for callers that do not want one. */
export const NO_DEADLINE: Deadline = { expired: () => false };
