/**
 * A frozen lookup table without a prototype. The readers look up names that come from span
 * attributes (`gen_ai.operation.name`, `llm.request.type`, association-property names, …);
 * on a plain object literal, `"valueOf"`, `"constructor"` or `"__proto__"` would find
 * `Object.prototype`'s members and put a function into the observation. Here every name
 * that is not a key of `entries` gives `undefined`.
 */
export function lookupTable<V>(entries: Readonly<Record<string, V>>): Readonly<Record<string, V | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, V>, entries));
}
