/**
 * Reads a span the Langfuse receiver decoded the way Langfuse reads it: the
 * `langfuse.observation.*` / `langfuse.trace.*` keys of the contract first, then the OTel
 * GenAI keys Langfuse falls back to. This is the receiving side's reading of the wire, like
 * the Langfuse UI's, not Lamplight's mapping: nothing here imports core's readers or renderers,
 * so the viewer shows what the backend would show, including mistakes in what was sent.
 */
import type { AttributeValue, DecodedSpan, RecordedRequest } from '@lamplight/testkit';
import type { ViewObservation, ViewProblem, ViewUsage, ViewViolation } from './view-model.js';
import type { TraceFields } from './trace-store.js';

const OBS = 'langfuse.observation.';

function text(span: DecodedSpan, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = span.attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function count(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** JSON text parsed; anything that is not JSON stays the text it was. */
export function parseJsonText(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Langfuse's `usage_details` holds input *without* cache reads and writes and output *without*
 * reasoning tokens; the view shows inclusive counts (as the OTel keys do), so add them back.
 */
function usage(span: DecodedSpan): ViewUsage | undefined {
  const details = parseJsonText(text(span, `${OBS}usage_details`));
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const d = details as Record<string, unknown>;
    const n = (key: string): number | undefined => (typeof d[key] === 'number' ? d[key] : undefined);
    const cached = n('input_cached_tokens') ?? n('cache_read_input_tokens');
    const reasoning = n('output_reasoning_tokens');
    const cacheWrite = n('input_cache_creation') ?? n('cache_creation_input_tokens');
    const input = n('input');
    const output = n('output');
    const result: ViewUsage = {
      input: input === undefined ? undefined : input + (cached ?? 0) + (cacheWrite ?? 0),
      cached,
      cacheWrite,
      output: output === undefined ? undefined : output + (reasoning ?? 0),
      reasoning,
      total: n('total'),
    };
    return compact(result);
  }
  const a = span.attributes;
  return compact({
    input: count(a['gen_ai.usage.input_tokens']),
    output: count(a['gen_ai.usage.output_tokens']),
    cached: count(a['gen_ai.usage.cache_read.input_tokens']),
    reasoning: count(a['gen_ai.usage.reasoning.output_tokens']),
  });
}

function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** `prefix.<key>` string attributes as a map (metadata). */
function prefixed(span: DecodedSpan, prefix: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    if (key.startsWith(prefix) && key.length > prefix.length) out[key.slice(prefix.length)] = typeof value === 'string' ? value : stringify(value);
  }
  return Object.keys(out).length ? out : undefined;
}

function stringify(value: AttributeValue): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

const ms = (nanos: bigint): number => Number(nanos / 1000n) / 1000;

/** One decoded span as an observation of the viewer. */
export function langfuseObservation(span: DecodedSpan): ViewObservation {
  const startTime = ms(span.startTimeUnixNano);
  const completionStart = Date.parse(text(span, `${OBS}completion_start_time`) ?? '');
  const level = text(span, `${OBS}level`) ?? (span.status.code === 'error' ? 'ERROR' : 'DEFAULT');
  const observation: ViewObservation = {
    source: 'langfuse',
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    type: text(span, `${OBS}type`) ?? 'span',
    startTime,
    endTime: ms(span.endTimeUnixNano),
    model: text(span, `${OBS}model.name`, 'gen_ai.response.model', 'gen_ai.request.model'),
    provider: text(span, 'gen_ai.provider.name', 'gen_ai.system'),
    ttftMs: Number.isFinite(completionStart) ? Math.max(0, completionStart - startTime) : undefined,
    usage: usage(span),
    level,
    statusMessage: text(span, `${OBS}status_message`) ?? span.status.message,
    input: parseJsonText(text(span, `${OBS}input`, 'gen_ai.input.messages', 'input.value')),
    output: parseJsonText(text(span, `${OBS}output`, 'gen_ai.output.messages', 'output.value')),
    modelParameters: parseJsonText(text(span, `${OBS}model.parameters`)),
    metadata: prefixed(span, `${OBS}metadata.`),
  };
  return compact(observation) as ViewObservation;
}

/** The trace-level fields a span carries (Langfuse puts them on every span). */
export function langfuseTraceFields(span: DecodedSpan): TraceFields {
  const tags = span.attributes['langfuse.trace.tags'];
  return {
    name: text(span, 'langfuse.trace.name'),
    userId: text(span, 'user.id', 'langfuse.user.id'),
    sessionId: text(span, 'session.id', 'langfuse.session.id'),
    tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [],
    environment: text(span, 'langfuse.environment'),
    metadata: prefixed(span, 'langfuse.trace.metadata.'),
  };
}

/** A violation as the viewer lists it. */
export function langfuseViolation(violation: RecordedRequest['violations'][number]): ViewViolation {
  return compact({ source: 'langfuse' as const, spanId: violation.spanId, field: violation.attribute, reason: violation.reason }) as ViewViolation;
}

/** A refused request (not 2xx), as a problem line; undefined when it was accepted. */
export function langfuseProblem(request: RecordedRequest): ViewProblem | undefined {
  if (request.status >= 200 && request.status < 300) return undefined;
  return { source: 'langfuse', at: request.receivedAt, status: request.status, message: `${request.method} ${request.path} → ${request.status} ${request.responseBody.slice(0, 300)}` };
}
