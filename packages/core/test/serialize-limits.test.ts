import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, type SerializeOptions } from '../src/serialize/options.js';
import { safeStringify } from '../src/serialize/safe-stringify.js';
import { toJsonSafe } from '../src/serialize/to-json-safe.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** What the markers written after the budget ran out may add, at most. */
const MARKER_SLACK = 512;

function nest(depth: number, leaf: unknown = 'leaf'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { child: v };
  return v;
}

/** Depth of a rendered `{ child: … }` chain, walked iteratively. */
function chainDepth(v: unknown): { depth: number; leaf: unknown } {
  let depth = 0;
  let cur = v;
  while (typeof cur === 'object' && cur !== null && 'child' in cur) {
    cur = (cur as { child: unknown }).child;
    depth++;
  }
  return { depth, leaf: cur };
}

describe('limits: depth', () => {
  it('replaces containers deeper than maxDepth by "[Depth limit]"', () => {
    expect(toJsonSafe({ a: { b: { c: 1 } } }, { maxDepth: 2 })).toEqual({ a: { b: '[Depth limit]' } });
    expect(toJsonSafe([[[]]], { maxDepth: 1 })).toEqual(['[Depth limit]']);
    expect(toJsonSafe([[[]]], { maxDepth: 2 })).toEqual([['[Depth limit]']]);
    expect(toJsonSafe({ a: 1 }, { maxDepth: 0 })).toBe('[Depth limit]');
    // Scalars at the limit still render; only containers are cut.
    expect(toJsonSafe({ a: { b: 'x', d: new Date(0) } }, { maxDepth: 2 })).toEqual({ a: { b: 'x', d: '1970-01-01T00:00:00.000Z' } });
  });

  it('defaults to 20 levels', () => {
    const r = chainDepth(toJsonSafe(nest(50)));
    expect(r).toEqual({ depth: 20, leaf: '[Depth limit]' });
  });

  it('renders 100k-deep nesting without overflowing the stack', () => {
    const deep = nest(100_000);
    expect(chainDepth(toJsonSafe(deep)).depth).toBe(20);
    // With no depth limit the walk is iterative all the way down; the byte budget still applies.
    const text = safeStringify(deep, { maxDepth: Number.POSITIVE_INFINITY });
    expect(bytes(text)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES + MARKER_SLACK);
    expect(text.startsWith('{"child":{"child":')).toBe(true);
    const small = safeStringify(nest(100_000), { maxDepth: Number.POSITIVE_INFINITY, maxBytes: 10_000_000 });
    expect(small.length).toBe('{"child":'.length * 100_000 + '"leaf"'.length + 100_000);
    expect(small.endsWith('"leaf"' + '}'.repeat(100_000))).toBe(true);
  });
});

describe('limits: items', () => {
  it('keeps the first maxItems array items and counts the rest', () => {
    expect(toJsonSafe([1, 2, 3, 4, 5], { maxItems: 2 })).toEqual([1, 2, '…[3 more items omitted]']);
    expect(toJsonSafe([1, 2], { maxItems: 2 })).toEqual([1, 2]);
  });

  it('keeps the first maxItems object keys and counts the rest under "…"', () => {
    expect(toJsonSafe({ a: 1, b: 2, c: 3, d: 4 }, { maxItems: 3 })).toEqual({ a: 1, b: 2, c: 3, '…': '…[1 more keys omitted]' });
  });

  it('limits Map and Set entries', () => {
    const map = new Map(Array.from({ length: 10 }, (_, i) => [`k${i}`, i] as const));
    expect(toJsonSafe(map, { maxItems: 2 })).toEqual({ k0: 0, k1: 1, '…': '…[8 more keys omitted]' });
    expect(toJsonSafe(new Set([1, 2, 3]), { maxItems: 1 })).toEqual([1, '…[2 more items omitted]']);
  });

  it('renders a 1e6-element array in bounded size and time', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => ({ i, text: 'some content' }));
    const r = toJsonSafe(big) as unknown[];
    expect(r).toHaveLength(1001);
    expect(r[999]).toEqual({ i: 999, text: 'some content' });
    expect(r[1000]).toBe('…[999000 more items omitted]');
    // Without an item limit the byte budget stops it.
    const text = safeStringify(big, { maxItems: Number.POSITIVE_INFINITY });
    expect(bytes(text)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES + MARKER_SLACK);
    expect(bytes(text)).toBeGreaterThan(DEFAULT_MAX_BYTES - 200);
    const parsed = JSON.parse(text) as unknown[];
    expect(parsed.at(-1)).toMatch(/^…\[\d+ more items omitted: size limit\]$/);
    const omitted = Number(/(\d+) more/.exec(parsed.at(-1) as string)?.[1]);
    expect(omitted + parsed.length - 1).toBe(1_000_000);
  });

  it('handles a sparse array with a huge length', () => {
    expect(toJsonSafe(new Array(2 ** 32 - 1), { maxItems: 2 })).toEqual([null, null, `…[${2 ** 32 - 3} more items omitted]`]);
  });
});

