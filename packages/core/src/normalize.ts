import { SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import type { Observation, ObservationFields, ObservationKind } from './observation.js';
import { getCount, getString } from './readers/attribute-values.js';
import { readGenAi } from './readers/gen-ai-reader.js';
import { readLamplight } from './readers/lamplight-reader.js';
import { readLangfuse } from './readers/langfuse-reader.js';
import type { ConventionReader } from './readers/reader.js';
import { hrTimeToMs, parentSpanIdOf, type ReadableSpanLike } from './span-like.js';

/**
 * Readers in priority order: the first reader that yields a field wins it.
 * Explicit statements (our API, `langfuse.*`) come before inferred conventions.
 */
export const DEFAULT_READERS: readonly ConventionReader[] = [readLamplight, readLangfuse, readGenAi];

/**
 * Turns one finished span into the canonical `Observation`, whatever convention it
 * speaks. Pure: reads the span, never mutates it.
 */
export function normalize(span: ReadableSpanLike, readers: readonly ConventionReader[] = DEFAULT_READERS): Observation {
  const fields: ObservationFields = {};
  for (const read of readers) mergeFirstWins(fields, read(span));

  const ctx = span.spanContext();
  const startTime = hrTimeToMs(span.startTime);
  const failure = detectError(span);
  const kind: ObservationKind = fields.kind ?? (fields.model !== undefined ? 'generation' : 'span');
  const error = fields.error ?? failure.error;
  const obs: Observation = {
    ...fields,
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: parentSpanIdOf(span),
    name: span.name,
    startTime,
    endTime: hrTimeToMs(span.endTime),
    kind,
    error,
    level: fields.level ?? (error ? 'ERROR' : 'INFO'),
    statusMessage: fields.statusMessage ?? failure.message,
  };
  if (obs.totalTokens === undefined && (obs.inputTokens !== undefined || obs.outputTokens !== undefined)) {
    obs.totalTokens = (obs.inputTokens ?? 0) + (obs.outputTokens ?? 0);
  }
  if (obs.completionStartTime === undefined && obs.ttftMs !== undefined) {
    obs.completionStartTime = startTime + obs.ttftMs;
  }
  if (obs.ttftMs === undefined && obs.completionStartTime !== undefined) {
    obs.ttftMs = Math.max(0, obs.completionStartTime - startTime);
  }
  return obs;
}

/** Copies each defined field of `from` that `into` does not have yet. */
function mergeFirstWins(into: ObservationFields, from: ObservationFields): void {
  const target = into as Record<string, unknown>;
  for (const [key, value] of Object.entries(from)) {
    if (value !== undefined && target[key] === undefined) target[key] = value;
  }
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
