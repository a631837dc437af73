import { type ReadableSpanLike } from '@lamplight/core';
import { concatBytes, TimeSlicer } from '@lamplight/core/internal';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { estimateSpanBytes } from './request-chunks.js';

type SerializableSpans = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0];

/** Spans serialised in one go, by estimated size: about 1 ms of the stock serializer's work. */
export const SERIALIZE_SLICE_BYTES = 64 * 1024;

/**
 * Serialises spans into one OTLP `ExportTraceServiceRequest` with the stock OTel
 * serializer, a slice at a time, yielding to the event loop between slices.
 *
 * The stock serializer writes a whole request synchronously (about 15 ms per MB of prompt
 * text here), which would stall the app for a large batch. Protobuf defines the
 * concatenation of two encoded messages as their merge, and a request's only field is the
 * repeated `resource_spans`: so the concatenated slices are exactly the request with all
 * resource spans, which any OTLP receiver decodes as one. Each slice repeats the resource
 * and scope (a few hundred bytes that gzip folds away).
 */
export async function serializeSliced(spans: ReadableSpanLike[], sliceBytes: number = SERIALIZE_SLICE_BYTES): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const slicer = new TimeSlicer();
  let slice: ReadableSpanLike[] = [];
  let size = 0;
  const flush = (): void => {
    const encoded = ProtobufTraceSerializer.serializeRequest(slice as unknown as SerializableSpans);
    if (!encoded) throw new Error('OTLP serializer returned nothing');
    parts.push(encoded);
    slice = [];
    size = 0;
  };
  for (const span of spans) {
    const bytes = estimateSpanBytes(span);
    if (slice.length > 0 && size + bytes > sliceBytes) {
      flush();
      const pause = slicer.maybeYield();
      if (pause) await pause;
    }
    slice.push(span);
    size += bytes;
  }
  if (slice.length > 0) flush();
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
}
