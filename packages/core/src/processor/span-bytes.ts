import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpanLike } from '../span-like.js';

/** Fixed cost of a span beyond its text: ids, times, status, the queue entry itself. */
const SPAN_OVERHEAD = 200;
/** Cost of a value that is not a string (number, boolean) and of each array slot. */
const SCALAR = 8;
/** Cost of a name that is not a string (a buggy instrumentation can set anything). */
const ODD_NAME = 16;

/**
 * Estimated memory of an ended span while it waits in a queue: its name, every attribute
 * key and value of every type (strings by length, arrays element by element, numbers and
 * booleans at a fixed cost), its events with their attributes and its links with theirs.
 * Never `NaN`: whatever the SDK or a buggy instrumentation put there has a finite cost.
 * It runs inside `span.end()`, so it reads lengths and never serialises.
 */
export function estimateSpanBytes(span: ReadableSpanLike): number {
  let bytes = SPAN_OVERHEAD + textBytes(span.name) + attributeBytes(span.attributes);
  const events: ReadableSpanLike['events'] = Array.isArray(span.events) ? span.events : [];
  for (const event of events) bytes += 40 + textBytes(event?.name) + attributeBytes(event?.attributes);
  const links: ReadableSpanLike['links'] = Array.isArray(span.links) ? span.links : [];
  for (const link of links) bytes += 60 + attributeBytes(link?.attributes);
  return bytes;
}

function attributeBytes(attributes: Attributes | undefined): number {
  if (attributes === null || typeof attributes !== 'object') return 0;
  let bytes = 0;
  for (const key in attributes) bytes += key.length + valueBytes(attributes[key]);
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (!Array.isArray(value)) return SCALAR;
  let bytes = 0;
  for (const item of value) bytes += SCALAR + (typeof item === 'string' ? item.length : 0);
  return bytes;
}

function textBytes(text: unknown): number {
  return typeof text === 'string' ? text.length : ODD_NAME;
}
