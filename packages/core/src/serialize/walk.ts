import { classifyObject, Replacement, type ObjectRendering } from './classify-object.js';
import type { ContainerFrame } from './container-frame.js';
import { dataUriPlaceholder } from './data-uri.js';
import type { JsonPrimitive } from './json-value.js';
import type { JsonSink } from './json-sink.js';
import {
  CIRCULAR_MARKER,
  functionMarker,
  OMITTED_KEY,
  omittedMarker,
  truncatedMarker,
  unserializableMarker,
} from './markers.js';
import type { ResolvedSerializeOptions } from './options.js';
import { cutString } from './truncate-string.js';
import { isWellFormed, toWellFormed, utf8ByteLength } from './utf8.js';

/**
 * Bytes set aside while a container is open for the "N more items omitted" marker it may
 * have to close with, so markers written after the budget ran out stay within it.
 */
const MARKER_RESERVE = utf8ByteLength(`,"${OMITTED_KEY}":` + JSON.stringify(omittedMarker(Number.MAX_SAFE_INTEGER, 'items', true)));
const OMITTED_KEY_JSON = JSON.stringify(OMITTED_KEY);
const OMITTED_KEY_BYTES = utf8ByteLength(OMITTED_KEY_JSON);
/** Strings shorter than this are measured at once (cheap); longer ones may be deferred. */
const DEFER_MIN_LENGTH = 64;
/** `toJSON` → boxed primitive → primitive → text is the longest legitimate chain. */
const MAX_CONVERSIONS = 5;

/**
 * Renders `root` into `sink` in one pass: depth-first, with an explicit stack (no
 * recursion, so any nesting depth is safe), a running count of the JSON bytes emitted,
 * and the path of open containers for cycle detection. Every user-code call (getter,
 * proxy trap, `toJSON`) is guarded. Work is bounded by `maxItems` per container and by
 * the byte budget overall.
 * @internal
 */
export function walk(root: unknown, options: ResolvedSerializeOptions, sink: JsonSink): void {
  new Walker(options, sink).run(root);
}

class Walker {
  /** JSON bytes emitted so far, plus closing brackets and marker reserves of open containers. */
  private used = 0;
  private readonly stack: ContainerFrame[] = [];
  private readonly onPath = new Set<object>();
  // Result of `renderString`, kept in fields to avoid an allocation per string.
  private strValue = '';
  private strJson = '';
  private strBytes = 0;
  /** Upper bound of the UTF-8 bytes of `pending` beyond their counted UTF-16 lengths. */
  private slack = 0;
  /** JSON texts of strings counted by length only, not yet measured in UTF-8 bytes. */
  private pending: string[] = [];

  constructor(
    private readonly options: ResolvedSerializeOptions,
    private readonly sink: JsonSink,
  ) {}

  run(root: unknown): void {
    this.child(undefined, undefined, '', root);
    const stack = this.stack;
    const maxBytes = this.options.maxBytes;
    while (stack.length > 0) {
      const f = stack[stack.length - 1] as ContainerFrame;
      if (this.used + this.slack >= maxBytes) this.settle();
      if (f.index < f.limit && this.used < maxBytes) {
        const i = f.index++;
        const key = f.keys === undefined ? undefined : (f.keys[i] as string);
        let v: unknown;
        try {
          v = f.values !== undefined ? f.values[i] : (f.source as Record<string, unknown>)[key as string];
        } catch (error) {
          v = unserializableMarker(error);
        }
        this.child(f, key, key ?? i, v);
        continue;
      }
      this.used -= MARKER_RESERVE;
      const rest = f.total - f.index;
      if (rest > 0) {
        this.slot(f, undefined);
        if (!f.isArray) {
          this.used += OMITTED_KEY_BYTES + 1;
          this.sink.key(OMITTED_KEY, OMITTED_KEY_JSON);
        }
        this.marker(omittedMarker(rest, f.isArray ? 'items' : 'keys', f.index < f.limit));
      }
      this.sink.close(f.isArray);
      stack.pop();
      this.onPath.delete(f.source);
    }
  }

  /** Renders one value as the next child of `parent` (or as the root). */
  private child(parent: ContainerFrame | undefined, key: string | undefined, toJsonKey: string | number, value: unknown): void {
    let v = value;
    let allowToJSON = true;
    for (let hop = 0; hop < MAX_CONVERSIONS; hop++) {
      switch (typeof v) {
        case 'string':
          this.slot(parent, key);
          this.string(v);
          return;
        case 'number':
          this.slot(parent, key);
          if (Number.isFinite(v)) this.scalar(v === 0 ? 0 : v, String(v));
          else this.marker(String(v)); // "NaN", "Infinity", "-Infinity"
          return;
        case 'boolean':
          this.slot(parent, key);
          this.scalar(v, v ? 'true' : 'false');
          return;
        case 'undefined':
          if (key !== undefined) return; // omitted from objects; null in arrays
          this.slot(parent, key);
          this.scalar(null, 'null');
          return;
        case 'bigint':
          v = `${v}n`;
          break;
        case 'symbol':
          v = Symbol.prototype.toString.call(v);
          break;
        case 'function':
          this.slot(parent, key);
          this.marker(functionMarker(v));
          return;
        default: {
          if (v === null) {
            this.slot(parent, key);
            this.scalar(null, 'null');
            return;
          }
          const rendering = this.object(v as object, allowToJSON, toJsonKey, parent === undefined ? 0 : parent.depth + 1);
          if (rendering instanceof Replacement) {
            v = rendering.value;
            allowToJSON = false;
            break;
          }
          this.slot(parent, key);
          if (typeof rendering === 'string') this.marker(rendering);
          else this.open(rendering);
          return;
        }
      }
    }
    this.slot(parent, key);
    this.marker(unserializableMarker('too many conversions'));
  }

