import { type Observation } from '@lamplight/core';
import { FOGLAMP_WIRE_VERSION, foglampTraceFields, groupByTrace, toFoglampSpan, utf8ByteLength } from '@lamplight/core/internal';

/**
 * Request bodies are assembled from JSON text pieces rather than stringified whole: each
 * span is serialised exactly once, its size is known exactly while the request fills up,
 * and a 413 split re-joins the same pieces instead of rendering again.
 */

/** One trace entry in one request: its head (`{"traceId":…,…}` without spans) and its spans as JSON text. */
export interface TraceEntryPart {
  readonly head: string;
  readonly headBytes: number;
  readonly spans: string[];
  readonly spanBytes: number[];
}

/** The contents of one request. */
export interface RequestChunk {
  readonly entries: TraceEntryPart[];
  /** Span rows in the request (what `accepted` is compared with). */
  spanCount: number;
  /** Exact UTF-8 size of the JSON body. */
  bytes: number;
}

/** Limits of one request. */
export interface ChunkLimits {
  maxTraces: number;
  maxBytes: number;
}

const BODY_OPEN = `{"version":${JSON.stringify(FOGLAMP_WIRE_VERSION)},"traces":[`;
const BODY_CLOSE = ']}';
const SPANS_OPEN = ',"spans":[';
const ENTRY_CLOSE = ']}';

/** A request chunk being filled; tracks the exact body size as pieces are added. */
class ChunkBuilder {
  chunk: RequestChunk = { entries: [], spanCount: 0, bytes: BODY_OPEN.length + BODY_CLOSE.length };
  private current: TraceEntryPart | undefined;
  private currentHead: string | undefined;

  /** Bytes that adding this span would add (opening a new entry if `head` is not the open one). */
  cost(head: string, headBytes: number, spanBytes: number): { bytes: number; newEntry: boolean } {
    if (this.current && this.currentHead === head) return { bytes: 1 + spanBytes, newEntry: false };
    const comma = this.chunk.entries.length > 0 ? 1 : 0;
    // head minus its closing brace, then `,"spans":[`, the span, `]}`.
    return { bytes: comma + headBytes - 1 + SPANS_OPEN.length + spanBytes + ENTRY_CLOSE.length, newEntry: true };
  }

  add(head: string, headBytes: number, span: string, spanBytes: number): void {
    const { bytes, newEntry } = this.cost(head, headBytes, spanBytes);
    if (newEntry || !this.current) {
      this.current = { head, headBytes, spans: [], spanBytes: [] };
      this.currentHead = head;
      this.chunk.entries.push(this.current);
    }
    this.current.spans.push(span);
    this.current.spanBytes.push(spanBytes);
    this.chunk.spanCount++;
    this.chunk.bytes += bytes;
  }

  /** Whether adding would break a limit; an empty chunk always takes the span (a huge span travels alone). */
  wouldOverflow(head: string, headBytes: number, spanBytes: number, limits: ChunkLimits): boolean {
    if (this.chunk.spanCount === 0) return false;
    const { bytes, newEntry } = this.cost(head, headBytes, spanBytes);
    return this.chunk.bytes + bytes > limits.maxBytes || (newEntry && this.chunk.entries.length + 1 > limits.maxTraces);
  }
}

/**
 * Renders observations (via core's `toFoglampSpan`/`foglampTraceFields`) into request
 * chunks of at most `maxTraces` trace entries and about `maxBytes` bytes. Spans of one trace
 * share one entry per request; a trace too big for the budget continues in the next
 * request under the same trace id. Lazy: each chunk is rendered when the previous one has
 * been sent, so a large batch never serialises in one stretch on the event loop.
 * Observations that cannot be rendered are reported to `onRenderError` and left out; a
 * chunk is only produced when it has at least one span (no empty batches).
 */
export function* packRequests(
  observations: readonly Observation[],
  limits: ChunkLimits,
  onRenderError: (observation: Observation, error: unknown) => void,
): Generator<RequestChunk> {
  let builder = new ChunkBuilder();
  for (const group of groupByTrace(observations)) {
    let head: string;
    try {
      head = JSON.stringify({ traceId: group.traceId, ...foglampTraceFields(group.observations) });
    } catch (error) {
      for (const obs of group.observations) onRenderError(obs, error);
      continue;
    }
    const headBytes = utf8ByteLength(head);
    for (const obs of group.observations) {
      let span: string;
      try {
        span = JSON.stringify(toFoglampSpan(obs));
      } catch (error) {
        onRenderError(obs, error);
        continue;
      }
      const spanBytes = utf8ByteLength(span);
      if (builder.wouldOverflow(head, headBytes, spanBytes, limits)) {
        yield builder.chunk;
        builder = new ChunkBuilder();
      }
      builder.add(head, headBytes, span, spanBytes);
    }
  }
  if (builder.chunk.spanCount > 0) yield builder.chunk;
}

/**
 * Splits a chunk into two halves by span count (for a 413). Spans keep their trace entry;
 * a trace cut in the middle appears in both halves under the same trace id.
 */
export function splitChunk(chunk: RequestChunk): [RequestChunk, RequestChunk] {
  const half = Math.ceil(chunk.spanCount / 2);
  const first = new ChunkBuilder();
  const second = new ChunkBuilder();
  let seen = 0;
  for (const entry of chunk.entries) {
    entry.spans.forEach((span, i) => {
      const target = seen < half ? first : second;
      target.add(entry.head, entry.headBytes, span, entry.spanBytes[i] ?? utf8ByteLength(span));
      seen++;
    });
  }
  return [first.chunk, second.chunk];
}

/** The JSON body of a chunk: `{"version":"v1","traces":[{…,"spans":[…]},…]}`. */
export function chunkBody(chunk: RequestChunk): string {
  const entries = chunk.entries.map((e) => `${e.head.slice(0, -1)}${SPANS_OPEN}${e.spans.join(',')}${ENTRY_CLOSE}`);
  return `${BODY_OPEN}${entries.join(',')}${BODY_CLOSE}`;
}
