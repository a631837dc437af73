import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveSerializeOptions } from '../src/serialize/options.js';
import { plainJson } from '../src/serialize/plain-json.js';
import { safeStringify, walkStringify } from '../src/serialize/safe-stringify.js';

const BUDGET = 1_048_576;

const fastPath = (value: unknown, maxBytes = BUDGET, maxStringBytes?: number): string | undefined =>
  plainJson(value, resolveSerializeOptions({ maxBytes, ...(maxStringBytes === undefined ? {} : { maxStringBytes }) }));

/** The fast path either declines or returns exactly what the walker renders. */
function expectSameAsWalker(value: unknown, maxBytes = BUDGET, maxStringBytes?: number): string | undefined {
  const fast = fastPath(value, maxBytes, maxStringBytes);
  if (fast !== undefined) expect(fast).toBe(walkStringify(value, resolveSerializeOptions({ maxBytes, ...(maxStringBytes === undefined ? {} : { maxStringBytes }) })));
  return fast;
}

describe('plainJson (safeStringify fast path)', () => {
  it('renders plain message data exactly as safeStringify does', () => {
    const messages = [
      { role: 'system', parts: [{ type: 'text', content: 'You are a benchmark.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Ünïcödé "quoted" \\ back\nslash \u2028 😀 \u0000' }], name: undefined },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: { a: [1, -0, 2.5e-7, null, true, undefined], b: {} } }] },
    ];
    expect(expectSameAsWalker(messages)).toBeDefined();
    expect(expectSameAsWalker(Object.assign(Object.create(null) as object, { k: 'v' }))).toBeDefined();
    expect(expectSameAsWalker('a root string')).toBe('"a root string"');
  });

  it('declines every value the walker renders differently', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 25; i++) deep = [deep];
    const declined: unknown[] = [
      undefined,
      [NaN],
      { n: Infinity },
      { f: () => 1 },
      { s: Symbol('x') },
      { b: 1n },
      { d: new Date(0) },
      { buf: Buffer.from('hi') },
      { m: new Map([[1, 2]]) },
      { t: { toJSON: () => 'x' } },
      new (class Thing {
        x = 1;
      })(),
      cyclic,
      deep,
      Array.from({ length: 1001 }, () => 0),
      Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])),
      { lone: 'a\ud800b' },
      ['x'.repeat(400_000)],
      { image: `data:image/png;base64,${'A'.repeat(BUDGET)}` },
    ];
    for (const value of declined) expect(fastPath(value), String(value)).toBeUndefined();
    // A small budget declines what would be cut, and so does a small per-string budget.
    expect(fastPath(['x'.repeat(100)], 4096 + 200)).toBeUndefined();
    expect(fastPath(['x'.repeat(100)], BUDGET, 200)).toBeUndefined();
    // A getter that throws falls back instead of throwing.
    expect(fastPath({ get bad(): never { throw new Error('boom'); } })).toBeUndefined();
  });

  it('takes values right at the walker limits', () => {
    let deepest: unknown = 'leaf';
    for (let i = 0; i < 20; i++) deepest = [deepest]; // containers at depths 0…19
    const widest = Array.from({ length: 1000 }, (_, i) => i);
    const keyed = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    for (const value of [deepest, widest, keyed]) expect(expectSameAsWalker(value)).toBeDefined();
  });

  it('agrees with safeStringify on random JSON-like values and budgets', () => {
    const leaf = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string(),
      fc.constantFrom('\ud800', 'a\udc00b', '\\ud83d is text', 'data:image/png;base64,AAAA', '__proto__'),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 6 }),
      object: fc.dictionary(fc.string({ unit: 'binary' }), tie('node'), { maxKeys: 6 }),
    })).node;
    let taken = 0;
    fc.assert(
      fc.property(value, fc.integer({ min: 4097, max: 20_000 }), fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }), (v, maxBytes, maxStringBytes) => {
        if (expectSameAsWalker(v, maxBytes, maxStringBytes) !== undefined) taken++;
      }),
      { numRuns: 2000 },
    );
    // The property is only worth something if the fast path was actually taken.
    expect(taken).toBeGreaterThan(500);
  });

  it('is what safeStringify returns, for plain data and for values the walker renders', () => {
    const plain = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }];
    expect(safeStringify(plain, { maxBytes: BUDGET })).toBe(JSON.stringify(plain));
    const special = [{ when: new Date(0), n: NaN }];
    expect(safeStringify(special, { maxBytes: BUDGET })).toBe(walkStringify(special, resolveSerializeOptions({ maxBytes: BUDGET })));
  });
});
