/**
 * Turns what a receiver recorded for one request into store entries: observations of the
 * accepted spans, violations on their trace, and a problem line for a refused request or a
 * request-level violation. Returns what changed, for the live updates and the JSON Lines file.
 */
import type { FoglampRecordedRequest, RecordedRequest } from '@lamplight/testkit';
import { foglampObservation, foglampProblem, foglampTraceFields, foglampTraces, foglampViolation } from './foglamp-view.js';
import { langfuseObservation, langfuseProblem, langfuseTraceFields, langfuseViolation } from './langfuse-view.js';
import type { TraceStore } from './trace-store.js';
import type { ViewObservation, ViewProblem } from './view-model.js';

/** What one request changed. */
export interface IntakeResult {
  /** Trace ids that gained observations or violations. */
  traceIds: string[];
  /** Observations added (for the JSON Lines file). */
  observations: ViewObservation[];
  /** A problem line, when the request was refused or broke a request-level rule. */
  problems: ViewProblem[];
}

/** Files a Langfuse OTLP request: spans only when Langfuse would have accepted them (2xx). */
export function intakeLangfuse(store: TraceStore, request: RecordedRequest): IntakeResult {
  const result: IntakeResult = { traceIds: [], observations: [], problems: [] };
  const ids = new Set<string>();
  const at = request.receivedAt;
  if (request.accepted) {
    for (const span of request.spans) {
      const observation = langfuseObservation(span);
      ids.add(store.addObservation(observation, langfuseTraceFields(span), at));
      result.observations.push(observation);
    }
  }
  for (const violation of request.violations) {
    if (violation.traceId && request.accepted) {
      store.addViolation(violation.traceId, langfuseViolation(violation), at);
      ids.add(violation.traceId.toLowerCase());
    } else {
      result.problems.push({ source: 'langfuse', at, status: request.status, message: `${violation.attribute}: ${violation.reason}` });
    }
  }
  const refused = langfuseProblem(request);
  if (refused) result.problems.push(refused);
  for (const problem of result.problems) store.addProblem(problem);
  result.traceIds = [...ids];
  return result;
}

/**
 * Files a Foglamp request. The receiver accepts valid spans one by one, so every span row
 * of a 2xx answer is shown; rows that broke the contract are shown too, marked by their
 * violation, because seeing what was wrong is the point of the viewer.
 */
export function intakeFoglamp(store: TraceStore, request: FoglampRecordedRequest): IntakeResult {
  const result: IntakeResult = { traceIds: [], observations: [], problems: [] };
  const ids = new Set<string>();
  const at = request.receivedAt;
  const ok = request.status >= 200 && request.status < 300 && !request.injected;
  if (ok) {
    for (const entry of foglampTraces(request)) {
      const fields = foglampTraceFields(entry);
      for (const span of entry.spans) {
        if (typeof span !== 'object' || span === null || typeof span.spanId !== 'string') continue;
        const observation = foglampObservation(entry.traceId, span);
        ids.add(store.addObservation(observation, fields, at));
        result.observations.push(observation);
      }
    }
  }
  for (const violation of request.violations) {
    if (violation.traceId && ok) {
      store.addViolation(violation.traceId, foglampViolation(violation), at);
      ids.add(violation.traceId.toLowerCase());
    } else {
      result.problems.push({ source: 'foglamp', at, status: request.status, message: `${violation.field}: ${violation.reason}` });
    }
  }
  const refused = foglampProblem(request);
  if (refused) result.problems.push(refused);
  for (const problem of result.problems) store.addProblem(problem);
  result.traceIds = [...ids];
  return result;
}
