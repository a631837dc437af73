import { describe, expect, it } from 'vitest';
import { binaryRetentionStats, enableBinaryRetention, retainBinaryParts, safeStringify, takeBinaryParts, toJsonSafe, type BinaryPart } from '../src/internal.js';

const uri = (payloadChars: number): string => `data:image/png;base64,${'A'.repeat(payloadChars)}`;

describe('binary parts: what the serializer replaced, kept by reference', () => {
  it('a data URI above the budget is recorded with exactly the placeholder rendered and the very same string', () => {
    const big = uri(400_000);
    const small = uri(40);
    const parts: BinaryPart[] = [];
    const text = safeStringify([{ uri: big }, { uri: small }, { uri: big }], { maxBytes: 100_000, binaryParts: parts });
    const rendered = JSON.parse(text) as Array<{ uri: string }>;
    expect(parts).toHaveLength(2);
    expect(parts[0]!.placeholder).toBe('<data:image/png;base64, 300000 bytes>');
    expect(rendered[0]!.uri).toBe(parts[0]!.placeholder);
    expect(rendered[1]!.uri).toBe(small); // kept inline: nothing to record
    expect(parts[0]!.source).toBe(big); // the app's string, not a copy
    expect(parts[0]!.bytes).toBe(300_000);
  });

  it('Buffer, TypedArray and ArrayBuffer values are recorded as the same objects', () => {
    const buffer = Buffer.from([1, 2, 3]);
    const view = new Uint8Array(new ArrayBuffer(16), 4, 8);
    const raw = new ArrayBuffer(5);
    const parts: BinaryPart[] = [];
    expect(toJsonSafe({ a: buffer, b: [view, raw] }, { binaryParts: parts })).toEqual({ a: '<binary 3 bytes>', b: ['<binary 8 bytes>', '<binary 5 bytes>'] });
    expect(parts.map((p) => p.source)).toEqual([buffer, view, raw]);
    expect(parts.map((p) => p.source === buffer || p.source === view || p.source === raw)).toEqual([true, true, true]);
    expect(parts.map((p) => p.placeholder)).toEqual(['<binary 3 bytes>', '<binary 8 bytes>', '<binary 5 bytes>']);
  });

  it('without a collector the rendering is unchanged', () => {
    const value = { a: uri(400_000), b: new Uint8Array(3) };
    expect(safeStringify(value, { maxBytes: 100_000 })).toBe(safeStringify(value, { maxBytes: 100_000, binaryParts: [] }));
  });
});

describe('binary parts: retention beside a span', () => {
  const part = (bytes: number): BinaryPart => ({ placeholder: `<binary ${bytes} bytes>`, source: new Uint8Array(0), bytes });

  it('keeps nothing while no destination asked for media', () => {
    const span = {};
    retainBinaryParts(span, [part(10)]);
    expect(takeBinaryParts(span)).toEqual([]);
  });

  it('keeps parts within the budget, counts what does not fit, and releases the bytes when taken', () => {
    const release = enableBinaryRetention(1_000);
    try {
      const before = binaryRetentionStats();
      const span = {};
      const fits = part(600);
      retainBinaryParts(span, [fits, part(600)]);
      expect(binaryRetentionStats().heldBytes - before.heldBytes).toBe(600);
      expect(binaryRetentionStats().overBudget - before.overBudget).toBe(1);
      expect(takeBinaryParts(span)).toEqual([fits]);
      expect(takeBinaryParts(span)).toEqual([]);
      expect(binaryRetentionStats().heldBytes).toBe(before.heldBytes);
    } finally {
      release();
    }
  });
});
