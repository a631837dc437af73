/**
 * Encodes `s` as UTF-8 into `bytes` from `at` and returns the position after it, exactly as
 * `TextEncoder` does: surrogate pairs as 4 bytes, a lone surrogate as U+FFFD (EF BF BD).
 * The caller makes room for 3 bytes per UTF-16 unit.
 *
 * For short strings only: below some 30 characters this loop beats the fixed cost of a
 * native `encodeInto` call (and the subarray view it needs); above, `encodeInto` wins.
 */
export function encodeShortUtf8(s: string, bytes: Uint8Array, at: number): number {
  const len = s.length;
  let p = at;
  // ASCII first, in a loop simple enough for the JIT to keep tight.
  let i = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    bytes[p++] = c;
  }
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes[p++] = c;
    else if (c < 0x800) {
      bytes[p++] = 0xc0 | (c >> 6);
      bytes[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes[p++] = 0xe0 | (c >> 12);
      bytes[p++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = c <= 0xdbff && i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        bytes[p++] = 0xf0 | (cp >> 18);
        bytes[p++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[p++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[p++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        bytes[p++] = 0xef;
        bytes[p++] = 0xbf;
        bytes[p++] = 0xbd;
      }
    }
  }
  return p;
}
