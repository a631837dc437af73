/**
 * The dev server's memory: received traces, bounded, newest first. A trace is created when
 * its first span arrives through either receiver and is evicted oldest-first once more than
 * `maxTraces` are held, so a `lamplight dev` left running for a day holds at most that many.
 */
import type { ViewObservation, ViewProblem, ViewSnapshot, ViewTrace, ViewTraceSummary, ViewViolation } from './view-model.js';

/** Trace-level fields one span or entry carried; merged into the trace, first value wins. */
export interface TraceFields {
  name?: string;
  userId?: string;
  sessionId?: string;
  tags: string[];
  environment?: string;
  metadata?: Record<string, string>;
}

/** Limits of a {@link TraceStore}. */
export interface TraceStoreLimits {
  /** Traces kept; the oldest is evicted beyond this. */
  maxTraces: number;
  /** Observations kept per trace; more are counted in `droppedObservations`. Default 5000. */
  maxObservationsPerTrace?: number;
  /** Request-level problems kept (newest). Default 50. */
  maxProblems?: number;
}

/** Trace with the bookkeeping the store needs and the page does not. */
interface StoredTrace extends ViewTrace {
  /** `source/spanId` → index in `observations`, so a resent span replaces itself. */
  index: Map<string, number>;
}

/** Bounded in-memory store of received traces. */
export class TraceStore {
  // A Map iterates in insertion order: oldest first, so eviction takes the first key.
  private readonly traces = new Map<string, StoredTrace>();
  private readonly problems: ViewProblem[] = [];
  private evicted = 0;
  private readonly maxObservations: number;
  private readonly maxProblems: number;

  constructor(private readonly limits: TraceStoreLimits) {
    if (!Number.isInteger(limits.maxTraces) || limits.maxTraces < 1) throw new RangeError(`maxTraces must be a positive integer, got ${String(limits.maxTraces)}`);
    this.maxObservations = limits.maxObservationsPerTrace ?? 5000;
    this.maxProblems = limits.maxProblems ?? 50;
  }

  /** Adds one observation with its trace's fields; returns the trace id. */
  addObservation(observation: ViewObservation, fields: TraceFields, at: number): string {
    const trace = this.traceFor(observation.traceId, at);
    mergeFields(trace, fields);
    const key = `${observation.source}/${observation.spanId}`;
    const existing = trace.index.get(key);
    if (existing !== undefined) trace.observations[existing] = observation;
    else if (trace.observations.length >= this.maxObservations) trace.droppedObservations = (trace.droppedObservations ?? 0) + 1;
    else {
      trace.index.set(key, trace.observations.length);
      trace.observations.push(observation);
    }
    return trace.traceId;
  }

  /** Attaches a contract violation to its trace; returns false when the trace is unknown. */
  addViolation(traceId: string, violation: ViewViolation, at: number): void {
    const trace = this.traceFor(traceId, at);
    if (trace.violations.length < this.maxObservations) trace.violations.push(violation);
  }

  /** Records a request-level problem (kept newest first, bounded). */
  addProblem(problem: ViewProblem): void {
    this.problems.unshift(problem);
    if (this.problems.length > this.maxProblems) this.problems.length = this.maxProblems;
  }

  /** The list: every trace summarised, newest first. */
  snapshot(): ViewSnapshot {
    const traces = [...this.traces.values()].reverse().map(summarize);
    return { traces, problems: [...this.problems], evicted: this.evicted, maxTraces: this.limits.maxTraces };
  }

  /** One trace with its observations, or undefined. */
  trace(traceId: string): ViewTrace | undefined {
    const stored = this.traces.get(traceId.toLowerCase());
    if (!stored) return undefined;
    const { index: _index, ...trace } = stored;
    return trace;
  }

  /** The summary row of one trace, or undefined. */
  summary(traceId: string): ViewTraceSummary | undefined {
    const stored = this.traces.get(traceId.toLowerCase());
    return stored ? summarize(stored) : undefined;
  }

  /** Number of traces held. */
  get size(): number {
    return this.traces.size;
  }

  private traceFor(traceId: string, at: number): StoredTrace {
    const id = traceId.toLowerCase();
    let trace = this.traces.get(id);
    if (!trace) {
      trace = { traceId: id, tags: [], firstReceivedAt: at, lastReceivedAt: at, observations: [], violations: [], index: new Map() };
      this.traces.set(id, trace);
      while (this.traces.size > this.limits.maxTraces) {
        const oldest = this.traces.keys().next();
        if (oldest.done) break;
        this.traces.delete(oldest.value);
        this.evicted += 1;
      }
    }
    trace.lastReceivedAt = Math.max(trace.lastReceivedAt, at);
    return trace;
  }
}

function mergeFields(trace: ViewTrace, fields: TraceFields): void {
  trace.name ??= fields.name;
  trace.userId ??= fields.userId;
  trace.sessionId ??= fields.sessionId;
  trace.environment ??= fields.environment;
  for (const tag of fields.tags) if (!trace.tags.includes(tag)) trace.tags.push(tag);
  if (fields.metadata) trace.metadata = { ...fields.metadata, ...trace.metadata };
  for (const key of ['name', 'userId', 'sessionId', 'environment'] as const) if (trace[key] === undefined) delete trace[key];
}

function summarize(trace: ViewTrace): ViewTraceSummary {
  const levels = new Set<string>();
  const sources = new Set<ViewTraceSummary['sources'][number]>();
  let start = Infinity;
  let end = -Infinity;
  for (const o of trace.observations) {
    if (o.level) levels.add(o.level);
    sources.add(o.source);
    start = Math.min(start, o.startTime);
    end = Math.max(end, o.endTime);
  }
  // Without its root span the trace takes its name from its earliest observation.
  const earliest = [...trace.observations].sort((a, b) => a.startTime - b.startTime)[0];
  const name = trace.name ?? trace.observations.find((o) => !o.parentSpanId)?.name ?? earliest?.name;
  const summary: ViewTraceSummary = {
    traceId: trace.traceId,
    name,
    userId: trace.userId,
    sessionId: trace.sessionId,
    tags: trace.tags,
    levels: [...levels],
    sources: [...sources],
    observationCount: trace.observations.length,
    violationCount: trace.violations.length,
    startTime: Number.isFinite(start) ? start : trace.firstReceivedAt,
    durationMs: Number.isFinite(start) ? Math.max(0, end - start) : 0,
    lastReceivedAt: trace.lastReceivedAt,
  };
  for (const key of ['name', 'userId', 'sessionId'] as const) if (summary[key] === undefined) delete summary[key];
  return summary;
}