describe('limits: total size', () => {
  it('cuts a 50 MB string to the budget, stating exactly how many bytes were cut', () => {
    const huge = 'y'.repeat(50 * 1024 * 1024);
    const text = safeStringify(huge);
    expect(bytes(text)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    const value = JSON.parse(text) as string;
    const m = /^(y+)…\[truncated (\d+) bytes\]$/.exec(value);
    expect(m).not.toBeNull();
    expect(Number(m?.[2])).toBe(50 * 1024 * 1024 - (m?.[1]?.length ?? 0));
    expect(m?.[1]?.length).toBeGreaterThan(DEFAULT_MAX_BYTES - 100);
  });

  it('cuts a string on maxStringBytes with the exact count for multi-byte text', () => {
    const r = toJsonSafe({ s: 'ж'.repeat(1000) }, { maxStringBytes: 101 }) as { s: string };
    const m = /^(ж*)…\[truncated (\d+) bytes\]$/.exec(r.s);
    expect(Number(m?.[2])).toBe(2000 - 2 * (m?.[1]?.length ?? 0));
    expect(bytes(r.s)).toBeLessThanOrEqual(101);
  });

  it('keeps many multi-byte strings within the budget', () => {
    const text = safeStringify(Array.from({ length: 1000 }, () => 'ж'.repeat(100)), { maxBytes: 10_000, maxItems: Number.POSITIVE_INFINITY });
    expect(bytes(text)).toBeLessThanOrEqual(10_000 + MARKER_SLACK);
    expect(bytes(text)).toBeGreaterThan(9_000);
    const parsed = JSON.parse(text) as string[];
    expect(parsed[0]).toBe('ж'.repeat(100));
  });

  it('repairs lone surrogates in the kept part of a cut string and counts them as 3 bytes', () => {
    const s = 'a\uD800'.repeat(1000); // 4000 UTF-8 bytes once repaired
    const r = toJsonSafe(s, { maxStringBytes: 200 }) as string;
    const m = /^((?:a\uFFFD)*a?)…\[truncated (\d+) bytes\]$/.exec(r);
    expect(m).not.toBeNull();
    expect(Number(m?.[2]) + bytes(m?.[1] ?? '')).toBe(4000);
    expect(Buffer.from(r, 'utf8').toString('utf8')).toBe(r);
  });

  it('keeps strings within the budget when escaping expands them', () => {
    for (const unit of ['\n', '"', '\u0001', '\\']) {
      const text = safeStringify({ s: unit.repeat(300_000), t: unit.repeat(10) }, { maxBytes: 10_000 });
      expect(bytes(text)).toBeLessThanOrEqual(10_000 + MARKER_SLACK);
      const parsed = JSON.parse(text) as { s: string };
      const cut = Number(/truncated (\d+) bytes/.exec(parsed.s)?.[1]);
      expect(cut + bytes(parsed.s.replace(/…\[truncated \d+ bytes\]$/, ''))).toBe(bytes(unit) * 300_000);
    }
  });

  it('stops every open container with a marker once the budget is spent', () => {
    const v = { a: 'x'.repeat(900), b: { c: 'y'.repeat(900), d: [1, 2, 3] }, e: [1, 2, 3] };
    const text = safeStringify(v, { maxBytes: 1100 });
    expect(bytes(text)).toBeLessThanOrEqual(1100 + MARKER_SLACK);
    const r = JSON.parse(text) as Record<string, unknown>;
    expect(r.a).toBe('x'.repeat(900));
    expect(r.b).toEqual({ c: expect.stringMatching(/^y*…\[truncated \d+ bytes\]$/), '…': '…[1 more keys omitted: size limit]' });
    expect(r.e).toEqual(['…[3 more items omitted: size limit]']);
  });

  it('bounds mixed big payloads: huge strings, wide arrays and deep wide nesting', () => {
    let deepWide: unknown = 'end';
    for (let i = 0; i < 200_000; i++) deepWide = { next: deepWide, pad: 'p'.repeat(20), n: i };
    const payload = {
      strings: Array.from({ length: 50 }, (_, i) => String(i).repeat(100_000)),
      numbers: Array.from({ length: 1_000_000 }, (_, i) => i),
      deepWide,
    };
    const cases: SerializeOptions[] = [{}, { maxDepth: Number.POSITIVE_INFINITY, maxItems: Number.POSITIVE_INFINITY }, { maxBytes: 5000 }];
    for (const options of cases) {
      const text = safeStringify(payload, options);
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      expect(bytes(text)).toBeLessThanOrEqual(maxBytes + MARKER_SLACK);
      expect(() => JSON.parse(text)).not.toThrow();
      expect(bytes(JSON.stringify(toJsonSafe(payload, options)))).toBe(bytes(text));
    }
  });

  it('bounds the work on a DAG that would expand exponentially', () => {
    let dag: unknown = 'leaf';
    for (let i = 0; i < 60; i++) dag = { l: dag, r: dag };
    const text = safeStringify(dag, { maxDepth: 1000, maxBytes: 50_000 });
    expect(bytes(text)).toBeLessThanOrEqual(50_000 + MARKER_SLACK);
    expect(text).toContain('size limit');
  });

  it('bounds the output of a tiny budget', () => {
    const text = safeStringify({ a: 'hello world', b: [1, 2, 3] }, { maxBytes: 10 });
    expect(bytes(text)).toBeLessThanOrEqual(10 + MARKER_SLACK);
    expect(() => JSON.parse(text)).not.toThrow();
  });
});
