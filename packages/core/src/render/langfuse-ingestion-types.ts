/**
 * The wire shapes of Langfuse's legacy batch ingestion API, `POST /api/public/ingestion`
 * (seed: shared/seeds/langfuse-legacy-ingestion-batch.txt; contract summary in
 * shared/contracts/langfuse-otlp.md, "Legacy ingestion API"). Plain JSON: the renderer
 * produces them, `@lamplight/langfuse` sends them.
 */

/** Langfuse documents "batch sizes are limited to 3.5 MB in total"; read as 3,500,000 bytes, the stricter reading. */
export const LANGFUSE_INGESTION_MAX_BATCH_BYTES = 3_500_000;

/** Event types for observation kinds Langfuse ≥ 3 knows besides span/generation/event (the `typed` rendering). */
export const LANGFUSE_TYPED_EVENT_TYPES = [
  'agent-create',
  'tool-create',
  'chain-create',
  'retriever-create',
  'evaluator-create',
  'embedding-create',
  'guardrail-create',
] as const;

/** Event types the renderer emits. */
export type LangfuseIngestionEventType =
  | 'trace-create'
  | 'span-create'
  | 'generation-create'
  | 'event-create'
  | (typeof LANGFUSE_TYPED_EVENT_TYPES)[number];

/**
 * How kinds without a legacy event type are rendered:
 * - `compatible` (default): agent, tool, chain, retriever, guardrail and evaluator become
 *   `span-create` with the kind kept in `metadata.observation_type`, and embeddings become
 *   `generation-create`. Every Langfuse version that has this API accepts these.
 * - `typed`: each kind gets its own event type (`agent-create`, `embedding-create`, …) with a
 *   generation-like body, so Langfuse shows the real observation type. Only Langfuse
 *   versions that know those types accept them; older ones answer a per-event error.
 */
export type LangfuseIngestionTypeMode = 'compatible' | 'typed';

/** Observation levels of the ingestion API. */
export type LangfuseIngestionLevel = 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR';

/** Body of a `trace-create` event. `id` is the trace id (32 hex, the OTel trace id). */
export interface LangfuseTraceBody {
  id: string;
  timestamp?: string;
  name?: string;
  userId?: string;
  sessionId?: string;
  input?: unknown;
  output?: unknown;
  release?: string;
  version?: string;
  metadata?: Record<string, string>;
  tags?: string[];
  public?: boolean;
  environment?: string;
}

/** Body of `span-create` and `event-create` (events have no `endTime`). `id` is the span id. */
export interface LangfuseObservationBody {
  id: string;
  traceId: string;
  parentObservationId?: string;
  name?: string;
  startTime: string;
  endTime?: string;
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, string>;
  level: LangfuseIngestionLevel;
  statusMessage?: string;
  version?: string;
  environment?: string;
}

/** Body of `generation-create` and the typed kinds: an observation body plus model fields. */
export interface LangfuseGenerationBody extends LangfuseObservationBody {
  completionStartTime?: string;
  model?: string;
  modelParameters?: Record<string, string | number>;
  /** Exclusive counts: `input` without cached tokens, `output` without reasoning tokens; integers ≥ 0. */
  usageDetails?: Record<string, number>;
  /** USD, non-negative numbers. */
  costDetails?: Record<string, number>;
  /** Sent only together with an integer `promptVersion` ≥ 1: Langfuse rejects one without the other. */
  promptName?: string;
  promptVersion?: number;
}

/** One event of a batch: the envelope `id` is unique per event (Langfuse deduplicates on it). */
export interface LangfuseIngestionEvent<B = LangfuseTraceBody | LangfuseObservationBody | LangfuseGenerationBody> {
  id: string;
  type: LangfuseIngestionEventType;
  /** ISO 8601 time the event was created. */
  timestamp: string;
  body: B;
}

/** A request body: `{ batch: [...] }`. */
export interface LangfuseIngestionBatch {
  batch: LangfuseIngestionEvent[];
}

/** One entry of a 207 answer's `errors`. */
export interface LangfuseIngestionError {
  id: string;
  status: number;
  message?: string;
  error?: unknown;
}

/** The answer to a batch (HTTP 207): per-event successes and errors. */
export interface LangfuseIngestionResponse {
  successes: Array<{ id: string; status: number }>;
  errors: LangfuseIngestionError[];
}
