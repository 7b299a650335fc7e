/**
 * A JSON object: parsed JSON or an object literal, not null, not an array, and not an instance of a
 * class (such as the evaluator's own Unresolved), whose fields are not data to read.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
