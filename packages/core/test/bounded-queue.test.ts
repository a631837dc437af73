import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '../src/processor/bounded-queue.js';

describe('BoundedQueue', () => {
  it('bounds entries, and bytes softly by one entry: a span larger than the whole limit still travels', () => {
    const q = new BoundedQueue<string>(10, 100);
    expect(q.push('a', 60)).toBe(true);
    // Below the limit: taken, though it crosses it.
    expect(q.push('big', 500)).toBe(true);
    // At or above the limit: refused, whatever the size.
    expect(q.push('tiny', 1)).toBe(false);
    expect(q.byteSize).toBe(560);
    expect(q.take(10).map((e) => e.value)).toEqual(['a', 'big']);
    expect(q.push('huge', 10_000)).toBe(true);
    const counted = new BoundedQueue<number>(2, 1_000);
    expect([counted.push(1, 1), counted.push(2, 1), counted.push(3, 1)]).toEqual([true, true, false]);
  });

  it('take stops before a byte bound, but always takes one', () => {
    const q = new BoundedQueue<number>(100, 10_000);
    for (let i = 0; i < 10; i++) q.push(i, 40);
    expect(q.take(100, 100).map((e) => e.value)).toEqual([0, 1]);
    expect(q.take(100, 10).map((e) => e.value)).toEqual([2]);
    expect(q.take(3).map((e) => e.value)).toEqual([3, 4, 5]);
    expect(q.length).toBe(4);
    expect(q.byteSize).toBe(160);
  });
});
