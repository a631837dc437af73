import { arrayFrame, errorFrame, mapFrame, objectFrame, setFrame, type ContainerFrame } from './container-frame.js';
import { binaryMarker, DEPTH_LIMIT_MARKER, INVALID_DATE_MARKER } from './markers.js';

/**
 * A value to render in place of an object: a `toJSON` result, a boxed primitive's value,
 * a RegExp's source text. The walker renders it as if it had been there (without calling
 * `toJSON` again), so user-derived text still goes through the string budget.
 * @internal
 */
export class Replacement {
  constructor(readonly value: unknown) {}
}

/**
 * How one object renders: a fixed marker string (rendered verbatim), a container to walk,
 * or a replacement value. @internal
 */
export type ObjectRendering = string | ContainerFrame | Replacement;

const sharedArrayBuffer: (new (n: number) => object) | undefined =
  typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;

function callToJSON(v: object, toJSON: unknown, key: string | number): Replacement {
  return new Replacement((toJSON as (this: object, key: string) => unknown).call(v, String(key)));
}

/**
 * Classifies a non-null object that is not on the current path. May throw (proxy traps,
 * getters, `toJSON`); the walker turns that into an `[Unserializable: …]` marker.
 * @param key the property name or array index handed to `toJSON` (`''` for the root)
 * @param depth the depth this object would have as a container
 * @internal
 */
export function classifyObject(
  v: object,
  allowToJSON: boolean,
  key: string | number,
  depth: number,
  maxDepth: number,
  maxItems: number,
): ObjectRendering {
  if (Array.isArray(v)) {
    if (allowToJSON) {
      const toJSON: unknown = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return callToJSON(v, toJSON, key);
    }
    return depth >= maxDepth ? DEPTH_LIMIT_MARKER : arrayFrame(v, depth, maxItems);
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    // Built-ins whose own `toJSON` (Date, Buffer) must not be used come first.
    if (ArrayBuffer.isView(v)) return binaryMarker(v.byteLength);
    if (v instanceof ArrayBuffer || (sharedArrayBuffer !== undefined && v instanceof sharedArrayBuffer)) {
      return binaryMarker((v as ArrayBuffer).byteLength);
    }
    if (v instanceof Date) {
      const time = Date.prototype.getTime.call(v);
      return Number.isNaN(time) ? INVALID_DATE_MARKER : Date.prototype.toISOString.call(v);
    }
  }
  if (allowToJSON) {
    const toJSON: unknown = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return callToJSON(v, toJSON, key);
  }
  if (proto !== Object.prototype && proto !== null) {
    const special = classifyBuiltIn(v, depth, maxDepth, maxItems);
    if (special !== undefined) return special;
  }
  // Plain objects and class instances alike: own enumerable string keys.
  return depth >= maxDepth ? DEPTH_LIMIT_MARKER : objectFrame(v, depth, maxItems);
}

function classifyBuiltIn(v: object, depth: number, maxDepth: number, maxItems: number): ObjectRendering | undefined {
  if (v instanceof Error) return depth >= maxDepth ? DEPTH_LIMIT_MARKER : errorFrame(v, depth, maxItems);
  if (v instanceof Map) return depth >= maxDepth ? DEPTH_LIMIT_MARKER : mapFrame(v, depth, maxItems);
  if (v instanceof Set) return depth >= maxDepth ? DEPTH_LIMIT_MARKER : setFrame(v, depth, maxItems);
  if (v instanceof RegExp) return new Replacement(RegExp.prototype.toString.call(v));
  if (v instanceof String) return new Replacement(String.prototype.valueOf.call(v));
  if (v instanceof Number) return new Replacement(Number.prototype.valueOf.call(v));
  if (v instanceof Boolean) return new Replacement(Boolean.prototype.valueOf.call(v));
  if (v instanceof BigInt) return new Replacement(BigInt.prototype.valueOf.call(v));
  if (v instanceof Symbol) return new Replacement(Symbol.prototype.valueOf.call(v));
  if (v instanceof Promise) return '[Promise]';
  if (v instanceof WeakMap) return '[WeakMap]';
  if (v instanceof WeakSet) return '[WeakSet]';
  return undefined;
}
