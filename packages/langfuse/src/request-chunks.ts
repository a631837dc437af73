import type { ReadableSpanLike } from '@lamplight/core';
import { utf8ByteLength } from '@lamplight/core/internal';

/** Fixed per-span overhead of the OTLP encoding beyond attribute text (ids, times, keys). */
const SPAN_OVERHEAD_BYTES = 120;

/** Strings shorter than this count at 3 bytes a unit (UTF-8's most): no per-character pass for labels. */
const SHORT = 64;

/** Approximate encoded size of a span: attribute keys and values plus a fixed overhead; never below it. */
export function estimateSpanBytes(span: ReadableSpanLike): number {
  let bytes = SPAN_OVERHEAD_BYTES + span.name.length;
  for (const key in span.attributes) {
    const v = span.attributes[key];
    bytes += key.length + 4;
    if (typeof v === 'string') bytes += textBytes(v);
    else if (Array.isArray(v)) for (const x of v) bytes += typeof x === 'string' ? textBytes(x) + 2 : 9;
    else bytes += 9;
  }
  for (const event of span.events) bytes += 40 + event.name.length;
  return bytes;
}

/** UTF-8 bytes of a long string (one native pass), an upper bound for a short one. */
function textBytes(s: string): number {
  return s.length < SHORT ? s.length * 3 : utf8ByteLength(s);
}
