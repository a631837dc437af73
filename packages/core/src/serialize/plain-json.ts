import type { ResolvedSerializeOptions } from './options.js';

/**
 * `safeStringify`'s fast path: the native `JSON.stringify` of a value whose bounded
 * rendering by the walker is certain to be the very same text, or `undefined` when that
 * is not certain and the walker must run.
 *
 * Message arrays and metadata are almost always plain JSON data well within the budget;
 * for them the walker (budget accounting, cycle tracking, markers, one string concatenation
 * per token) costs several times the native serialiser and most of the allocations of a
 * traced call. The text is the same because, for such values, every rule of the walker is
 * the identity:
 * - only strings, finite numbers, booleans, null and undefined, in arrays and in objects
 *   whose prototype is `Object.prototype` or null, without `toJSON` (no Dates, Buffers,
 *   class instances, Maps, functions, symbols, bigints, NaN or Infinity: they get markers);
 * - fewer than `maxDepth` nested containers and at most `maxItems` items or keys
 *   per container (else depth and omission markers; a cycle exceeds the depth);
 * - JSON text of at most a third of the byte budget, less a reserve for the container
 *   markers the walker sets aside, and no string or key over a third of the per-string
 *   budget, so no string (or data URI) is cut and no child omitted;
 * - no lone surrogate (the walker repairs it to U+FFFD): any `\ud` escape in the text falls
 *   back, which also covers the rare well-formed string that contains those characters.
 * Object keys are read in the same order by both (own enumerable string keys), `-0` renders
 * as `0` in both, `undefined` is omitted from objects and `null` in arrays by both. A value
 * with nothing to cut holds no binary part to retain for media upload either.
 *
 * Property getters and proxy traps of a caller's object run once more than with the walker
 * alone (the check reads the value, then the serialiser); any throw falls back.
 */

/** Bytes kept free for the walker's reserves of open containers (about 60 bytes a level; at least 4 KiB). */
const RESERVE_BYTES_PER_LEVEL = 200;
const MIN_RESERVE_BYTES = 4096;

/**
 * The JSON text of `value` when it is exactly what the walker renders under `options`,
 * else `undefined`. Never throws.
 */
export function plainJson(value: unknown, options: ResolvedSerializeOptions): string | undefined {
  const reserve = Math.max(MIN_RESERVE_BYTES, RESERVE_BYTES_PER_LEVEL * Math.min(options.maxDepth, 1000));
  // UTF-8 takes at most 3 bytes per UTF-16 unit of the JSON text.
  const maxUnits = (options.maxBytes - reserve) / 3;
  if (!(maxUnits > 0)) return undefined;
  try {
    const check = new PlainCheck(maxUnits, options.maxStringBytes / 3, options.maxDepth, options.maxItems);
    if (!check.value(value, 0)) return undefined;
    const text: unknown = JSON.stringify(value);
    if (typeof text !== 'string' || text.length > maxUnits || text.includes('\\ud')) return undefined;
    return text;
  } catch {
    return undefined;
  }
}

/** One pass over a value: plain JSON data, and a lower bound of its text length within budget. */
class PlainCheck {
  private units = 0;

  constructor(
    private readonly maxUnits: number,
    /** Longest string (UTF-16 units) the per-string budget surely keeps whole. */
    private readonly maxStringUnits: number,
    private readonly maxDepth: number,
    private readonly maxItems: number,
  ) {}

  value(v: unknown, depth: number): boolean {
    switch (typeof v) {
      case 'string':
        this.units += v.length + 2;
        return this.units <= this.maxUnits && v.length <= this.maxStringUnits;
      case 'number':
        return Number.isFinite(v);
      case 'boolean':
      case 'undefined':
        return true;
      case 'object':
        if (v === null) return true;
        return depth < this.maxDepth && this.container(v, depth);
      default:
        return false;
    }
  }

  private container(v: object, depth: number): boolean {
    if (Array.isArray(v)) {
      const list = v as unknown[];
      if (list.length > this.maxItems || (list as { toJSON?: unknown }).toJSON !== undefined) return false;
      for (let i = 0; i < list.length; i++) if (!this.value(list[i], depth + 1)) return false;
      return true;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if ((proto !== Object.prototype && proto !== null) || (v as { toJSON?: unknown }).toJSON !== undefined) return false;
    const record = v as Record<string, unknown>;
    let keys = 0;
    // `for…in` also visits inherited enumerable keys (a polluted prototype): more checking, never less.
    for (const key in record) {
      // Keys are held to the per-string budget too.
      if (++keys > this.maxItems || key.length > this.maxStringUnits) return false;
      this.units += key.length + 3;
      if (!this.value(record[key], depth + 1)) return false;
    }
    return true;
  }
}
