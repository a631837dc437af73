import { describe, expect, it } from 'vitest';
import { truncateString } from '../src/serialize/truncate-string.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const MARKER = /…\[truncated (\d+) bytes\]$/;

describe('truncateString', () => {
  it('returns the input unchanged when it fits', () => {
    expect(truncateString('hello', 5)).toEqual({ value: 'hello', cutBytes: 0 });
    expect(truncateString('héllo', 6)).toEqual({ value: 'héllo', cutBytes: 0 });
    expect(truncateString('', 0)).toEqual({ value: '', cutBytes: 0 });
  });

  it('cuts ASCII to the byte budget including the marker and reports the exact cut', () => {
    const s = 'a'.repeat(1000);
    const r = truncateString(s, 100);
    expect(bytes(r.value)).toBeLessThanOrEqual(100);
    const kept = r.value.replace(MARKER, '');
    expect(kept).toBe('a'.repeat(kept.length));
    expect(kept.length).toBeGreaterThan(60);
    expect(r.cutBytes).toBe(1000 - kept.length);
    expect(r.value).toBe(`${kept}…[truncated ${r.cutBytes} bytes]`);
  });

  it('counts multi-byte characters in UTF-8 bytes and never splits one', () => {
    const s = 'é'.repeat(100); // 200 bytes
    const r = truncateString(s, 61);
    const kept = r.value.replace(MARKER, '');
    expect(kept).toBe('é'.repeat(kept.length));
    expect(bytes(kept) + r.cutBytes).toBe(200);
    expect(bytes(r.value)).toBeLessThanOrEqual(61);
  });

  it('never splits a surrogate pair (emoji)', () => {
    const s = '😀'.repeat(50); // 4 bytes each, 2 UTF-16 units each
    for (let budget = 30; budget < 60; budget++) {
      const r = truncateString(s, budget);
      const kept = r.value.replace(MARKER, '');
      expect(kept).toBe('😀'.repeat(kept.length / 2));
      expect(Buffer.from(r.value, 'utf8').toString('utf8')).toBe(r.value); // no lone surrogate
      expect(bytes(kept) + r.cutBytes).toBe(200);
      expect(bytes(r.value)).toBeLessThanOrEqual(budget);
    }
  });

  it('returns only the marker when the budget is smaller than the marker', () => {
    expect(truncateString('héllo wörld', 8)).toEqual({ value: '…[truncated 13 bytes]', cutBytes: 13 });
    expect(truncateString('abc', 0)).toEqual({ value: '…[truncated 3 bytes]', cutBytes: 3 });
    expect(truncateString('abc', Number.NaN)).toEqual({ value: '…[truncated 3 bytes]', cutBytes: 3 });
    expect(truncateString('abc', -5).cutBytes).toBe(3);
  });

  it('states exactly how much of a 50 MB string was cut', () => {
    const s = 'x'.repeat(50_000_000);
    const r = truncateString(s, 1000);
    const kept = r.value.replace(MARKER, '');
    expect(r.cutBytes).toBe(50_000_000 - kept.length);
    expect(Number(MARKER.exec(r.value)?.[1])).toBe(r.cutBytes);
    expect(bytes(r.value)).toBeLessThanOrEqual(1000);
  });
});
