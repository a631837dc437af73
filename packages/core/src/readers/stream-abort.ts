import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpanLike } from '../span-like.js';

/**
 * Aborted streams (DESIGN §4). A stream the consumer abandons (`break`, `AbortSignal`,
 * client disconnect) is not an error to the instrumentation: the span ends with status
 * UNSET, without a finish reason, usage or output. Reported as a plain success it would
 * hide the abort, so readers flag it and `normalize` renders level WARN, message `aborted`.
 *
 * "Streaming" and "finished" per dialect:
 * - AI SDK `ai` scope (v5, v6, v7 legacy): streaming = operation `*.doStream` (model call)
 *   or `ai.streamText` / `ai.streamObject` (the outer call: v5/v6 never end the inner
 *   `doStream` span of an aborted stream, so the outer one is the only witness);
 *   finished = `ai.response.finishReason` present.
 * - OTel GenAI (any scope): streaming = `gen_ai.request.stream` true or a time-to-first-chunk
 *   attribute present; finished = `gen_ai.response.finish_reasons` present. The AI SDK v7
 *   `gen_ai` scope never records the stream mode, but its `chat` and `invoke_agent` spans
 *   always get finish reasons when the call completes (and status ERROR when it fails), so
 *   in that scope a `chat`/`invoke_agent` span without finish reasons counts as aborted.
 * - OpenLLMetry: streaming = `llm.is_streaming` true; finished = a
 *   `gen_ai.completion.N.finish_reason` or `llm.response.finish_reason` present.
 * - OpenInference has no stream flag: aborted streams are not detected there.
 * A span with status ERROR or an `exception` event is an error, never "aborted".
 */
export function endedUnfinished(span: ReadableSpanLike): boolean {
  if (span.status.code !== SpanStatusCode.UNSET) return false;
  for (const event of span.events) {
    if (event.name === 'exception') return false;
  }
  return true;
}
