import { randomUuid } from '../random-uuid.js';
import type { Observation } from '../observation.js';
import { langfuseEnvironment } from './langfuse-attributes.js';
import { isoTime, toLangfuseIngestionEvent, type LangfuseIngestionRenderOptions } from './langfuse-ingestion-events.js';
import type { LangfuseIngestionEvent, LangfuseTraceBody } from './langfuse-ingestion-types.js';
import { groupByTrace } from './foglamp-traces.js';

/** Options of {@link toLangfuseIngestionBatch}. */
export interface LangfuseIngestionBatchOptions extends LangfuseIngestionRenderOptions {
  /** Called for an observation that cannot be rendered (it is left out); without it the error is thrown. */
  onRenderError?: (observation: Observation, error: unknown) => void;
}

/** Trace-level string fields copied first-wins. */
const STRING_FIELDS = [
  ['traceName', 'name'],
  ['userId', 'userId'],
  ['sessionId', 'sessionId'],
  ['release', 'release'],
  ['version', 'version'],
] as const;

/**
 * The `trace-create` body of one trace from the trace attributes its observations carry
 * (Langfuse's trace fields: name, user, session, tags, release, version, environment,
 * metadata, input, output, public). Root observations speak first, then the others in
 * order; the first value of each field wins, tags are united, metadata merges per key.
 * Without a trace name, the root span's name is used, as Langfuse does for OTLP spans.
 * `timestamp` is the earliest start time.
 */
export function langfuseTraceBody(traceId: string, observations: readonly Observation[]): LangfuseTraceBody {
  const roots = observations.filter((o) => !o.parentSpanId);
  const ordered = [...roots, ...observations.filter((o) => o.parentSpanId)];
  const body: LangfuseTraceBody = { id: traceId };
  const start = Math.min(...observations.map((o) => o.startTime).filter((t) => Number.isFinite(t)));
  const timestamp = isoTime(start);
  if (timestamp) body.timestamp = timestamp;
  const metadata: Record<string, string> = {};
  const tags = new Set<string>();
  for (const obs of ordered) {
    for (const [from, to] of STRING_FIELDS) {
      const value = obs[from];
      if (body[to] === undefined && typeof value === 'string' && value !== '') body[to] = value;
    }
    if (body.input === undefined && obs.traceInput !== undefined && obs.traceInput !== null) body.input = obs.traceInput;
    if (body.output === undefined && obs.traceOutput !== undefined && obs.traceOutput !== null) body.output = obs.traceOutput;
    if (body.public === undefined && typeof obs.public === 'boolean') body.public = obs.public;
    if (body.environment === undefined) body.environment = langfuseEnvironment(obs.environment);
    if (Array.isArray(obs.tags)) for (const tag of obs.tags) if (typeof tag === 'string' && tag !== '') tags.add(tag);
    if (obs.traceMetadata !== null && typeof obs.traceMetadata === 'object') {
      for (const [key, value] of Object.entries(obs.traceMetadata)) if (typeof value === 'string' && !(key in metadata)) metadata[key] = value;
    }
  }
  // Derived keys after every observation's own metadata, so user keys always win (as in the OTLP rendering).
  for (const obs of ordered) {
    for (const [key, value] of [['agent_name', obs.agentName], ['workflow_name', obs.workflowName], ['workflow_run_id', obs.workflowRunId]] as const) {
      if (typeof value === 'string' && !(key in metadata)) metadata[key] = value;
    }
  }
  if (body.environment === undefined) delete body.environment;
  if (body.name === undefined && roots[0] && roots[0].name !== '') body.name = roots[0].name;
  if (tags.size > 0) body.tags = [...tags];
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  return body;
}

/** Wraps a trace body in its `trace-create` envelope (a fresh event id each call). */
export function toLangfuseTraceEvent(body: LangfuseTraceBody, options: LangfuseIngestionRenderOptions = {}): LangfuseIngestionEvent<LangfuseTraceBody> {
  const now = (options.now ?? Date.now)();
  return { id: (options.newEventId ?? randomUuid)(), type: 'trace-create', timestamp: isoTime(now) ?? new Date().toISOString(), body };
}

/**
 * Renders observations as one batch of events: per trace, its `trace-create` first, then one
 * create event per observation. A trace none of whose observations rendered gets no
 * `trace-create`. Does not split by size: the 3.5 MB limit belongs to the exporter.
 */
export function toLangfuseIngestionBatch(observations: Iterable<Observation>, options: LangfuseIngestionBatchOptions = {}): LangfuseIngestionEvent[] {
  const events: LangfuseIngestionEvent[] = [];
  for (const group of groupByTrace(observations)) {
    const rendered: LangfuseIngestionEvent[] = [];
    for (const obs of group.observations) {
      try {
        rendered.push(toLangfuseIngestionEvent(obs, options));
      } catch (error) {
        if (!options.onRenderError) throw error;
        options.onRenderError(obs, error);
      }
    }
    if (rendered.length === 0) continue;
    events.push(toLangfuseTraceEvent(langfuseTraceBody(group.traceId, group.observations), options), ...rendered);
  }
  return events;
}
