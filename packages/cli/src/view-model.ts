/**
 * What the viewer page shows, as plain JSON: one observation per received span, read from
 * what a backend received (not from Lamplight's own model), grouped into traces. Shared by
 * the server and the page, so the two cannot drift; types only, no runtime code.
 */

/** Which receiver an observation came through. */
export type ViewSource = 'langfuse' | 'foglamp';

/** Token counts as the backend reads them; absent when not sent. */
export interface ViewUsage {
  /** Input tokens including cached ones. */
  input?: number;
  /** Of `input`, read from the cache. */
  cached?: number;
  /** Of `input`, written to the cache. */
  cacheWrite?: number;
  /** Output tokens including reasoning ones. */
  output?: number;
  /** Of `output`, spent on reasoning. */
  reasoning?: number;
  /** Total as sent. */
  total?: number;
}

/** One contract violation the receiver found, tied to a span when it could be. */
export interface ViewViolation {
  source: ViewSource;
  /** Span id, when the violation is about one span. */
  spanId?: string;
  /** Attribute, header or field path at fault. */
  field: string;
  /** What is wrong. */
  reason: string;
}

/** One observation (span) as received. */
export interface ViewObservation {
  source: ViewSource;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Observation type as the backend names it (`generation`, `llm`, `tool`, …). */
  type: string;
  /** Epoch milliseconds. */
  startTime: number;
  endTime: number;
  model?: string;
  provider?: string;
  /** Time to first token, ms. */
  ttftMs?: number;
  usage?: ViewUsage;
  /** `DEFAULT`/`WARNING`/`ERROR`/`DEBUG` for Langfuse; `ok`/`error` for Foglamp. */
  level?: string;
  statusMessage?: string;
  /** Parsed JSON where the wire carried JSON text, else the text. */
  input?: unknown;
  output?: unknown;
  modelParameters?: unknown;
  metadata?: Record<string, string>;
}

/** One trace: its observations from each receiver and what was wrong with them. */
export interface ViewTrace {
  traceId: string;
  name?: string;
  userId?: string;
  sessionId?: string;
  tags: string[];
  environment?: string;
  metadata?: Record<string, string>;
  /** When the first and the latest span of it arrived (epoch ms). */
  firstReceivedAt: number;
  lastReceivedAt: number;
  observations: ViewObservation[];
  violations: ViewViolation[];
  /** Observations not kept because the trace hit the per-trace limit. */
  droppedObservations?: number;
}

/** A list row: enough to filter and to draw the list without the observations. */
export interface ViewTraceSummary {
  traceId: string;
  name?: string;
  userId?: string;
  sessionId?: string;
  tags: string[];
  /** Levels present among the observations (for the level filter). */
  levels: string[];
  sources: ViewSource[];
  observationCount: number;
  violationCount: number;
  startTime: number;
  durationMs: number;
  lastReceivedAt: number;
}

/** A request-level problem not tied to a trace (bad auth, undecodable body, …). */
export interface ViewProblem {
  source: ViewSource;
  at: number;
  status: number;
  message: string;
}

/** What `GET /api/traces` answers and the first server-sent event carries. */
export interface ViewSnapshot {
  traces: ViewTraceSummary[];
  problems: ViewProblem[];
  /** Traces dropped because the store was full since start. */
  evicted: number;
  maxTraces: number;
}
