/**
 * The body rules of the Foglamp ingest contract v1 (`shared/contracts/foglamp-ingest.md`),
 * including the choices marked "(ours)". Written independently of the exporter's renderer
 * on purpose: a receiver that shared the exporter's code would agree with its bugs.
 */
import type { FoglampContractViolation, FoglampWireSpan, ReceivedFoglampTrace } from './foglamp-received.js';

/** The only wire version. */
export const FOGLAMP_VERSION = 'v1';
/** Most trace entries one request may carry. */
export const FOGLAMP_MAX_TRACES = 1000;
/** Span types the contract lets us emit. */
export const FOGLAMP_SPAN_TYPES: readonly string[] = ['llm', 'embedding', 'tool', 'agent', 'retrieval', 'workflow', 'span'];
/** Usage fields; each a non-negative integer. */
export const FOGLAMP_USAGE_FIELDS: readonly string[] = [
  'inputTokens', 'outputTokens', 'totalTokens', 'reasoningTokens', 'cachedInputTokens',
  'cacheWriteInputTokens', 'imageCount', 'webSearchCount', 'requestCount',
];

const TRACE_FIELDS = new Set(['traceId', 'spans', 'agentName', 'workflowName', 'workflowRunId', 'sessionId', 'metadata']);
const SPAN_FIELDS = new Set([
  'spanId', 'spanType', 'name', 'startTime', 'endTime', 'parentSpanId', 'status', 'errorMessage',
  'provider', 'modelId', 'usage', 'ttftMs', 'input', 'output', 'metadata',
]);
const OPTIONAL_STRING_SPAN_FIELDS = ['provider', 'modelId', 'input', 'output'] as const;
const OPTIONAL_STRING_TRACE_FIELDS = ['agentName', 'workflowName', 'workflowRunId', 'sessionId'] as const;

/** A UUID (the vendor's example is a v7) or an OTel trace id (32 hex), any case. */
const TRACE_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
/**
 * Plausible epoch milliseconds: 2000-01-01 to 2100-01-01. Seconds (≈1.7e9), microseconds
 * (≈1.7e15) and nanoseconds all fall outside, which is the unit mistake worth catching.
 */
const MIN_EPOCH_MS = 946_684_800_000;
const MAX_EPOCH_MS = 4_102_444_800_000;

/** The verdict on a request body that passed the request-level checks. */
export interface FoglampBodyCheck {
  /** Trace entries with their valid spans only (entries with none are left out). */
  traces: Array<Omit<ReceivedFoglampTrace, 'requestIndex'>>;
  /** Spans that passed: the `accepted` count. */
  acceptedSpans: number;
  violations: FoglampContractViolation[];
}

/** A request-level refusal: the whole body is rejected. */
export interface FoglampBodyRefusal {
  status: number;
  reason: string;
  violation: FoglampContractViolation;
}

/**
 * Checks the envelope: an object with `version: "v1"` and 1 to 1000 `traces`. Returns a
 * refusal (answered as HTTP 400) or undefined.
 */
export function checkFoglampEnvelope(body: unknown): FoglampBodyRefusal | undefined {
  const refuse = (field: string, reason: string, value?: unknown): FoglampBodyRefusal => ({
    status: 400,
    reason: `${field}: ${reason}`,
    violation: { field, reason, ...(value === undefined ? {} : { value }) },
  });
  if (!isObject(body)) return refuse('body', 'must be a JSON object');
  if (body.version !== FOGLAMP_VERSION) return refuse('version', 'required, must be the string "v1"', body.version);
  if (!Array.isArray(body.traces)) return refuse('traces', 'required, must be an array');
  if (body.traces.length === 0) return refuse('traces', 'must have at least 1 element (an empty batch must not be sent)');
  if (body.traces.length > FOGLAMP_MAX_TRACES) {
    return refuse('traces', `must have at most ${FOGLAMP_MAX_TRACES} elements (the client must split), got ${body.traces.length}`);
  }
  return undefined;
}

