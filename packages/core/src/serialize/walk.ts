import { classifyObject, Replacement, type ObjectRendering } from './classify-object.js';
import type { ContainerFrame } from './container-frame.js';
import { ByteBudget } from './byte-budget.js';
import type { JsonPrimitive } from './json-value.js';
import type { JsonSink } from './json-sink.js';
import {
  CIRCULAR_MARKER,
  functionMarker,
  OMITTED_KEY,
  omittedMarker,
  unserializableMarker,
} from './markers.js';
import type { ResolvedSerializeOptions } from './options.js';
import { utf8ByteLength } from './utf8.js';

/**
 * Bytes set aside while a container is open for the "N more items omitted" marker it may
 * have to close with, so markers written after the budget ran out stay within it.
 */
const MARKER_RESERVE = utf8ByteLength(`,"${OMITTED_KEY}":` + JSON.stringify(omittedMarker(Number.MAX_SAFE_INTEGER, 'items', true)));
const OMITTED_KEY_JSON = JSON.stringify(OMITTED_KEY);
const OMITTED_KEY_BYTES = utf8ByteLength(OMITTED_KEY_JSON);
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
  /** Counts JSON bytes emitted, plus closing brackets and marker reserves of open containers. */
  private readonly budget: ByteBudget;
  private readonly stack: ContainerFrame[] = [];
  private readonly onPath = new Set<object>();

  constructor(
    private readonly options: ResolvedSerializeOptions,
    private readonly sink: JsonSink,
  ) {
    this.budget = new ByteBudget(options.maxBytes, options.maxStringBytes, options.binaryParts);
  }

  run(root: unknown): void {
    this.child(undefined, undefined, '', root);
    const { stack, budget } = this;
    while (stack.length > 0) {
      const f = stack[stack.length - 1] as ContainerFrame;
      if (f.index < f.limit && !budget.exhausted()) {
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
      budget.used -= MARKER_RESERVE;
      const rest = f.total - f.index;
      if (rest > 0) {
        this.slot(f, undefined);
        if (!f.isArray) {
          budget.used += OMITTED_KEY_BYTES + 1;
          this.sink.key(OMITTED_KEY, OMITTED_KEY_JSON);
        }
        this.marker(omittedMarker(rest, f.isArray ? 'items' : 'keys', f.index < f.limit));
      }
      this.sink.close(f.isArray);
      stack.pop();
      this.onPath.delete(f.source);
      if (f.alias !== undefined) this.onPath.delete(f.alias);
    }
  }

  /** Renders one value as the next child of `parent` (or as the root). */
  private child(parent: ContainerFrame | undefined, key: string | undefined, toJsonKey: string | number, value: unknown): void {
    let v = value;
    let allowToJSON = true;
    let origin: object | undefined; // the object whose toJSON returned `v`
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
            origin ??= v as object;
            v = rendering.value;
            allowToJSON = false;
            break;
          }
          this.slot(parent, key);
          if (typeof rendering === 'string') {
            this.marker(rendering);
            if (this.options.binaryParts !== undefined) this.noteBinary(v as object, rendering);
          } else this.open(rendering, origin);
          return;
        }
      }
    }
    this.slot(parent, key);
    this.marker(unserializableMarker('too many conversions'));
  }

  /** Records a Buffer / TypedArray / ArrayBuffer rendered as `<binary N bytes>` (by reference). */
  private noteBinary(v: object, rendering: string): void {
    const isView = ArrayBuffer.isView(v);
    if (!isView && !(v instanceof ArrayBuffer)) return;
    const bytes = isView ? (v as ArrayBufferView).byteLength : (v as ArrayBuffer).byteLength;
    this.options.binaryParts?.push({ placeholder: rendering, source: v as ArrayBufferView | ArrayBuffer, bytes });
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
    if (parent.count++ > 0) this.budget.used += 1;
    if (key === undefined) return;
    this.budget.fitString(key);
    this.budget.used += 1;
    this.sink.key(this.budget.value, this.budget.json);
  }

  private open(f: ContainerFrame, alias: object | undefined): void {
    if (f.isArray) this.sink.openArray();
    else this.sink.openObject();
    this.budget.used += 2 + MARKER_RESERVE;
    this.stack.push(f);
    this.onPath.add(f.source);
    if (alias !== undefined && alias !== f.source) {
      f.alias = alias;
      this.onPath.add(alias);
    }
  }

  private scalar(value: JsonPrimitive, json: string): void {
    this.budget.used += json.length;
    this.sink.value(value, json);
  }

  /** A marker or other short fixed text: rendered whole even when the budget is spent. */
  private marker(text: string): void {
    const json = JSON.stringify(text);
    this.budget.used += utf8ByteLength(json);
    this.sink.value(text, json);
  }

  private string(s: string): void {
    this.budget.fitString(s);
    this.sink.value(this.budget.value, this.budget.json);
  }
}
