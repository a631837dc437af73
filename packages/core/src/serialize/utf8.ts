interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const nativeWellFormed = typeof (String.prototype as Partial<WellFormed>).toWellFormed === 'function';
const nodeBuffer: { byteLength(s: string, encoding: 'utf8'): number } | undefined =
  typeof Buffer === 'function' ? Buffer : undefined;
let encoder: InstanceType<typeof TextEncoder> | undefined;

/** Whether `s` has no lone UTF-16 surrogate (checked natively when available). */
export function isWellFormed(s: string): boolean {
  if (nativeWellFormed) return (s as unknown as WellFormed).isWellFormed();
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(s);
}

/**
 * Replaces lone UTF-16 surrogates with U+FFFD, so the string encodes to valid UTF-8.
 * Returns `s` itself when it is already well-formed (the common case, checked natively).
 */
export function toWellFormed(s: string): string {
  if (nativeWellFormed) {
    const w = s as unknown as WellFormed;
    return w.isWellFormed() ? s : w.toWellFormed();
  }
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

function countUtf8(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * UTF-8 byte length of `s` (a lone surrogate counts 3 bytes, as its U+FFFD replacement).
 * Short strings are counted in JS; long ones natively.
 */
export function utf8ByteLength(s: string): number {
  if (s.length < 64 || nodeBuffer === undefined) return countUtf8(s);
  return nodeBuffer.byteLength(s, 'utf8');
}

/**
 * The longest prefix of `s` that encodes to at most `maxBytes` UTF-8 bytes, never ending
 * inside a surrogate pair or a code point. Costs O(maxBytes), not O(s.length).
 */
export function utf8Prefix(s: string, maxBytes: number): { text: string; bytes: number } {
  if (!(maxBytes > 0)) return { text: '', bytes: 0 };
  let head = s;
  // Every UTF-16 unit takes at least one byte, so `maxBytes` units are always enough.
  if (s.length > maxBytes) {
    let end = Math.floor(maxBytes);
    const last = s.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--; // do not cut a pair in two
    head = s.slice(0, end);
  }
  encoder ??= new TextEncoder();
  const room = Math.min(Math.floor(maxBytes), head.length * 3);
  const { read, written } = encoder.encodeInto(head, new Uint8Array(room));
  return { text: read === head.length ? head : head.slice(0, read), bytes: written };
}
