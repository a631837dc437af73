import { encodeShortUtf8 } from './otlp-writer-utf8.js';

/**
 * Protobuf wire types used by the OTLP writer: varint, 64-bit, length-delimited, 32-bit.
 * A field's tag is `(field << 3) | wireType`.
 */
export const WIRE_VARINT = 0;
/** Wire type of `fixed64` and `double`. */
export const WIRE_I64 = 1;
/** Wire type of strings, bytes and embedded messages. */
export const WIRE_LEN = 2;
/** Wire type of `fixed32`. */
export const WIRE_I32 = 5;

/** 2^32, to split a number into its low and high 32-bit words. */
const TWO_32 = 0x100000000;
/**
 * Strings at most this long are encoded by a JS loop: for short keys and values (most of a
 * span's strings) that beats the fixed cost of a native `encodeInto` call and its views
 * (about 100 ns here, the cost of some 30 characters in the loop).
 */
const SHORT_STRING = 28;

/** Hex digit values of ASCII codes, as the stock `hexToBinary` maps them (non-digits as if A-F). */
const HEX_DIGITS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : (c - 55) & 0xff;
  return table;
})();

let sharedEncoder: InstanceType<typeof TextEncoder> | undefined;

/**
 * Largest buffer kept for the next request. Allocating (and zeroing) a fresh buffer per
 * request cost more than the copy out of a kept one; 1 MiB covers the usual request and
 * is a bounded amount of memory to hold for good.
 */
const SPARE_MAX_BYTES = 1024 * 1024;
/** The buffer of the last finished request, free for the next one (one writer at a time takes it). */
let spare: Uint8Array | undefined;

/** Bytes of the varint encoding of a non-negative length (lengths stay below 2^32). */
export function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/**
 * A growable byte buffer with the protobuf primitives the OTLP writer needs. Plain
 * `Uint8Array` and `TextEncoder.encodeInto`, so it runs on edge runtimes as on Node.
 *
 * Strings are encoded once, straight into the buffer (the stock writer scans each string
 * for ASCII, again for its size, then copies it char by char). A length-delimited message
 * reserves room for its length before its content is written and moves the content only
 * when the guess was wrong; callers guess from a lower bound of the size, so the guess
 * is right for almost every message and a move costs one `copyWithin`.
 */
export class ProtoBuffer {
  /** The bytes written so far are `bytes[0, pos)`. */
  bytes: Uint8Array;
  pos = 0;
  private view: DataView | undefined;
  private readonly encoder = (sharedEncoder ??= new TextEncoder());

  constructor(initialBytes = 64 * 1024) {
    const wanted = Math.max(64, initialBytes);
    if (spare !== undefined && spare.length >= wanted) {
      this.bytes = spare;
      spare = undefined;
    } else this.bytes = new Uint8Array(wanted);
  }

