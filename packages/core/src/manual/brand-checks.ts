interface NodeUtilTypes {
  types: { isPromise(v: unknown): boolean; isDate(v: unknown): boolean };
}

/**
 * Node's `util.types`, fetched without an import (`process.getBuiltinModule`, Node ≥ 22.3)
 * so that bundles for edge runtimes never see a `node:` module; absent elsewhere.
 */
const nodeUtil: NodeUtilTypes | undefined = (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    return proc?.getBuiltinModule?.('node:util') as NodeUtilTypes | undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Whether `v` is a native promise. On Node this checks the internal slot (no property read,
 * no Proxy trap, promises of other realms too); elsewhere `instanceof Promise`, which
 * consults only the prototype chain and never calls `then`.
 */
export function isNativePromise(v: unknown): v is Promise<unknown> {
  return nodeUtil ? nodeUtil.types.isPromise(v) : v instanceof Promise;
}

/**
 * Whether `v` is a real `Date`, by its internal slot: `Date.prototype.getTime` throws for
 * anything else (a look-alike, a Proxy of a Date) and reads no property of `v`.
 */
export function isNativeDate(v: unknown): v is Date {
  if (typeof v !== 'object' || v === null) return false;
  try {
    Date.prototype.getTime.call(v);
    return true;
  } catch {
    return false;
  }
}