  private object(v: object, allowToJSON: boolean, toJsonKey: string | number, depth: number): ObjectRendering {
    if (this.onPath.has(v)) return CIRCULAR_MARKER;
    try {
      return classifyObject(v, allowToJSON, toJsonKey, depth, this.options.maxDepth, this.options.maxItems);
    } catch (error) {
      return unserializableMarker(error);
    }
  }

  /** Accounts for the comma before a child of `parent`, and writes its key if it has one. */
  private slot(parent: ContainerFrame | undefined, key: string | undefined): void {
    if (parent === undefined) return;
    if (parent.count++ > 0) this.used += 1;
    if (key === undefined) return;
    this.renderString(key);
    this.used += this.strBytes + 1;
    this.sink.key(this.strValue, this.strJson);
  }

  private open(f: ContainerFrame): void {
    if (f.isArray) this.sink.openArray();
    else this.sink.openObject();
    this.used += 2 + MARKER_RESERVE;
    this.stack.push(f);
    this.onPath.add(f.source);
  }

  private scalar(value: JsonPrimitive, json: string): void {
    this.used += json.length;
    this.sink.value(value, json);
  }

  /** A marker or other short fixed text: rendered whole even when the budget is spent. */
  private marker(text: string): void {
    const json = JSON.stringify(text);
    this.used += utf8ByteLength(json);
    this.sink.value(text, json);
  }

  private string(s: string): void {
    this.renderString(s);
    this.used += this.strBytes;
    this.sink.value(this.strValue, this.strJson);
  }

  /**
   * Sets `strValue`/`strJson`/`strBytes` to `s` made well-formed and cut to its budgets.
   * A long string that certainly fits (even at 3 bytes per UTF-16 unit) is not measured
   * now: its length is counted as a lower bound and the exact UTF-8 size is settled only
   * if the budget gets close, so payloads well under the budget never pay for a UTF-8 scan.
   */
  private renderString(s: string): void {
    const { maxBytes, maxStringBytes } = this.options;
    // UTF-8 bytes >= UTF-16 units, so a longer string cannot fit either budget.
    if (s.length <= maxStringBytes && s.length + 2 <= maxBytes - this.used) {
      let str = s;
      let json = JSON.stringify(s);
      // JSON.stringify escapes a lone surrogate as `\udXXX`: only then scan the string.
      if (json.includes('\\ud') && !isWellFormed(s)) {
        str = toWellFormed(s);
        json = JSON.stringify(str);
      }
      const length = json.length;
      if (length >= DEFER_MIN_LENGTH && this.used + this.slack + 3 * length <= maxBytes && 3 * str.length <= maxStringBytes) {
        this.pending.push(json);
        this.slack += 2 * length;
        this.setString(str, json, length);
        return;
      }
      this.settle();
      const bytes = utf8ByteLength(json);
      if (bytes <= maxBytes - this.used && (bytes - 2 <= maxStringBytes || utf8ByteLength(str) <= maxStringBytes)) {
        this.setString(str, json, bytes);
        return;
      }
    }
    this.settle();
    this.cut(s, maxBytes - this.used);
  }

  private setString(value: string, json: string, bytes: number): void {
    this.strValue = value;
    this.strJson = json;
    this.strBytes = bytes;
  }

  /** Replaces the lower bounds counted for deferred strings by their exact UTF-8 sizes. */
  private settle(): void {
    if (this.pending.length === 0) return;
    for (const json of this.pending) this.used += utf8ByteLength(json) - json.length;
    this.pending = [];
    this.slack = 0;
  }

  /**
   * Renders a string that does not fit: a data URI placeholder, or a prefix plus marker.
   * `s` may hold lone surrogates; they count 3 bytes each (as U+FFFD) and only the kept
   * prefix is repaired, so a 50 MB string is never scanned twice.
   */
  private cut(s: string, room: number): void {
    const placeholder = dataUriPlaceholder(s);
    if (placeholder !== undefined) {
      const value = toWellFormed(placeholder);
      const json = JSON.stringify(value);
      this.setString(value, json, utf8ByteLength(json));
      return;
    }
    const total = utf8ByteLength(s);
    let cap = Math.min(this.options.maxStringBytes, room - 2);
    // Escapes (quotes, newlines) make the JSON longer than the content: shrink until it fits.
    for (let attempt = 0; ; attempt++) {
      const value = cap > 0 ? toWellFormed(cutString(s, total, cap).value) : truncatedMarker(total);
      const json = JSON.stringify(value);
      const bytes = utf8ByteLength(json);
      if (bytes <= room || cap <= 0 || attempt >= 4) {
        this.setString(value, json, bytes);
        return;
      }
      cap -= bytes - room;
    }
  }
}
