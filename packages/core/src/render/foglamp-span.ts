import { isModelKind, type Observation, type ObservationKind, type UsageCounts } from '../observation.js';
import type { FoglampSpan, FoglampSpanType, FoglampUsage } from './foglamp-types.js';
import { toJsonText } from '../content/json-text-memo.js';

/** Observation kind → Foglamp span type. Kinds Foglamp has no word for become `span`. */
const SPAN_TYPES: Record<ObservationKind, FoglampSpanType> = {
  generation: 'llm',
  embedding: 'embedding',
  tool: 'tool',
  agent: 'agent',
  retriever: 'retrieval',
  // A chain is a sequence of steps (e.g. the outer AI SDK `generateText` span): a workflow.
  chain: 'workflow',
  guardrail: 'span',
  evaluator: 'span',
  event: 'span',
  span: 'span',
};

/** Usage fields in the order of the vendor's example; names match our model one to one. */
const USAGE_FIELDS: ReadonlyArray<keyof UsageCounts & keyof FoglampUsage> = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'reasoningTokens',
  'cachedInputTokens',
  'cacheWriteInputTokens',
  'imageCount',
  'webSearchCount',
  'requestCount',
];

/** The Foglamp span type of an observation kind. */
export function foglampSpanType(kind: ObservationKind): FoglampSpanType {
  return SPAN_TYPES[kind] ?? 'span';
}

/**
 * Renders one observation as a Foglamp span row (contract: shared/contracts/foglamp-ingest.md).
 * Valid by construction: integer millisecond times with `endTime ≥ startTime`, status
 * `ok`/`error` (error when the observation failed or has level ERROR), usage only on model
 * calls and only with known non-negative integer fields, content as text, string-only
 * metadata. Throws only on a non-finite time or one beyond the Date range, which the exporter
 * counts as a render error.
 */
export function toFoglampSpan(obs: Observation): FoglampSpan {
  const startTime = epochMs(obs.startTime, 'startTime', obs);
  const endTime = Math.max(startTime, epochMs(obs.endTime, 'endTime', obs));
  const failed = obs.error || obs.level === 'ERROR';
  // Key order follows the vendor's example, which keeps requests easy to read in a proxy log.
  const span: FoglampSpan = {
    spanId: obs.spanId,
    spanType: foglampSpanType(obs.kind),
    // The contract requires a name; OTel allows an empty one.
    name: text(obs.name) ?? obs.kind,
    startTime,
    endTime,
    status: failed ? 'error' : 'ok',
  };
  const parentSpanId = text(obs.parentSpanId);
  // A span cannot be its own parent; Foglamp would reject the row.
  if (parentSpanId && parentSpanId !== obs.spanId) span.parentSpanId = parentSpanId;
  const statusMessage = text(obs.statusMessage);
  if (failed && statusMessage) span.errorMessage = statusMessage;
  const provider = text(obs.provider);
  if (provider) span.provider = provider;
  const model = text(obs.model);
  if (model) span.modelId = model;
  // Aggregate spans (an agent or the outer AI SDK call) repeat the sum of their steps'
  // usage; only model calls carry usage, or Foglamp would count tokens twice.
  const usage = isModelKind(obs.kind) ? foglampUsage(obs) : undefined;
  if (usage) span.usage = usage;
  if (typeof obs.ttftMs === 'number' && Number.isFinite(obs.ttftMs) && obs.ttftMs >= 0) span.ttftMs = Math.round(obs.ttftMs);
  const input = contentText(obs.input);
  if (input !== undefined) span.input = input;
  const output = contentText(obs.output);
  if (output !== undefined) span.output = output;
  const metadata = spanMetadata(obs, failed, statusMessage);
  if (metadata) span.metadata = metadata;
  return span;
}

/**
 * The known usage fields of an observation, each a non-negative integer; undefined when
 * none is known. Counts are inclusive as in our model (input includes cached tokens,
 * output includes reasoning), which is how the vendor's example adds up its total.
 * A value that is not a non-negative integer is left out rather than sent wrong.
 */
export function foglampUsage(obs: UsageCounts): FoglampUsage | undefined {
  let usage: FoglampUsage | undefined;
  for (const field of USAGE_FIELDS) {
    const value = obs[field];
    if (value === undefined || !Number.isSafeInteger(value) || value < 0) continue;
    usage ??= {};
    usage[field] = value;
  }
  return usage;
}

/**
 * Strings are sent as they are and structured values as JSON text, as the contract says;
 * `null` means "nothing" and is left out. Values are JSON-safe already (the processor
 * prepared them), so stringify does not throw on cycles or BigInt.
 */
function contentText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return toJsonText(value);
}

/**
 * The observation's metadata, string values only. Foglamp knows only `ok`/`error`; a
 * warning level and a non-error status message (an aborted stream, say) would otherwise
 * vanish, so they travel as `level` and `statusMessage` unless the user set those keys.
 */
function spanMetadata(obs: Observation, failed: boolean, statusMessage: string | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (obs.metadata !== null && typeof obs.metadata === 'object') {
    for (const [key, value] of Object.entries(obs.metadata)) if (typeof value === 'string') out[key] = value;
  }
  if (!failed && (obs.level === 'WARN' || obs.level === 'DEBUG')) out.level ??= obs.level;
  if (!failed && statusMessage) out.statusMessage ??= statusMessage;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A non-empty string or undefined. Observations may come from third-party readers, so a
 * field typed as a string is checked rather than trusted: Foglamp rejects the whole span
 * for one wrongly typed field.
 */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The JavaScript Date range, ±100,000,000 days from the epoch, in milliseconds. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Integer epoch milliseconds. A non-finite time, or one beyond the Date range (a time given
 * in micro- or nanoseconds, an easy unit slip), cannot be rendered validly: Foglamp wants
 * integer milliseconds, and 1.7e18 "ms" is neither a safe integer nor a date. Throwing
 * makes the exporter count the span as `render-error` instead of sending a request Foglamp
 * refuses as a whole.
 */
function epochMs(value: number, field: string, obs: Observation): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`span ${obs.spanId} has a non-finite ${field}`);
  if (Math.abs(value) > MAX_EPOCH_MS) throw new RangeError(`span ${obs.spanId} has a ${field} beyond the Date range (not epoch milliseconds?)`);
  return Math.round(value);
}
