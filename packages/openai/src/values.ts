/**
 * Small readers over untyped SDK values. Request bodies and responses are read as
 * `unknown` so a shape this package does not expect yields `undefined`, never a throw.
 */

/** A plain string-keyed view of an object. */
export type Rec = Record<string, unknown>;

/** The value as a record when it is a non-array object. */
export function rec(value: unknown): Rec | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Rec) : undefined;
}

/** The value when it is an array. */
export function arr(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A finite number. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A non-negative integer count. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** `Object.hasOwn`, spelled for ES2022 libs without relying on it being typed. */
export function hasOwn(target: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/**
 * Tool-call arguments as structured JSON when they parse, else the raw text: a partial
 * argument string from an aborted stream is still worth showing.
 */
export function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
