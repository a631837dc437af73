import type { ExportItem, Observation } from '@lamplight/core';
import { addDrop, LANGFUSE_INGESTION_MAX_BATCH_BYTES, utf8Encode, type LangfuseIngestionTypeMode } from '@lamplight/core/internal';
import type { AcceptedItems, DeliveryCodec } from '@lamplight/transport';
import { ingestionBody, packIngestionChunks, splitIngestionChunk, type IngestionChunk } from './ingestion-batches.js';
import { describeEventError, ingestionErrors } from './ingestion-response.js';

/**
 * Langfuse's legacy batch ingestion API as a codec: JSON `{ batch: [...] }` of
 * `trace-create` + observation events (core renders them), batches below the byte budget
 * by exact JSON bytes, a lone event above Langfuse's 3.5 MB limit `too-large` unsent. Its
 * 2xx is 207 with per-event errors: exactly those events' spans are refused
 * (`rejected-4xx`, `export-failed` for a per-event 5xx), the others delivered.
 */
export function langfuseIngestionCodec(settings: { maxRequestBytes: number; typeMode: LangfuseIngestionTypeMode }): DeliveryCodec<IngestionChunk> {
  /** The `trace-create` event ids of each body as sent (a retry resends the same body). */
  const traceEventsOf = new WeakMap<IngestionChunk, Map<string, string>>();
  return {
    pack(items, onRenderError) {
      const itemOf = new Map<Observation, ExportItem>(items.map((item) => [item.observation, item]));
      const observations = items.map((item) => item.observation);
      return packIngestionChunks(observations, settings.maxRequestBytes, { typeMode: settings.typeMode }, (obs, error) =>
        onRenderError(itemOf.get(obs) as ExportItem, error),
      );
    },
    itemCount: (chunk) => chunk.eventCount,
    encode(chunk) {
      const { json, traceEvents } = ingestionBody(chunk);
      traceEventsOf.set(chunk, traceEvents);
      return utf8Encode(json);
    },
    split: (chunk) => (chunk.eventCount > 1 ? splitIngestionChunk(chunk) : undefined),
    oversize: (chunk) =>
      chunk.bytes > LANGFUSE_INGESTION_MAX_BATCH_BYTES
        ? `a single span's events are ${chunk.bytes} bytes, above Langfuse's ${LANGFUSE_INGESTION_MAX_BATCH_BYTES}-byte batch limit`
        : undefined,
    accepted: (chunk, body) => acceptedEvents(chunk, body, traceEventsOf.get(chunk) ?? new Map<string, string>()),
  };
}

/** A 2xx (Langfuse answers 207): the events named in `errors` failed, the others were taken. */
function acceptedEvents(chunk: IngestionChunk, body: string, traceEvents: Map<string, string>): AcceptedItems {
  const errors = ingestionErrors(body);
  if (errors === undefined) {
    return { delivered: chunk.eventCount, unreadable: `answered 2xx without an "errors" list; counting all ${chunk.eventCount} spans as exported` };
  }
  const events = new Map(chunk.entries.flatMap((entry) => entry.events.map((event) => [event.eventId, event] as const)));
  const dropped: AcceptedItems['dropped'] = {};
  const rejections: string[] = [];
  const failed = new Set<string>();
  for (const error of errors) {
    const reason = describeEventError(error);
    const event = events.get(error.id);
    const traceId = traceEvents.get(error.id);
    if (event && !failed.has(error.id)) {
      failed.add(error.id);
      addDrop({ exported: 0, dropped }, error.status >= 500 ? 'export-failed' : 'rejected-4xx', 1);
      rejections.push(`${event.type} "${String(event.observation.name)}" (span ${event.observation.spanId}): ${reason}`);
    } else if (traceId !== undefined) {
      // The spans themselves were taken; only the trace's attributes (name, user, …) are lost. Said, not counted.
      rejections.push(`trace-create (trace ${traceId}): ${reason}`);
    }
  }
  return { delivered: chunk.eventCount - failed.size, dropped, rejections };
}
