/** One queued value and the bytes it was counted at. */
export interface QueueEntry<T> {
  readonly value: T;
  readonly bytes: number;
}

/**
 * A FIFO bounded in entries and in (estimated) bytes. `push` and `take` are amortised O(1)
 * per entry: it sits on the app's `span.end()` path.
 */
export class BoundedQueue<T> {
  private entries: Array<QueueEntry<T> | undefined> = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  /** Entries waiting. */
  get length(): number {
    return this.entries.length - this.head;
  }

  /** Bytes waiting. */
  get byteSize(): number {
    return this.bytes;
  }

  /**
   * Adds a value; false when the queue is full in entries or bytes (the caller counts the
   * drop). The byte limit is soft by one entry: a value is taken while the queue is below
   * its limit, so a span larger than the whole limit (a multi-MB image some SDKs record
   * ten times over) still travels, and the queue never holds more than its limit plus one
   * span — the exporters bound each request on their own.
   */
  push(value: T, bytes: number): boolean {
    if (this.length >= this.maxEntries || (this.length > 0 && this.bytes >= this.maxBytes)) return false;
    this.entries.push({ value, bytes });
    this.bytes += bytes;
    return true;
  }

  /** Removes and returns up to `count` entries, oldest first, and (with `maxBytes`) stops before that many bytes — taking at least one. */
  take(count: number, maxBytes = Infinity): Array<QueueEntry<T>> {
    const out: Array<QueueEntry<T>> = [];
    let taken = 0;
    while (out.length < count && this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry && out.length > 0 && taken + entry.bytes > maxBytes) break;
      this.entries[this.head] = undefined;
      this.head++;
      if (entry) {
        out.push(entry);
        taken += entry.bytes;
        this.bytes -= entry.bytes;
      }
    }
    // Compact once the consumed prefix dominates, keeping push/take amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Removes everything and returns how many entries were removed. */
  clear(): number {
    const n = this.length;
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
    return n;
  }
}
