import { SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import { validateTraceFields } from './context/trace-field-rules.js';
import { isModelKind, USAGE_COUNT_FIELDS, type Observation, type ObservationFields, type ObservationKind } from './observation.js';
import { readAiSdk } from './readers/ai-sdk-reader.js';
import { readDuplicateCall } from './readers/duplicate-call-reader.js';
import { getCount, getString } from './readers/attribute-values.js';
import { readGenAiDeprecatedContent, readGenAiDeprecatedUsage, readGenAiSystem } from './readers/gen-ai-deprecated-reader.js';
import { readGenAi } from './readers/gen-ai-reader.js';
import { readLamplight, readLamplightTiming } from './readers/lamplight-reader.js';
import { readLangfuse } from './readers/langfuse-reader.js';
import { readOpenInference } from './readers/openinference-reader.js';
import { readOpenLlmetry } from './readers/openllmetry-reader.js';
import { canonicalProvider } from './readers/provider-name.js';
import type { ConventionReader } from './readers/reader.js';
import { hrTimeToMs, parentSpanIdOf, type ReadableSpanLike } from './span-like.js';

/**
 * Readers in priority order: the first reader that yields a field wins it, so this order
 * *is* the source order of DESIGN §4. Explicit statements (our API, `langfuse.*`) come
 * first. Where one dialect's keys sit at different places of that table it is split into
 * several readers: `gen_ai.system` precedes `ai.model.provider`, but the deprecated
 * `gen_ai.usage.prompt_tokens` follows `ai.usage.*`, and the flattened `gen_ai.prompt.N.*`
 * content comes after `input.value` and `traceloop.entity.input`; `lamplight.ttft_ms` is
 * the last source of time to first token. `readDuplicateCall` precedes them all: another
 * tool's span for a call Lamplight already traces is a plain span (docs/instrumentation.md).
 */
export const DEFAULT_READERS: readonly ConventionReader[] = [
  readDuplicateCall,
  readLamplight,
  readLangfuse,
  readGenAi,
  readGenAiSystem,
  readAiSdk,
  readGenAiDeprecatedUsage,
  readOpenInference,
  readOpenLlmetry,
  readGenAiDeprecatedContent,
  readLamplightTiming,
];

/** Readers whose usage is an explicit statement about the span, kept on any kind. */
const EXPLICIT_READERS: ReadonlySet<ConventionReader> = new Set([readLamplight, readLangfuse]);

/** Map-valued fields merged per key (first reader wins each key) rather than as a whole. */
const MAP_FIELD_SET: ReadonlySet<string> = new Set(['metadata', 'traceMetadata', 'modelParameters']);

/** Usage and cost fields: only model calls carry their own (DESIGN §4, aggregate usage). */
const USAGE_FIELDS = [...USAGE_COUNT_FIELDS, 'cost'] as const;

/**
 * Turns one finished span into the canonical `Observation`, whatever convention it
 * speaks. Pure: reads the span, never mutates it. Linear in the number of attributes:
 * readers share one namespace index of the keys (`readers/attribute-index.ts`).
 */
export function normalize(span: ReadableSpanLike, readers: readonly ConventionReader[] = DEFAULT_READERS): Observation {
  const fields: ObservationFields = {};
  let explicitUsage: Set<string> | undefined;
  for (const read of readers) {
    merge(fields, read(span));
    if (EXPLICIT_READERS.has(read) && hasUsage(fields)) explicitUsage = usageKeys(fields);
  }

  const ctx = span.spanContext();
  const startTime = hrTimeToMs(span.startTime);
  const failure = detectError(span);
  const kind: ObservationKind = fields.kind ?? (fields.model !== undefined ? 'generation' : 'span');
  const error = fields.error ?? failure.error;
  const aborted = fields.aborted === true && !error;
  // The readers' fields object becomes the observation (no copy of a few dozen fields per span).
  const obs = fields as Observation;
  obs.traceId = ctx.traceId;
  obs.spanId = ctx.spanId;
  obs.parentSpanId = parentSpanIdOf(span);
  obs.name = span.name;
  obs.startTime = startTime;
  obs.endTime = hrTimeToMs(span.endTime);
  obs.kind = kind;
  obs.error = error;
  obs.level = fields.level ?? (error ? 'ERROR' : aborted ? 'WARN' : 'INFO');
  obs.statusMessage = fields.statusMessage ?? (aborted ? 'aborted' : failure.message);
  // `delete` only when there is something to delete: it turns the object into a slow
  // dictionary for everything downstream (gate, renderers).
  if (aborted) obs.aborted = true;
  else if (obs.aborted !== undefined) delete obs.aborted;
  if (error) addHttpStatus(obs, span);
  if (!isModelKind(kind)) {
    // An agent, chain or tool span's tokens are the sum of its model calls: drop them
    // unless our API or `langfuse.*` stated them for this very span.
    for (const field of USAGE_FIELDS) if (obs[field] !== undefined && !explicitUsage?.has(field)) delete obs[field];
  }
  if (obs.totalTokens === undefined && (obs.inputTokens !== undefined || obs.outputTokens !== undefined)) {
    obs.totalTokens = (obs.inputTokens ?? 0) + (obs.outputTokens ?? 0);
  }
  if (obs.completionStartTime === undefined && obs.ttftMs !== undefined) {
    obs.completionStartTime = startTime + obs.ttftMs;
  }
  if (obs.ttftMs === undefined && obs.completionStartTime !== undefined) {
    obs.ttftMs = Math.max(0, obs.completionStartTime - startTime);
  }
  if (obs.provider !== undefined) obs.provider = canonicalProvider(obs.provider);
  validateTraceFields(obs);
  return obs;
}

/**
 * Copies each defined field of `from` that `into` does not have yet. Map fields are merged
 * key by key and tag lists are united, so e.g. the GenAI reader's `response_id` and the
 * AI SDK reader's caller metadata both survive.
 */
function merge(into: ObservationFields, from: ObservationFields): void {
  const target = into as Record<string, unknown>;
  const source = from as Record<string, unknown>;
  // for…in rather than Object.entries: this runs ~10 times per exported span.
  for (const key in source) {
    const value = source[key];
    if (value === undefined) continue;
    const current = target[key];
    if (current === undefined) target[key] = value;
    else if (MAP_FIELD_SET.has(key)) target[key] = { ...(value as object), ...(current as object) };
    else if (key === 'tags' && Array.isArray(current) && Array.isArray(value)) target[key] = [...new Set([...(current as unknown[]), ...(value as unknown[])])];
  }
}

/**
 * A failed call's HTTP status (`http.response.status_code` ≥ 400, as the OpenAI wrapper and
 * the AI SDK record it) as the `http_status` metadata entry, unless a source set one: the
 * Foglamp and raw-record renderers send metadata but not span attributes, and "401" tells
 * a reader more than the provider's message alone.
 */
function addHttpStatus(obs: Observation, span: ReadableSpanLike): void {
  const status = getCount(span.attributes, ATTR_HTTP_RESPONSE_STATUS_CODE);
  if (status === undefined || status < 400 || obs.metadata?.http_status !== undefined) return;
  obs.metadata = { ...obs.metadata, http_status: String(status) };
}

function hasUsage(fields: ObservationFields): boolean {
  for (const field of USAGE_FIELDS) if (fields[field] !== undefined) return true;
  return false;
}

function usageKeys(fields: ObservationFields): Set<string> {
  return new Set(USAGE_FIELDS.filter((field) => fields[field] !== undefined));
}

/**
 * Error signals in order of how much they say: span status, the first exception
 * event's message, `error.type`, an HTTP status ≥ 400.
 */
function detectError(span: ReadableSpanLike): { error: boolean; message?: string } {
  const exception = span.events.find((e) => e.name === 'exception');
  const exceptionMessage = exception?.attributes
    ? getString(exception.attributes, ATTR_EXCEPTION_MESSAGE) ?? getString(exception.attributes, ATTR_EXCEPTION_TYPE)
    : undefined;
  if (span.status.code === SpanStatusCode.ERROR) {
    return { error: true, message: span.status.message || exceptionMessage || getString(span.attributes, ATTR_ERROR_TYPE) };
  }
  const errorType = getString(span.attributes, ATTR_ERROR_TYPE);
  if (errorType !== undefined) return { error: true, message: exceptionMessage ?? errorType };
  if (exception) return { error: true, message: exceptionMessage };
  const httpStatus = getCount(span.attributes, ATTR_HTTP_RESPONSE_STATUS_CODE);
  if (httpStatus !== undefined && httpStatus >= 400) return { error: true, message: exceptionMessage ?? `HTTP ${httpStatus}` };
  return { error: false };
}
