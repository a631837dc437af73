import { unserializableMarker } from './markers.js';

/**
 * A container being rendered: where its children come from and how far the walker got.
 * Children are read lazily (`source[keys[i]]`) for plain objects and arrays, or taken
 * from `values` precomputed for Errors, Maps and Sets.
 * @internal
 */
export interface ContainerFrame {
  readonly isArray: boolean;
  /** The object on the current path while this frame is open (for cycle detection). */
  readonly source: object;
  /** Object keys; `undefined` for arrays. */
  readonly keys: readonly string[] | undefined;
  /** Child values by index; `undefined` when they are read as `source[keys[i]]`. */
  readonly values: ArrayLike<unknown> | undefined;
  /** Nesting depth (the root container is 0). */
  readonly depth: number;
  /** Number of children the source has. */
  readonly total: number;
  /** Number of children rendered at most (`min(total, maxItems)`). */
  readonly limit: number;
  /** Next child to read. */
  index: number;
  /** Children emitted so far (decides the comma). */
  count: number;
  /** The object whose `toJSON` produced `source`, also on the path while this frame is open. */
  alias: object | undefined;
}

// The built-in getters, so a subclass or an own `size` property cannot lie about the count.
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get as (this: Map<unknown, unknown>) => number;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')?.get as (this: Set<unknown>) => number;

function frame(
  isArray: boolean,
  source: object,
  keys: readonly string[] | undefined,
  values: ArrayLike<unknown> | undefined,
  total: number,
  depth: number,
  maxItems: number,
): ContainerFrame {
  return { isArray, source, keys, values, depth, total, limit: Math.min(total, maxItems), index: 0, count: 0, alias: undefined };
}

/** An array (or array proxy); items are read lazily, only up to `maxItems`. */
export function arrayFrame(source: readonly unknown[], depth: number, maxItems: number): ContainerFrame {
  const length = Number(source.length);
  const total = length > 0 && length <= 0xffffffff ? Math.floor(length) : 0;
  return frame(true, source, undefined, source, total, depth, maxItems);
}

/** An object's own enumerable string keys; values are read lazily. */
export function objectFrame(source: object, depth: number, maxItems: number): ContainerFrame {
  const keys = Object.keys(source);
  return frame(false, source, keys, undefined, keys.length, depth, maxItems);
}

/** Reads `obj[key]`; a throwing getter yields the unserializable marker instead. */
function read(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch (error) {
    return unserializableMarker(error);
  }
}

/**
 * An Error as `{ name, message, stack, cause?, errors?, ...own enumerable props }`; each
 * field is read on its own, so one throwing getter costs only that field.
 */
export function errorFrame(error: Error, depth: number, maxItems: number): ContainerFrame {
  const keys = ['name', 'message', 'stack'];
  if (Object.prototype.hasOwnProperty.call(error, 'cause')) keys.push('cause');
  if (Object.prototype.hasOwnProperty.call(error, 'errors')) keys.push('errors'); // AggregateError
  const extra = Object.keys(error).filter((k) => !keys.includes(k));
  const total = keys.length + extra.length;
  for (let i = 0; i < extra.length && keys.length < maxItems; i++) keys.push(extra[i] as string);
  const values = keys.slice(0, maxItems).map((key) => read(error, key));
  return frame(false, error, keys, values, total, depth, maxItems);
}

/**
 * A Map as an object of its entries when all kept keys are strings, else as an array of
 * `[key, value]` pairs. Only the first `maxItems` entries are read.
 */
export function mapFrame(map: Map<unknown, unknown>, depth: number, maxItems: number): ContainerFrame {
  const total = Number(mapSize.call(map));
  const keys: unknown[] = [];
  const values: unknown[] = [];
  let stringKeys = true;
  const it = Map.prototype.entries.call(map);
  while (keys.length < maxItems) {
    const next = it.next();
    if (next.done === true) break;
    const [k, v] = next.value as [unknown, unknown];
    if (typeof k !== 'string') stringKeys = false;
    keys.push(k);
    values.push(v);
  }
  if (stringKeys) return frame(false, map, keys as string[], values, total, depth, maxItems);
  const pairs = keys.map((k, i) => [k, values[i]]);
  return frame(true, map, undefined, pairs, total, depth, maxItems);
}

/** A Set as an array of its first `maxItems` values. */
export function setFrame(set: Set<unknown>, depth: number, maxItems: number): ContainerFrame {
  const values: unknown[] = [];
  const it = Set.prototype.values.call(set);
  while (values.length < maxItems) {
    const next = it.next();
    if (next.done === true) break;
    values.push(next.value);
  }
  return frame(true, set, undefined, values, Number(setSize.call(set)), depth, maxItems);
}
