/**
 * Remembers the JSON text a structured value was parsed from, so that a prompt which
 * arrives as JSON text (`gen_ai.input.messages`, …) and leaves as JSON text is not walked
 * and re-serialised on the way: for a 50 KB message list that walk and `JSON.stringify`
 * cost about 15× the parse. Kept on the parsed object, so the memo lives exactly as long as
 * the observation that holds the value.
 *
 * Only values nobody else can have mutated may be looked up: the processor skips the memo
 * whenever a user mask ran (a mask may edit the object in place and return it).
 *
 * Where the text is kept: a non-enumerable symbol property on the parsed object itself,
 * invisible to `JSON.stringify`, `Object.keys` and spreading. Not a WeakMap: an entry per
 * parsed prompt costs the garbage collector an ephemeron each, on every exported span.
 */
const JSON_TEXT: unique symbol = Symbol('lamplight.jsonText');

type WithText = { [JSON_TEXT]?: string };

/** Records that `value` is exactly what `JSON.parse(text)` returned. */
export function rememberJsonText(value: unknown, text: string): void {
  if (value !== null && typeof value === 'object' && Object.isExtensible(value)) {
    Object.defineProperty(value, JSON_TEXT, { value: text, enumerable: false, writable: true, configurable: true });
  }
}

/** The JSON text `value` was parsed from, when it is known and `value` is an object. */
export function jsonTextOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return Object.hasOwn(value, JSON_TEXT) ? (value as WithText)[JSON_TEXT] : undefined;
  } catch {
    // A Proxy whose traps throw (or a revoked one) has no remembered text.
    return undefined;
  }
}

/**
 * JSON text of a JSON-safe value: the remembered source text when there is one, else
 * `JSON.stringify`. Undefined for `undefined` or a value that cannot be stringified.
 */
export function toJsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const known = jsonTextOf(value);
  if (known !== undefined) return known;
  try {
    return JSON.stringify(value) as string | undefined;
  } catch {
    return undefined;
  }
}
