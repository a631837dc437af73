import { context, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { normalizeTraceId, RateLimitedLogger } from '@lamplight/core/internal';
import { randomBytes } from 'node:crypto';

const log = new RateLimitedLogger('@lamplight/raw-record');

/**
 * A context in which new spans belong to the trace `traceId`, given as 32 hex digits or as a
 * UUID (`1c563dcf-980b-449a-bb0d-cbeaf1784e81` becomes `1c563dcf980b449abb0dcbeaf1784e81`).
 * It works the way an incoming W3C `traceparent` does: a remote, sampled parent span
 * context carries the trace id, so every exporter (raw records, Langfuse, Foglamp) sees the
 * same id. The root span's parent is that remote span (a random id), as for any trace that
 * continues from another service.
 *
 * An id that is neither form is not used: the parent context comes back unchanged and the
 * problem is logged once, because a malformed request id must not break the app's request.
 *
 * @example
 * ```ts
 * await context.with(contextWithTraceId(requestUuid), () => observe('answer', { kind: 'agent' }, run));
 * ```
 */
export function contextWithTraceId(traceId: string, parent: Context = context.active()): Context {
  const hex = normalizeTraceId(traceId);
  if (hex === undefined) {
    log.warn('trace-id', 'contextWithTraceId: the trace id is neither 32 hex digits nor a UUID; a new trace id will be generated');
    return parent;
  }
  let spanId = randomBytes(8).toString('hex');
  // The all-zero span id is invalid and would make OTel ignore the parent, trace id included.
  while (/^0+$/.test(spanId)) spanId = randomBytes(8).toString('hex');
  return trace.setSpanContext(parent, { traceId: hex, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
}