  /**
   * Makes room for `n` more bytes after `pos`, doubling the buffer (amortised O(1) per
   * byte). Bytes past `pos` are kept too: a string being encoded sits there until it ends.
   */
  ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes);
    this.bytes = grown;
    this.view = undefined;
  }

  /**
   * A varint, with the stock writer's conversion of any JS number: integers in [0, 2^32]
   * directly, others as 64-bit two's complement of their truncated magnitude (so NaN and
   * `undefined` counts come out as 0, as they do there).
   */
  varint(value: number): void {
    this.ensure(10);
    const b = this.bytes;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        b[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[this.pos++] = v;
      return;
    }
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = (value / TWO_32) >>> 0;
    } else {
      const abs = Math.abs(value);
      low = ~(abs >>> 0) >>> 0;
      high = ~((abs / TWO_32) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      b[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    b[this.pos++] = low & 0x7f;
  }

  /** A field tag; every OTLP field number is below 16 but the span's `flags` (16). */
  tag(field: number, wireType: number): void {
    const t = (field << 3) | wireType;
    if (t < 0x80) {
      if (this.pos >= this.bytes.length) this.ensure(1);
      this.bytes[this.pos++] = t;
    } else this.varint(t);
  }

  /** A little-endian 32-bit word. */
  fixed32(value: number): void {
    this.ensure(4);
    const b = this.bytes;
    const v = value >>> 0;
    b[this.pos++] = v & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = v >>> 24;
  }

  /** A little-endian 64-bit word given as its two 32-bit halves. */
  fixed64(low: number, high: number): void {
    this.fixed32(low);
    this.fixed32(high);
  }

  /** An IEEE 754 double, little-endian (NaN, ±Infinity and -0 keep their bits). */
  double(value: number): void {
    this.ensure(8);
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** Bytes as they are (an already encoded field). */
  raw(value: Uint8Array): void {
    const n = value.length;
    this.ensure(n);
    const b = this.bytes;
    // A loop beats `set` for the few dozen bytes of a key.
    if (n <= 64) for (let i = 0; i < n; i++) b[this.pos + i] = value[i] as number;
    else b.set(value, this.pos);
    this.pos += n;
  }

  /** Length-prefixed raw bytes. */
  rawBytes(value: Uint8Array): void {
    this.varint(value.length);
    this.ensure(value.length);
    this.bytes.set(value, this.pos);
    this.pos += value.length;
  }

  /**
   * Length-prefixed bytes of a hex id, decoded in place exactly as the stock `hexToBinary`
   * does (one byte per pair of characters, any character mapped the same way).
   */
  hexBytes(hex: string): void {
    const n = Math.floor(hex.length / 2);
    this.varint(n);
    this.ensure(n);
    const b = this.bytes;
    for (let i = 0; i < n; i++) {
      const hi = hex.charCodeAt(2 * i);
      const lo = hex.charCodeAt(2 * i + 1);
      b[this.pos++] = ((hi < 128 ? (HEX_DIGITS[hi] as number) : hi - 55) << 4) | (lo < 128 ? (HEX_DIGITS[lo] as number) : lo - 55);
    }
  }

  /**
   * A length-prefixed string as UTF-8, lone surrogates as U+FFFD (what `TextEncoder`, and so
   * the stock writer, does). One pass: `encodeInto` the buffer after room for the smallest
   * possible length prefix (UTF-8 never has fewer bytes than UTF-16 units), moved only when
   * the non-ASCII bytes push the length into a longer prefix. Room is made for one byte per
   * unit first, and for the rest only if the text did not fit, so a large ASCII prompt never
   * makes the buffer grow to three times its size.
   */
  string(s: string): void {
    const len = s.length;
    if (len <= SHORT_STRING) {
      // At most 84 bytes: the length always fits its one byte.
      this.ensure(1 + 3 * len);
      const end = encodeShortUtf8(s, this.bytes, this.pos + 1);
      this.bytes[this.pos] = end - this.pos - 1;
      this.pos = end;
      return;
    }
    const reserved = varintSize(len);
    this.ensure(reserved + len);
    const start = this.pos + reserved;
    const first = this.encoder.encodeInto(s, this.bytes.subarray(start));
    let written = first.written;
    if (first.read < len) {
      // `encodeInto` stops before a code point that does not fit, so the rest starts on one.
      const rest = len - first.read;
      this.ensure(reserved + written + 3 * rest);
      written += this.encoder.encodeInto(s.slice(first.read), this.bytes.subarray(start + written)).written;
    }
    const size = varintSize(written);
    if (size !== reserved) this.bytes.copyWithin(this.pos + size, start, start + written);
    this.writeLength(this.pos, written);
    this.pos += size + written;
  }

  /**
   * Opens a length-delimited message: reserves `reserve` bytes for its length (a guess,
   * from a lower bound of its size) and returns where the message starts, for `end`.
   */
  begin(reserve = 1): number {
    this.ensure(reserve);
    const start = this.pos;
    this.pos += reserve;
    return start;
  }

  /** Closes the message opened at `start` with `reserve` bytes, moving its content if the length needs another size. */
  end(start: number, reserve = 1): void {
    const length = this.pos - start - reserve;
    if (reserve === 1 && length < 0x80) {
      this.bytes[start] = length;
      return;
    }
    const size = varintSize(length);
    if (size !== reserve) {
      if (size > reserve) this.ensure(size - reserve);
      this.bytes.copyWithin(start + size, start + reserve, this.pos);
      this.pos += size - reserve;
    }
    this.writeLength(start, length);
  }

  /**
   * The bytes written. A buffer small enough to keep goes back for the next request, so the
   * caller gets a copy; a larger one is handed over as is unless over an eighth of it is
   * spare room (which would stay allocated as long as the caller holds the request). The
   * writer is done after this.
   */
  finish(): Uint8Array {
    const bytes = this.bytes;
    let out: Uint8Array;
    if (bytes.length <= SPARE_MAX_BYTES) {
      out = bytes.slice(0, this.pos);
      if (spare === undefined || spare.length < bytes.length) spare = bytes;
    } else out = bytes.length - this.pos <= this.pos / 8 ? bytes.subarray(0, this.pos) : bytes.slice(0, this.pos);
    this.bytes = new Uint8Array(0);
    this.pos = 0;
    this.view = undefined;
    return out;
  }

  /** A varint length at `at`, whose room is already reserved. */
  private writeLength(at: number, length: number): void {
    const b = this.bytes;
    let v = length >>> 0;
    while (v > 0x7f) {
      b[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[at] = v;
  }
}
