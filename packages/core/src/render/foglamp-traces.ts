import type { Observation } from '../observation.js';
import { toFoglampSpan } from './foglamp-span.js';
import type { FoglampSpan, FoglampTrace, FoglampTraceFields } from './foglamp-types.js';

/** The observations of one trace, in the order they were given. */
export interface ObservationGroup {
  traceId: string;
  observations: Observation[];
}

/** Options of {@link toFoglampTraces}. */
export interface FoglampTracesOptions {
  /**
   * Called for an observation that cannot be rendered; it is left out. Without it the
   * error is thrown, so a caller that must account for every span passes one.
   */
  onRenderError?: (observation: Observation, error: unknown) => void;
}

/** Trace-level fields that have a field of their own in a Foglamp trace entry. */
const TRACE_STRING_FIELDS = ['agentName', 'workflowName', 'workflowRunId', 'sessionId'] as const;

/** Groups observations by trace id, traces in order of first appearance. */
export function groupByTrace(observations: Iterable<Observation>): ObservationGroup[] {
  const groups = new Map<string, ObservationGroup>();
  for (const obs of observations) {
    let group = groups.get(obs.traceId);
    if (!group) {
      group = { traceId: obs.traceId, observations: [] };
      groups.set(obs.traceId, group);
    }
    group.observations.push(obs);
  }
  return [...groups.values()];
}

/**
 * The trace-level fields of one trace entry, from the trace attributes its observations
 * carry. Root observations speak first (a nested sub-agent must not rename the trace's
 * agent), then the others in order; the first value of each field (and of each metadata
 * key) wins. The contract has no field for the user, trace name, tags, environment,
 * release or version, so those travel as trace metadata (`userId`, `traceName`, `tags` as
 * JSON text, `environment`, `release`, `version`) unless the user's metadata has the key.
 */
export function foglampTraceFields(observations: readonly Observation[]): FoglampTraceFields {
  const ordered = [...observations.filter((o) => !o.parentSpanId), ...observations.filter((o) => o.parentSpanId)];
  const fields: FoglampTraceFields = {};
  const metadata: Record<string, string> = {};
  const putMeta = (key: string, value: unknown): void => {
    if (typeof value === 'string' && !(key in metadata)) metadata[key] = value;
  };
  for (const obs of ordered) {
    for (const key of TRACE_STRING_FIELDS) {
      const value = obs[key];
      if (fields[key] === undefined && typeof value === 'string' && value !== '') fields[key] = value;
    }
    if (obs.traceMetadata !== null && typeof obs.traceMetadata === 'object') {
      for (const [key, value] of Object.entries(obs.traceMetadata)) putMeta(key, value);
    }
  }
  // Derived keys come after every observation's own metadata, so user keys always win.
  for (const obs of ordered) {
    putMeta('userId', obs.userId);
    putMeta('traceName', obs.traceName);
    const tags = Array.isArray(obs.tags) ? obs.tags.filter((t): t is string => typeof t === 'string') : [];
    if (tags.length > 0) putMeta('tags', JSON.stringify(tags));
    putMeta('environment', obs.environment);
    putMeta('release', obs.release);
    putMeta('version', obs.version);
  }
  if (Object.keys(metadata).length > 0) fields.metadata = metadata;
  return fields;
}

/**
 * Renders observations as Foglamp trace entries: the spans of one trace share one entry
 * (contract: "spans of one trace in one batch share one Trace entry") whose trace-level
 * fields come from the observations' trace attributes (see {@link foglampTraceFields}).
 * A trace none of whose spans rendered is left out, since an entry needs at least one span.
 * Does not split batches: the 1000-trace and byte limits belong to the exporter.
 */
export function toFoglampTraces(observations: Iterable<Observation>, options: FoglampTracesOptions = {}): FoglampTrace[] {
  const traces: FoglampTrace[] = [];
  for (const group of groupByTrace(observations)) {
    const spans: FoglampSpan[] = [];
    for (const obs of group.observations) {
      try {
        spans.push(toFoglampSpan(obs));
      } catch (error) {
        if (!options.onRenderError) throw error;
        options.onRenderError(obs, error);
      }
    }
    if (spans.length === 0) continue;
    traces.push({ traceId: group.traceId, ...foglampTraceFields(group.observations), spans });
  }
  return traces;
}
