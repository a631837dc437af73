/**
 * The canonical observation: one plain object per span, produced by `normalize(span)`.
 * Every renderer reads only this, so a new source convention touches one reader and a
 * new backend touches one renderer.
 */

/** What an observation is, in the vocabulary both backends understand. */
export type ObservationKind =
  | 'generation'
  | 'embedding'
  | 'tool'
  | 'agent'
  | 'chain'
  | 'retriever'
  | 'guardrail'
  | 'evaluator'
  | 'event'
  | 'span';

/** All observation kinds, in a stable order (used for validation). */
export const OBSERVATION_KINDS: readonly ObservationKind[] = [
  'generation',
  'embedding',
  'tool',
  'agent',
  'chain',
  'retriever',
  'guardrail',
  'evaluator',
  'event',
  'span',
];

/** Severity of an observation. Langfuse renders INFO as DEFAULT and WARN as WARNING. */
export type ObservationLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Model parameter values as both backends accept them. */
export type ModelParameterValue = string | number;

/**
 * Token and unit counts. Integers ≥ 0; a field is absent when unknown, never 0 for unknown.
 * `inputTokens` includes cached and cache-write tokens and `outputTokens` includes
 * reasoning tokens, as in the OTel GenAI conventions.
 */
export interface UsageCounts {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
  reasoningTokens?: number;
  imageCount?: number;
  webSearchCount?: number;
  requestCount?: number;
}

/** Every field of `UsageCounts`, in one place for the readers, the manual API and `normalize`. */
export const USAGE_COUNT_FIELDS: ReadonlyArray<keyof UsageCounts> = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cachedInputTokens',
  'cacheWriteInputTokens',
  'reasoningTokens',
  'imageCount',
  'webSearchCount',
  'requestCount',
];

/** Cost in USD, when the source knows it. */
export interface CostDetails {
  input?: number;
  output?: number;
  total?: number;
}

/** A link to a managed prompt. `version` is always an integer. */
export interface PromptRef {
  name: string;
  version?: number;
}

/** Attributes that describe the whole trace; they may be carried by any of its spans. */
export interface TraceFields {
  traceName?: string;
  userId?: string;
  sessionId?: string;
  tags?: string[];
  traceMetadata?: Record<string, string>;
  traceInput?: unknown;
  traceOutput?: unknown;
  agentName?: string;
  workflowName?: string;
  workflowRunId?: string;
  environment?: string;
  release?: string;
  version?: string;
  public?: boolean;
}

/** The fields a convention reader may yield; `normalize` merges them first-wins. */
export interface ObservationFields extends UsageCounts, TraceFields {
  kind?: ObservationKind;
  level?: ObservationLevel;
  statusMessage?: string;
  error?: boolean;
  provider?: string;
  model?: string;
  modelParameters?: Record<string, ModelParameterValue>;
  input?: unknown;
  output?: unknown;
  systemInstructions?: unknown;
  toolDefinitions?: unknown;
  cost?: CostDetails;
  ttftMs?: number;
  completionStartTime?: number;
  prompt?: PromptRef;
  metadata?: Record<string, string>;
  /**
   * A streaming call that ended without finishing: status UNSET, no error and no finish
   * reason (how each dialect marks "streaming" is documented in `readers/stream-abort.ts`).
   * `normalize` renders it as level WARN with status message `aborted`.
   */
  aborted?: boolean;
}

/** The canonical observation of one span (DESIGN §3). Times are epoch milliseconds. */
export interface Observation extends ObservationFields {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTime: number;
  endTime: number;
  kind: ObservationKind;
  level: ObservationLevel;
  error: boolean;
}

/** Kinds that carry a model, usage and cost; Langfuse strips those from the others. */
export function isModelKind(kind: ObservationKind): boolean {
  return kind === 'generation' || kind === 'embedding';
}
