import type { ReadableSpanLike } from '../span-like.js';

/**
 * A FIFO of ended spans bounded in count and in estimated bytes. `push` is O(number of
 * attributes) at most, with no serialisation: it runs on the app thread inside `span.end()`.
 */
export class SpanQueue {
  private items: Array<{ span: ReadableSpanLike; bytes: number } | undefined> = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxSpans: number,
    private readonly maxBytes: number,
  ) {}

  /** Spans waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Estimated bytes waiting. */
  get byteSize(): number {
    return this.bytes;
  }

  /** Adds a span; false when the queue is full (the caller counts the drop). */
  push(span: ReadableSpanLike): boolean {
    const bytes = estimateBytes(span);
    if (this.length >= this.maxSpans || (this.length > 0 && this.bytes + bytes > this.maxBytes)) return false;
    this.items.push({ span, bytes });
    this.bytes += bytes;
    return true;
  }

  /** Removes and returns up to `count` spans, oldest first. */
  take(count: number): ReadableSpanLike[] {
    const out: ReadableSpanLike[] = [];
    while (out.length < count && this.head < this.items.length) {
      const entry = this.items[this.head];
      this.items[this.head] = undefined;
      this.head++;
      if (entry) {
        out.push(entry.span);
        this.bytes -= entry.bytes;
      }
    }
    // Compact once the consumed prefix dominates, keeping push/take amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Removes everything and returns how many spans were removed. */
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    return n;
  }
}

/** Rough size of a span: string lengths of its attributes plus a fixed overhead. */
function estimateBytes(span: ReadableSpanLike): number {
  let bytes = 200 + span.name.length;
  const attrs = span.attributes;
  for (const key in attrs) {
    const v = attrs[key];
    bytes += key.length + (typeof v === 'string' ? v.length : 8);
  }
  return bytes;
}
