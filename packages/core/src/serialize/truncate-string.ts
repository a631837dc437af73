import { truncatedMarker } from './markers.js';
import { utf8ByteLength, utf8Prefix } from './utf8.js';

/** What `truncateString` returns. */
export interface TruncatedString {
  /** The kept prefix plus the `…[truncated N bytes]` marker, or the input when it fits. */
  value: string;
  /** UTF-8 bytes of the input that were dropped (0 when nothing was cut). */
  cutBytes: number;
}

/**
 * Cuts `s` to a prefix that, with the marker appended, takes at most `totalBytes` UTF-8
 * bytes. `totalBytes` must be the UTF-8 length of `s` (callers often know it already).
 * @internal
 */
export function cutString(s: string, totalBytes: number, maxBytes: number): TruncatedString {
  // Reserve room for the longest marker this cut can need (cutting everything).
  const reserve = utf8ByteLength(truncatedMarker(totalBytes));
  const kept = utf8Prefix(s, maxBytes - reserve);
  const cutBytes = totalBytes - kept.bytes;
  return { value: kept.text + truncatedMarker(cutBytes), cutBytes };
}

/**
 * Cuts a string to a UTF-8 byte budget. The result — kept prefix plus a visible marker
 * such as `…[truncated 12345 bytes]` — takes at most `maxBytes` bytes (or is the bare
 * marker when `maxBytes` is smaller than the marker). The cut never splits a code point
 * or a surrogate pair; `cutBytes` is exactly the number of input bytes dropped.
 * A lone surrogate counts as the 3 bytes of its U+FFFD replacement. Never throws;
 * a negative or `NaN` budget counts as 0.
 *
 * @example truncateString('héllo wörld', 8) // { value: '…[truncated 13 bytes]', cutBytes: 13 } (the marker alone is longer than 8)
 */
export function truncateString(s: string, maxBytes: number): TruncatedString {
  const limit = maxBytes >= 0 ? Math.floor(maxBytes) : 0;
  if (s.length * 3 <= limit) return { value: s, cutBytes: 0 };
  const total = utf8ByteLength(s);
  if (total <= limit) return { value: s, cutBytes: 0 };
  return cutString(s, total, limit);
}
