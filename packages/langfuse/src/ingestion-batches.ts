import { type Observation } from '@lamplight/core';
import { groupByTrace, langfuseTraceBody, randomUuid, toLangfuseIngestionEvent, utf8ByteLength, type LangfuseIngestionRenderOptions } from '@lamplight/core/internal';

/**
 * Ingestion batches are assembled from JSON text pieces: each observation event is
 * serialised once, its size is known exactly while the batch fills up, and a 413 split
 * re-joins the same pieces. Every batch carries a `trace-create` for each trace it has
 * observations of, so a batch never depends on another one having arrived first.
 */

/** One rendered observation event. */
export interface EventPart {
  /** The envelope id: what a 207 answer names. */
  readonly eventId: string;
  /** The event type, for diagnostics. */
  readonly type: string;
  /** The observation it renders: named in a diagnostic when Langfuse refuses the event. */
  readonly observation: Observation;
  readonly json: string;
  readonly bytes: number;
}

/** The observation events of one trace in one batch, under that trace's `trace-create` body. */
export interface TraceEntry {
  readonly traceId: string;
  /** JSON text of the `trace-create` body (the envelope, with a fresh id, is added per request). */
  readonly traceBody: string;
  readonly traceBytes: number;
  readonly events: EventPart[];
}

/** The contents of one request. */
export interface IngestionChunk {
  readonly entries: TraceEntry[];
  /** Observation events (= spans) in the chunk. */
  eventCount: number;
  /** Exact UTF-8 size of the JSON body. */
  bytes: number;
}

const BODY_OPEN = '{"batch":[';
const BODY_CLOSE = ']}';
/** Length of a `trace-create` envelope around its body: a UUID id (36) and an ISO timestamp (24) are fixed-size. */
const TRACE_ENVELOPE_BYTES = traceEnvelope('00000000-0000-4000-8000-000000000000', '2000-01-01T00:00:00.000Z', '').length;

function traceEnvelope(id: string, timestamp: string, body: string): string {
  return `{"id":${JSON.stringify(id)},"type":"trace-create","timestamp":${JSON.stringify(timestamp)},"body":${body}}`;
}

/** A chunk being filled; tracks the exact body size as pieces are added. */
class ChunkBuilder {
  chunk: IngestionChunk = { entries: [], eventCount: 0, bytes: BODY_OPEN.length + BODY_CLOSE.length };
  private current: TraceEntry | undefined;

  /** Bytes adding this event would add: a comma, the event, and the trace's `trace-create` when its entry is new. */
  cost(traceId: string, traceBytes: number, eventBytes: number): number {
    const comma = this.chunk.eventCount > 0 ? 1 : 0;
    if (this.current?.traceId === traceId) return comma + eventBytes;
    return comma + TRACE_ENVELOPE_BYTES + traceBytes + 1 + eventBytes;
  }

  add(traceId: string, traceBody: string, traceBytes: number, event: EventPart): void {
    this.chunk.bytes += this.cost(traceId, traceBytes, event.bytes);
    if (this.current?.traceId !== traceId) {
      this.current = { traceId, traceBody, traceBytes, events: [] };
      this.chunk.entries.push(this.current);
    }
    this.current.events.push(event);
    this.chunk.eventCount++;
  }

  /** An empty chunk always takes the event, so an event above the budget travels alone. */
  wouldOverflow(traceId: string, traceBytes: number, eventBytes: number, maxBytes: number): boolean {
    return this.chunk.eventCount > 0 && this.chunk.bytes + this.cost(traceId, traceBytes, eventBytes) > maxBytes;
  }
}

/**
 * Renders observations (core's `langfuseTraceBody` / `toLangfuseIngestionEvent`) into
 * chunks of about `maxBytes` bytes of JSON. Lazy: each chunk is rendered when the previous
 * one has been sent, so a large export never serialises in one stretch on the event loop.
 * Observations that cannot be rendered go to `onRenderError` and are left out.
 */
export function* packIngestionChunks(
  observations: readonly Observation[],
  maxBytes: number,
  render: LangfuseIngestionRenderOptions,
  onRenderError: (observation: Observation, error: unknown) => void,
): Generator<IngestionChunk> {
  let builder = new ChunkBuilder();
  for (const group of groupByTrace(observations)) {
    let traceBody: string;
    try {
      traceBody = JSON.stringify(langfuseTraceBody(group.traceId, group.observations));
    } catch (error) {
      for (const obs of group.observations) onRenderError(obs, error);
      continue;
    }
    const traceBytes = utf8ByteLength(traceBody);
    for (const obs of group.observations) {
      let event: EventPart;
      try {
        const rendered = toLangfuseIngestionEvent(obs, render);
        const json = JSON.stringify(rendered);
        event = { eventId: rendered.id, type: rendered.type, observation: obs, json, bytes: utf8ByteLength(json) };
      } catch (error) {
        onRenderError(obs, error);
        continue;
      }
      if (builder.wouldOverflow(group.traceId, traceBytes, event.bytes, maxBytes)) {
        yield builder.chunk;
        builder = new ChunkBuilder();
      }
      builder.add(group.traceId, traceBody, traceBytes, event);
    }
  }
  if (builder.chunk.eventCount > 0) yield builder.chunk;
}

/** Splits a chunk in two halves by event count (for a 413); a trace cut in the middle gets a `trace-create` in both. */
export function splitIngestionChunk(chunk: IngestionChunk): [IngestionChunk, IngestionChunk] {
  const half = Math.ceil(chunk.eventCount / 2);
  const first = new ChunkBuilder();
  const second = new ChunkBuilder();
  let seen = 0;
  for (const entry of chunk.entries) {
    for (const event of entry.events) {
      (seen < half ? first : second).add(entry.traceId, entry.traceBody, entry.traceBytes, event);
      seen++;
    }
  }
  return [first.chunk, second.chunk];
}

/** The body of one request and the ids of the `trace-create` events it holds (event id → trace id). */
export interface IngestionBody {
  json: string;
  traceEvents: Map<string, string>;
}

/**
 * The JSON body `{"batch":[…]}`: per trace entry a `trace-create` with a fresh event id
 * (a repeated trace-create in another request must not be deduplicated away), then its
 * observation events. Built once per request, so a retry resends the same event ids.
 */
export function ingestionBody(chunk: IngestionChunk, now: () => number = Date.now, newId: () => string = randomUuid): IngestionBody {
  const timestamp = new Date(now()).toISOString();
  const traceEvents = new Map<string, string>();
  const parts: string[] = [];
  for (const entry of chunk.entries) {
    const id = newId();
    traceEvents.set(id, entry.traceId);
    parts.push(traceEnvelope(id, timestamp, entry.traceBody));
    for (const event of entry.events) parts.push(event.json);
  }
  return { json: `${BODY_OPEN}${parts.join(',')}${BODY_CLOSE}`, traceEvents };
}