/**
 * Checks every trace entry and span of an envelope that passed {@link checkFoglampEnvelope}.
 * A broken trace-level field rejects the entry's spans; a broken span field rejects that
 * span. `alreadyReceived` reports span ids accepted in earlier requests (duplicate delivery).
 */
export function checkFoglampBody(
  body: { version: string; traces: unknown[] },
  alreadyReceived: (traceId: string, spanId: string) => boolean = () => false,
): FoglampBodyCheck {
  const violations: FoglampContractViolation[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'version' && key !== 'traces') violations.push({ field: key, reason: 'unknown field (not in the v1 contract)' });
  }
  const traces: FoglampBodyCheck['traces'] = [];
  const seenTraceIds = new Set<string>();
  let acceptedSpans = 0;
  body.traces.forEach((entry, i) => {
    const where = `traces[${i}]`;
    const before = violations.length;
    if (!isObject(entry)) {
      violations.push({ field: where, reason: 'must be an object', value: entry });
      return;
    }
    const traceId = typeof entry.traceId === 'string' ? entry.traceId : undefined;
    const at = (field: string, reason: string, value?: unknown): void => {
      violations.push({ ...(traceId ? { traceId } : {}), field: `${where}.${field}`, reason, ...(value === undefined ? {} : { value }) });
    };
    if (traceId === undefined) at('traceId', 'required string', entry.traceId);
    else if (!TRACE_ID.test(traceId) || /^[0-]+$/.test(traceId)) at('traceId', 'must be a UUID or a 32-hex OTel trace id (not all zeros)', traceId);
    else if (seenTraceIds.has(traceId.toLowerCase())) at('traceId', 'a second entry for this trace in one batch (spans of one trace share one entry)', traceId);
    if (traceId) seenTraceIds.add(traceId.toLowerCase());
    for (const field of OPTIONAL_STRING_TRACE_FIELDS) {
      if (field in entry && typeof entry[field] !== 'string') at(field, 'must be a string when present', entry[field]);
    }
    if ('metadata' in entry) checkStringMap(entry.metadata, (f, r, v) => at(`metadata${f}`, r, v));
    for (const key of Object.keys(entry)) if (!TRACE_FIELDS.has(key)) at(key, 'unknown field (not in the v1 contract)');
    if (!Array.isArray(entry.spans)) at('spans', 'required, must be an array', entry.spans);
    else if (entry.spans.length === 0) at('spans', 'must have at least one span');
    if (violations.length > before || !traceId || !Array.isArray(entry.spans)) return;

    const validSpans: FoglampWireSpan[] = [];
    const seenSpanIds = new Set<string>();
    entry.spans.forEach((span, j) => {
      const spanViolations = checkFoglampSpan(span, `${where}.spans[${j}]`, traceId);
      const spanId = isObject(span) && typeof span.spanId === 'string' ? span.spanId : undefined;
      if (spanId !== undefined && spanViolations.length === 0) {
        if (seenSpanIds.has(spanId)) spanViolations.push({ traceId, spanId, field: `${where}.spans[${j}].spanId`, reason: 'duplicate span id within the trace' });
        else if (alreadyReceived(traceId, spanId)) {
          spanViolations.push({ traceId, spanId, field: `${where}.spans[${j}].spanId`, reason: 'span already received in an earlier request (delivered twice)' });
        }
        seenSpanIds.add(spanId);
      }
      violations.push(...spanViolations);
      if (spanViolations.length === 0) validSpans.push(span as unknown as FoglampWireSpan);
    });
    acceptedSpans += validSpans.length;
    if (validSpans.length > 0) traces.push({ ...(entry as unknown as Omit<ReceivedFoglampTrace, 'requestIndex'>), spans: validSpans });
  });
  return { traces, acceptedSpans, violations };
}

