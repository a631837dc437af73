import type { JsonObject, JsonPrimitive, JsonValue } from './json-value.js';
import type { JsonSink } from './json-sink.js';

/** Builds a `JsonValue` tree from the walker's tokens, without recursion. @internal */
export class TreeSink implements JsonSink {
  /** The rendered value (complete once the walker returns). */
  root: JsonValue = null;
  private readonly open: (JsonValue[] | JsonObject)[] = [];
  private pendingKey = '';

  private add(v: JsonValue): void {
    const top = this.open[this.open.length - 1];
    if (top === undefined) this.root = v;
    else if (Array.isArray(top)) top.push(v);
    else if (this.pendingKey === '__proto__') {
      // A plain assignment would set the prototype instead of adding a key.
      Object.defineProperty(top, '__proto__', { value: v, enumerable: true, writable: true, configurable: true });
    } else top[this.pendingKey] = v;
  }

  openArray(): void {
    const a: JsonValue[] = [];
    this.add(a);
    this.open.push(a);
  }

  openObject(): void {
    const o: JsonObject = {};
    this.add(o);
    this.open.push(o);
  }

  close(): void {
    this.open.pop();
  }

  key(key: string): void {
    this.pendingKey = key;
  }

  value(value: JsonPrimitive): void {
    this.add(value);
  }
}
