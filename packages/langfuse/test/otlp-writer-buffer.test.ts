import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtoBuffer } from '../src/otlp-writer-buffer.js';
import { encodeShortUtf8 } from '../src/otlp-writer-utf8.js';
import { longText, text } from './otlp-span-arbitraries.js';

/** The protobuf encoding of a string field body: varint length, then TextEncoder's bytes. */
function expected(s: string): Uint8Array {
  const utf8 = new TextEncoder().encode(s);
  const prefix: number[] = [];
  let n = utf8.length;
  while (n > 0x7f) {
    prefix.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  prefix.push(n);
  return Uint8Array.from([...prefix, ...utf8]);
}

/** A writer on a buffer of its own, 64 bytes, so every string longer than that makes it grow. */
function smallWriter(): ProtoBuffer {
  // The first writer may take the buffer a finished request left for reuse; the second cannot.
  new ProtoBuffer(64);
  return new ProtoBuffer(64);
}

describe('ProtoBuffer strings', () => {
  it('writes exactly what TextEncoder gives, with its varint length, for any text, short or long', () => {
    fc.assert(
      fc.property(fc.oneof(text, longText, fc.constantFrom('中'.repeat(100_000), 'é'.repeat(8192), '\uD800'.repeat(43), `${'x'.repeat(127)}é`, 'x'.repeat(16_383) + '😀')), (s) => {
        const w = smallWriter();
        w.varint(7);
        w.string(s);
        expect(Buffer.from(w.bytes.subarray(1, w.pos)).equals(Buffer.from(expected(s)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes short text by hand exactly as TextEncoder does, lone surrogates included', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = new Uint8Array(3 * s.length + 4);
        const end = encodeShortUtf8(s, out, 2);
        expect(Buffer.from(out.subarray(2, end)).equals(Buffer.from(new TextEncoder().encode(s)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps nested lengths right when a message grows past a length band while the buffer grows', () => {
    const w = smallWriter();
    const outer = w.begin();
    const inner = w.begin(2);
    w.string('a'.repeat(300));
    w.end(inner, 2);
    w.end(outer);
    const body = Uint8Array.from([...varint(302), ...varint(300), ...new TextEncoder().encode('a'.repeat(300))]);
    expect(Array.from(w.bytes.subarray(0, w.pos))).toEqual([...varint(body.length), ...body]);
    // A reserve larger than needed moves the content back.
    const v = smallWriter();
    const big = v.begin(3);
    v.string('b');
    v.end(big, 3);
    expect(Array.from(v.finish())).toEqual([2, 1, 98]);
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
