/**
 * Reads what the Foglamp receiver accepted — the v1 JSON rows, exactly as sent — as
 * observations of the viewer. The wire format is already flat, so this only renames fields
 * and parses `input`/`output`, which the contract sends as JSON text.
 */
import type { FoglampRecordedRequest, FoglampWireSpan } from '@lamplight/testkit';
import { parseJsonText } from './langfuse-view.js';
import type { TraceFields } from './trace-store.js';
import type { ViewObservation, ViewProblem, ViewViolation } from './view-model.js';

/** A trace entry of a v1 body, loosely: the receiver already checked it field by field. */
export interface FoglampWireTrace {
  traceId: string;
  agentName?: string;
  workflowName?: string;
  workflowRunId?: string;
  sessionId?: string;
  metadata?: Record<string, string>;
  spans: FoglampWireSpan[];
}

/** The trace entries a recorded request carried (empty when the body was not a v1 batch). */
export function foglampTraces(request: FoglampRecordedRequest): FoglampWireTrace[] {
  const body = request.body as { traces?: unknown } | undefined;
  if (!body || !Array.isArray(body.traces)) return [];
  return body.traces.filter(
    (entry): entry is FoglampWireTrace =>
      typeof entry === 'object' && entry !== null && typeof (entry as FoglampWireTrace).traceId === 'string' && Array.isArray((entry as FoglampWireTrace).spans),
  );
}

/** One span row as an observation. */
export function foglampObservation(traceId: string, span: FoglampWireSpan): ViewObservation {
  const usage = span.usage;
  const observation: ViewObservation = {
    source: 'foglamp',
    traceId: traceId.toLowerCase(),
    spanId: String(span.spanId),
    parentSpanId: span.parentSpanId,
    name: String(span.name),
    type: String(span.spanType),
    startTime: Number(span.startTime),
    endTime: Number(span.endTime),
    model: span.modelId,
    provider: span.provider,
    ttftMs: span.ttftMs,
    usage: usage
      ? {
          input: usage.inputTokens,
          cached: usage.cachedInputTokens,
          cacheWrite: usage.cacheWriteInputTokens,
          output: usage.outputTokens,
          reasoning: usage.reasoningTokens,
          total: usage.totalTokens,
        }
      : undefined,
    level: span.status,
    statusMessage: span.errorMessage,
    input: typeof span.input === 'string' ? parseJsonText(span.input) : span.input,
    output: typeof span.output === 'string' ? parseJsonText(span.output) : span.output,
    metadata: span.metadata,
  };
  for (const key of Object.keys(observation) as Array<keyof ViewObservation>) if (observation[key] === undefined) delete observation[key];
  if (observation.usage) for (const key of Object.keys(observation.usage) as Array<keyof typeof usage>) if (observation.usage[key] === undefined) delete observation.usage[key];
  return observation;
}

/** The trace-level fields of an entry (Foglamp has no user or tags; agent and workflow go to metadata). */
export function foglampTraceFields(entry: FoglampWireTrace): TraceFields {
  const extra: Record<string, string> = {};
  if (entry.agentName) extra.agentName = entry.agentName;
  if (entry.workflowName) extra.workflowName = entry.workflowName;
  if (entry.workflowRunId) extra.workflowRunId = entry.workflowRunId;
  const metadata = { ...extra, ...entry.metadata };
  return { sessionId: entry.sessionId, tags: [], metadata: Object.keys(metadata).length ? metadata : undefined };
}

/** A violation as the viewer lists it. */
export function foglampViolation(violation: FoglampRecordedRequest['violations'][number]): ViewViolation {
  const out: ViewViolation = { source: 'foglamp', field: violation.field, reason: violation.reason };
  if (violation.spanId !== undefined) out.spanId = violation.spanId;
  return out;
}

/** A refused request (not 2xx), as a problem line; undefined when it was accepted. */
export function foglampProblem(request: FoglampRecordedRequest): ViewProblem | undefined {
  if (request.status >= 200 && request.status < 300) return undefined;
  return { source: 'foglamp', at: request.receivedAt, status: request.status, message: `${request.method} ${request.path} → ${request.status} ${request.responseBody.slice(0, 300)}` };
}