/** Checks one span row; `where` is its path in the body. Returns its violations. */
export function checkFoglampSpan(span: unknown, where: string, traceId?: string): FoglampContractViolation[] {
  const out: FoglampContractViolation[] = [];
  if (!isObject(span)) return [{ ...(traceId ? { traceId } : {}), field: where, reason: 'must be an object', value: span }];
  const spanId = typeof span.spanId === 'string' ? span.spanId : undefined;
  const at = (field: string, reason: string, value?: unknown): void => {
    out.push({ ...(traceId ? { traceId } : {}), ...(spanId ? { spanId } : {}), field: `${where}.${field}`, reason, ...(value === undefined ? {} : { value }) });
  };
  if (spanId === undefined || spanId === '') at('spanId', 'required non-empty string', span.spanId);
  if (typeof span.spanType !== 'string' || !FOGLAMP_SPAN_TYPES.includes(span.spanType)) {
    at('spanType', `required, one of ${FOGLAMP_SPAN_TYPES.join(', ')}`, span.spanType);
  }
  if (typeof span.name !== 'string' || span.name === '') at('name', 'required non-empty string', span.name);
  const start = checkEpochMs(span.startTime, 'startTime', at);
  const end = checkEpochMs(span.endTime, 'endTime', at);
  if (start !== undefined && end !== undefined && end < start) at('endTime', `must be ≥ startTime (${start})`, end);
  if ('parentSpanId' in span) {
    if (typeof span.parentSpanId !== 'string' || span.parentSpanId === '') at('parentSpanId', 'must be a non-empty string when present (omit it for a root)', span.parentSpanId);
    else if (span.parentSpanId === spanId) at('parentSpanId', 'a span cannot be its own parent', span.parentSpanId);
  }
  if (span.status !== 'ok' && span.status !== 'error') at('status', 'required, "ok" or "error"', span.status);
  if ('errorMessage' in span) {
    if (typeof span.errorMessage !== 'string') at('errorMessage', 'must be a string when present', span.errorMessage);
    else if (span.status !== 'error') at('errorMessage', 'only set when status is "error"', span.errorMessage);
  }
  for (const field of OPTIONAL_STRING_SPAN_FIELDS) {
    if (field in span && typeof span[field] !== 'string') at(field, `must be a string when present${field === 'input' || field === 'output' ? ' (structured values as JSON text)' : ''}`, span[field]);
  }
  if ('usage' in span) checkUsage(span.usage, at);
  if ('ttftMs' in span && (typeof span.ttftMs !== 'number' || !Number.isFinite(span.ttftMs) || span.ttftMs < 0)) {
    at('ttftMs', 'must be a non-negative number of milliseconds', span.ttftMs);
  }
  if ('metadata' in span) checkStringMap(span.metadata, (f, r, v) => at(`metadata${f}`, r, v));
  for (const key of Object.keys(span)) if (!SPAN_FIELDS.has(key)) at(key, 'unknown field (not in the v1 contract)');
  return out;
}

type At = (field: string, reason: string, value?: unknown) => void;

function checkEpochMs(value: unknown, field: string, at: At): number | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    at(field, 'required integer (milliseconds since the Unix epoch)', value);
    return undefined;
  }
  if (value < MIN_EPOCH_MS || value > MAX_EPOCH_MS) {
    at(field, 'not plausible epoch milliseconds (seconds, microseconds or nanoseconds?)', value);
    return undefined;
  }
  return value;
}

function checkUsage(usage: unknown, at: At): void {
  if (!isObject(usage)) {
    at('usage', 'must be an object when present (omit it rather than send null)', usage);
    return;
  }
  for (const [key, value] of Object.entries(usage)) {
    if (!FOGLAMP_USAGE_FIELDS.includes(key)) at(`usage.${key}`, 'unknown usage field', value);
    else if (value === null) at(`usage.${key}`, 'null is not allowed: omit the field', value);
    else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) at(`usage.${key}`, 'must be a non-negative integer', value);
  }
}

function checkStringMap(map: unknown, at: At): void {
  if (!isObject(map)) {
    at('', 'must be an object of string values when present', map);
    return;
  }
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'string') at(`.${key}`, 'metadata values must be strings', value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
