import type { ReadableSpanLike } from '@lamplight/core';
import { ProtoBuffer, varintSize, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './otlp-writer-buffer.js';
import { writeAttributes, type AttributeMap } from './otlp-writer-values.js';

// Span flags of the OTLP spec, set as the stock serializer sets them: the low byte is the
// W3C trace flags, and the "has is-remote" bit is always set, with "is remote" from the
// parent's (for a span) or the linked context's (for a link) `isRemote`.
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/** A span's or link's `flags` field, bit for bit what the stock serializer writes. */
function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}

type HrTime = readonly [number, number];
// The SDK's TimedEvent carries a dropped count that the span-like type leaves out.
type SpanEvent = ReadableSpanLike['events'][number] & { droppedAttributesCount?: number };
type SpanLink = ReadableSpanLike['links'][number];

/**
 * HrTime [seconds, nanoseconds] as fixed64 nanoseconds, split into 32-bit words so no
 * product leaves the exact range of a double (the stock `writeHrTimeAsFixed64`, step for step).
 */
export function writeHrTime(w: ProtoBuffer, time: HrTime): void {
  const seconds = time[0];
  const nanos = time[1];
  const lowSecondsNanos = (seconds & 0xffff) * 1e9;
  const highSecondsNanos = ((seconds / 0x10000) >>> 0) * 1e9;
  // Same operations in the same order as stock, so even a fractional `nanos` rounds alike.
  const low = (lowSecondsNanos >>> 0) + (((highSecondsNanos & 0xffff) * 0x10000) >>> 0) + nanos;
  const high = Math.floor(lowSecondsNanos / 0x100000000) + ((highSecondsNanos / 0x10000) >>> 0) + Math.floor(low / 0x100000000);
  w.fixed64(low >>> 0, high >>> 0);
}

/**
 * A cheap lower bound of a well-formed span's encoded size (its ids, times and the UTF-16
 * length of its name and string attributes), walked before the span is written: the span
 * and its enclosing messages reserve their length prefixes from it, so nothing is moved
 * for ASCII content of any size. Only a guess for correctness: a wrong one costs a move.
 */
export function spanSizeLowerBound(span: ReadableSpanLike): number {
  // trace_id 18 + span_id 10 + name tag and prefix 2 + times 18 + dropped counts 6 + status 4 + flags 6
  let bytes = 64 + span.name.length;
  const attributes = span.attributes as AttributeMap;
  for (const key in attributes) {
    const value = attributes[key];
    // KeyValue tag and prefix 2, key tag and prefix 2, value tag and prefix 2, AnyValue tag and prefix 2
    bytes += key.length + (typeof value === 'string' ? 8 + value.length : 6);
  }
  return bytes;
}

/** One `Span` message under tag `field` (ScopeSpans.spans), fields in the stock order and with its omissions. */
export function writeSpan(w: ProtoBuffer, field: number, span: ReadableSpanLike, sizeLowerBound: number): void {
  w.tag(field, WIRE_LEN);
  const reserve = varintSize(sizeLowerBound);
  const start = w.begin(reserve);
  const ctx = span.spanContext();
  w.tag(1, WIRE_LEN);
  w.hexBytes(ctx.traceId);
  w.tag(2, WIRE_LEN);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, WIRE_LEN);
    w.string(traceState);
  }
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, WIRE_LEN);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, WIRE_LEN);
  w.string(span.name);
  // The API's kinds start at INTERNAL = 0; OTLP's at UNSPECIFIED = 0, hence + 1.
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    w.tag(6, WIRE_VARINT);
    w.varint(kind);
  }
  w.tag(7, WIRE_I64);
  writeHrTime(w, span.startTime);
  w.tag(8, WIRE_I64);
  writeHrTime(w, span.endTime);
  if (span.attributes) writeAttributes(w, span.attributes as AttributeMap, 9);
  w.tag(10, WIRE_VARINT);
  w.varint(span.droppedAttributesCount);
  for (const event of span.events) writeEvent(w, event);
  w.tag(12, WIRE_VARINT);
  w.varint(span.droppedEventsCount);
  for (const link of span.links) writeLink(w, link);
  w.tag(14, WIRE_VARINT);
  w.varint(span.droppedLinksCount);
  writeStatus(w, span.status);
  w.tag(16, WIRE_I32);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(start, reserve);
}

/** Span.Event (span field 11): time 1, name 2, attributes 3, dropped_attributes_count 4. */
function writeEvent(w: ProtoBuffer, event: SpanEvent): void {
  w.tag(11, WIRE_LEN);
  const start = w.begin();
  w.tag(1, WIRE_I64);
  writeHrTime(w, event.time);
  w.tag(2, WIRE_LEN);
  w.string(event.name);
  if (event.attributes) writeAttributes(w, event.attributes as AttributeMap, 3);
  w.tag(4, WIRE_VARINT);
  w.varint(event.droppedAttributesCount || 0);
  w.end(start);
}

/** Span.Link (span field 13): trace_id 1, span_id 2, trace_state 3, attributes 4, dropped 5, flags 6. */
function writeLink(w: ProtoBuffer, link: SpanLink): void {
  w.tag(13, WIRE_LEN);
  const start = w.begin();
  const context = link.context;
  w.tag(1, WIRE_LEN);
  w.hexBytes(context.traceId);
  w.tag(2, WIRE_LEN);
  w.hexBytes(context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) {
    w.tag(3, WIRE_LEN);
    w.string(traceState);
  }
  if (link.attributes) writeAttributes(w, link.attributes as AttributeMap, 4);
  w.tag(5, WIRE_VARINT);
  w.varint(link.droppedAttributesCount || 0);
  w.tag(6, WIRE_I32);
  w.fixed32(spanFlags(context.traceFlags, context.isRemote));
  w.end(start);
}

/** Status (span field 15): message 2 when not empty, code 3 always (as stock). */
function writeStatus(w: ProtoBuffer, status: ReadableSpanLike['status']): void {
  w.tag(15, WIRE_LEN);
  const start = w.begin();
  if (status.message) {
    w.tag(2, WIRE_LEN);
    w.string(status.message);
  }
  w.tag(3, WIRE_VARINT);
  w.varint(status.code);
  w.end(start);
}

/** InstrumentationScope under tag `field`: name always, version when set, attributes, dropped count when not 0. */
export function writeScope(w: ProtoBuffer, field: number, scope: ReadableSpanLike['instrumentationScope']): void {
  const s = scope as typeof scope & { attributes?: AttributeMap; droppedAttributesCount?: number };
  w.tag(field, WIRE_LEN);
  const start = w.begin();
  w.tag(1, WIRE_LEN);
  w.string(s.name);
  if (s.version) {
    w.tag(2, WIRE_LEN);
    w.string(s.version);
  }
  if (s.attributes) writeAttributes(w, s.attributes, 3);
  if (s.droppedAttributesCount) {
    w.tag(4, WIRE_VARINT);
    w.varint(s.droppedAttributesCount);
  }
  w.end(start);
}

/** Resource under tag `field`: attributes, then dropped_attributes_count 0 (the stock writer tracks none). */
export function writeResource(w: ProtoBuffer, field: number, resource: ReadableSpanLike['resource']): void {
  w.tag(field, WIRE_LEN);
  const start = w.begin();
  if (resource.attributes) writeAttributes(w, resource.attributes as AttributeMap, 1);
  w.tag(2, WIRE_VARINT);
  w.varint(0);
  w.end(start);
}
