/**
 * Remembers the JSON text a structured value was parsed from, so that a prompt which
 * arrives as JSON text (`gen_ai.input.messages`, …) and leaves as JSON text is not walked
 * and re-serialised on the way: for a 50 KB message list that walk and `JSON.stringify`
 * cost about 15× the parse. Keyed weakly by the parsed object, so the memo lives exactly
 * as long as the observation that holds the value.
 *
 * Only values nobody else can have mutated may be looked up: the processor skips the memo
 * whenever a user mask ran (a mask may edit the object in place and return it).
 */
const memo = new WeakMap<object, string>();

/** Records that `value` is exactly what `JSON.parse(text)` returned. */
export function rememberJsonText(value: unknown, text: string): void {
  if (value !== null && typeof value === 'object') memo.set(value, text);
}

/** The JSON text `value` was parsed from, when it is known and `value` is an object. */
export function jsonTextOf(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? memo.get(value) : undefined;
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
