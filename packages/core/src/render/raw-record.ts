import type { HrTime } from '@opentelemetry/api';
import { isModelKind, type Observation, type UsageCounts } from '../observation.js';
import { isoTime } from './langfuse-ingestion-events.js';
import { normalizeSpanId, normalizeTraceId, unixNanoFromHrTime, unixNanoFromMs } from './raw-record-ids.js';
import type { RawRecord } from './raw-record-types.js';

/** The span's own times, exact to the nanosecond; when absent the observation's milliseconds are used. */
export interface RawRecordTimes {
  startTime?: HrTime;
  endTime?: HrTime;
}

/** Usage fields of our model → snake_case keys in `extra.usage` (inclusive counts, as in the model). */
const USAGE_KEYS: ReadonlyArray<[keyof UsageCounts, string]> = [
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
  ['totalTokens', 'total_tokens'],
  ['cachedInputTokens', 'cached_input_tokens'],
  ['cacheWriteInputTokens', 'cache_write_input_tokens'],
  ['reasoningTokens', 'reasoning_tokens'],
  ['imageCount', 'image_count'],
  ['webSearchCount', 'web_search_count'],
  ['requestCount', 'request_count'],
];

/** Observation fields copied into `extra` as they are (JSON-safe already), under snake_case keys. */
const EXTRA_FIELDS: ReadonlyArray<[keyof Observation, string]> = [
  ['kind', 'kind'],
  ['parentSpanId', 'parent_span_id'],
  ['provider', 'provider'],
  ['model', 'model'],
  ['modelParameters', 'model_parameters'],
  ['ttftMs', 'ttft_ms'],
  ['metadata', 'metadata'],
  ['traceMetadata', 'trace_metadata'],
  ['tags', 'tags'],
  ['environment', 'environment'],
  ['release', 'release'],
  ['version', 'version'],
  ['public', 'public'],
  ['agentName', 'agent_name'],
  ['workflowName', 'workflow_name'],
  ['workflowRunId', 'workflow_run_id'],
  ['traceInput', 'trace_input'],
  ['traceOutput', 'trace_output'],
  ['systemInstructions', 'system_instructions'],
  ['toolDefinitions', 'tool_definitions'],
];

/**
 * Renders one observation as a raw telemetry record (seed: raw-telemetry-record-api.txt).
 * `trace_id` is 32 lowercase hex (a UUID trace id is converted), `span_id` 16 lowercase
 * hex, times are exact nanoseconds (from the span's `HrTime` when given), `end ≥ start`,
 * input/output are text, `error` is true when the observation failed or has level ERROR.
 * Everything else (model, provider, usage, cost, metadata, kind, tags, environment, time
 * to first token, …) goes to `extra`; usage and cost only on model calls, so aggregate
 * agent spans do not count tokens twice. Throws on an id or time that cannot be rendered
 * validly, which the exporter counts as a render error.
 */
export function toRawRecord(obs: Observation, times: RawRecordTimes = {}): RawRecord {
  const traceId = normalizeTraceId(obs.traceId);
  if (traceId === undefined) throw new RangeError(`span ${String(obs.spanId)} has a trace id that is neither 32 hex digits nor a UUID`);
  const spanId = normalizeSpanId(obs.spanId);
  if (spanId === undefined) throw new RangeError(`span of trace ${traceId} has a span id that is not 16 hex digits`);
  const start = unixNanoFromHrTime(times.startTime) ?? unixNanoFromMs(obs.startTime);
  const end = unixNanoFromHrTime(times.endTime) ?? unixNanoFromMs(obs.endTime);
  if (start === undefined || end === undefined) throw new RangeError(`span ${spanId} has a non-finite or negative time`);

  const record: RawRecord = {
    trace_id: traceId,
    span_id: spanId,
    start_time_unix_nano: start,
    end_time_unix_nano: end < start ? start : end,
    level: obs.level,
    error: obs.error === true || obs.level === 'ERROR',
    extra: extraOf(obs),
  };
  const put = (key: 'user_id' | 'session_id' | 'trace_name' | 'span_name' | 'input' | 'output' | 'status_message', value: string | undefined): void => {
    if (value !== undefined) record[key] = value;
  };
  put('user_id', text(obs.userId));
  put('session_id', text(obs.sessionId));
  put('trace_name', text(obs.traceName));
  put('span_name', text(obs.name));
  put('input', contentText(obs.input));
  put('output', contentText(obs.output));
  put('status_message', text(obs.statusMessage));
  return orderLikeSeed(record);
}

/**
 * The JSON text of a record with the nanosecond times as exact JSON integers (digits, no
 * exponent, no quotes). Every other value is stringified normally.
 */
export function rawRecordJson(record: RawRecord): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${typeof value === 'bigint' ? value.toString() : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

function extraOf(obs: Observation): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [field, key] of EXTRA_FIELDS) {
    const value = obs[field];
    if (value !== undefined && value !== null) extra[key] = value;
  }
  if (isModelKind(obs.kind)) {
    const usage: Record<string, number> = {};
    for (const [field, key] of USAGE_KEYS) {
      const value = obs[field];
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) usage[key] = value;
    }
    if (Object.keys(usage).length > 0) extra.usage = usage;
    if (obs.cost !== null && typeof obs.cost === 'object' && Object.keys(obs.cost).length > 0) extra.cost = obs.cost;
  }
  const completionStart = isoTime(obs.completionStartTime);
  if (completionStart) extra.completion_start_time = completionStart;
  if (obs.prompt && typeof obs.prompt.name === 'string') extra.prompt = obs.prompt;
  if (obs.aborted === true) extra.aborted = true;
  return extra;
}

/** The seed's field order, which keeps records easy to compare in a proxy log. */
const SEED_ORDER: ReadonlyArray<keyof RawRecord> = [
  'user_id',
  'session_id',
  'trace_id',
  'trace_name',
  'span_id',
  'span_name',
  'start_time_unix_nano',
  'end_time_unix_nano',
  'input',
  'output',
  'level',
  'error',
  'status_message',
  'extra',
];

function orderLikeSeed(record: RawRecord): RawRecord {
  const ordered: Record<string, unknown> = {};
  for (const key of SEED_ORDER) if (record[key] !== undefined) ordered[key] = record[key];
  return ordered as unknown as RawRecord;
}

/** Strings as they are, other values as JSON text; null and undefined mean "nothing". */
function contentText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value) as string | undefined;
  return typeof json === 'string' ? json : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
