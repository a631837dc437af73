import { describe, expect, it } from 'vitest';
import { safeStringify } from '../src/serialize/safe-stringify.js';
import { toJsonSafe } from '../src/serialize/to-json-safe.js';

/** A small deterministic PRNG so the generated cases are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = ['a', 'Z', ' ', '"', '\\', '\n', '\t', '\u0000', 'é', '€', '😀', '\u2028', '/', '<'];

function randomJson(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  switch (kind) {
    case 0:
      return Math.floor(next() * 3) === 0 ? null : next() < 0.5;
    case 1:
      return next() < 0.5 ? Math.floor(next() * 1e6) - 5e5 : next() * 1e10;
    case 2:
    case 3: {
      let s = '';
      const n = Math.floor(next() * 80);
      for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
      return s;
    }
    case 4:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomJson(next, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(next() * 5);
      for (let i = 0; i < n; i++) o[String(randomJson(next, 99))] = randomJson(next, depth + 1);
      return o;
    }
  }
}

describe('safeStringify', () => {
  it('JSON-encodes a string input', () => {
    expect(safeStringify('hi')).toBe('"hi"');
    expect(safeStringify('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it('renders scalars and odd roots as valid JSON', () => {
    expect(safeStringify(42)).toBe('42');
    expect(safeStringify(null)).toBe('null');
    expect(safeStringify(true)).toBe('true');
    expect(safeStringify(Number.NaN)).toBe('"NaN"');
    expect(safeStringify(10n)).toBe('"10n"');
    expect(safeStringify(Symbol('s'))).toBe('"Symbol(s)"');
    expect(safeStringify(function f() {})).toBe('"[Function f]"');
    expect(safeStringify([])).toBe('[]');
    expect(safeStringify({})).toBe('{}');
  });

  it('equals JSON.stringify on plain JSON data', () => {
    const next = rng(42);
    for (let i = 0; i < 500; i++) {
      const v = randomJson(next, 0);
      expect(safeStringify(v)).toBe(JSON.stringify(v));
    }
  });

  it('equals JSON.stringify for a chat messages array', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `Message ${i}: ${'lorem ipsum "dolor" — sit amet\n'.repeat(150)}`,
    }));
    expect(safeStringify(messages)).toBe(JSON.stringify(messages));
  });

  it('is the JSON text of toJsonSafe for any input', () => {
    const cyclic: Record<string, unknown> = { m: new Map([[1, 2]]), s: new Set(['a']), e: new Error('x'), big: 'q'.repeat(5000) };
    cyclic.self = cyclic;
    const inputs: unknown[] = [cyclic, [undefined, () => 1, Symbol('x'), 1n, Number.NaN, -0], 'a\uD800', { d: new Date(0) }];
    for (const v of inputs) {
      for (const options of [{}, { maxBytes: 300 }, { maxItems: 1, maxDepth: 1 }, { maxStringBytes: 50 }]) {
        expect(safeStringify(v, options)).toBe(JSON.stringify(toJsonSafe(v, options)));
      }
    }
  });

  it('produces valid UTF-8 JSON for any generated input under any budget', () => {
    const next = rng(7);
    for (let i = 0; i < 300; i++) {
      const v = randomJson(next, 0);
      const maxBytes = Math.floor(next() * 400);
      const text = safeStringify(v, { maxBytes });
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
      expect(() => JSON.parse(text)).not.toThrow();
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes + 512);
    }
  });
});
