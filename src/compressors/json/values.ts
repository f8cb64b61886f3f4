/** A parsed JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
export type Scalar = null | boolean | number | string;
export type Container = Json[] | JsonObject;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value !== 'object';
}

/**
 * Keys and values of an object. Plan positions for maps index into these; the order is the
 * object's own key order, so every caller sees the same positions.
 */
export function entriesOf(node: JsonObject): { keys: readonly string[]; values: readonly Json[] } {
  const keys = Object.keys(node);
  return { keys, values: keys.map((key) => node[key] as Json) };
}
