/**
 * The Foglamp ingest wire format, v1 (contract: shared/contracts/foglamp-ingest.md).
 * Plain JSON shapes: the renderer produces them, `@lamplight/foglamp` sends them.
 */

/** The wire contract version every batch carries. */
export const FOGLAMP_WIRE_VERSION = 'v1';

/** Most traces one request may carry; a larger batch is split by the client. */
export const FOGLAMP_MAX_TRACES_PER_BATCH = 1000;

/** Span types we emit (the contract's "(ours)" list). */
export type FoglampSpanType = 'llm' | 'embedding' | 'tool' | 'agent' | 'retrieval' | 'workflow' | 'span';

/** Every span type we emit, for validation. */
export const FOGLAMP_SPAN_TYPES: readonly FoglampSpanType[] = ['llm', 'embedding', 'tool', 'agent', 'retrieval', 'workflow', 'span'];

/** Token and unit counts; every present field is a non-negative integer, unknown fields are omitted. */
export interface FoglampUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
  imageCount?: number;
  webSearchCount?: number;
  requestCount?: number;
}

/** One span row. Times are integer milliseconds since the Unix epoch. */
export interface FoglampSpan {
  spanId: string;
  spanType: FoglampSpanType;
  name: string;
  startTime: number;
  endTime: number;
  parentSpanId?: string;
  status: 'ok' | 'error';
  /** Only when `status` is `error`. */
  errorMessage?: string;
  provider?: string;
  modelId?: string;
  /** Only on model calls (`llm`, `embedding`), so aggregate agent spans are not counted twice. */
  usage?: FoglampUsage;
  /** Time to first token, integer milliseconds. */
  ttftMs?: number;
  /** Strings as they are; structured values as JSON text. */
  input?: string;
  output?: string;
  metadata?: Record<string, string>;
}

/** The trace-level fields of a trace entry (everything but `traceId` and `spans`). */
export interface FoglampTraceFields {
  agentName?: string;
  workflowName?: string;
  workflowRunId?: string;
  sessionId?: string;
  metadata?: Record<string, string>;
}

/** One trace entry: the spans of one trace in one batch, under its trace-level fields. */
export interface FoglampTrace extends FoglampTraceFields {
  traceId: string;
  spans: FoglampSpan[];
}

/** A request body: `{ version: "v1", traces: [...] }` with 1 to 1000 traces. */
export interface FoglampBatch {
  version: typeof FOGLAMP_WIRE_VERSION;
  traces: FoglampTrace[];
}
