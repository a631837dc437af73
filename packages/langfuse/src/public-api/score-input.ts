import { scrubSecrets, truncateString } from '@lamplight/core/internal';

/** Scrubbed, then cut to `maxBytes` with the usual visible marker. */
function clean(s: string, maxBytes: number): string {
  const cut = truncateString(scrubSecrets(s), maxBytes);
  return cut.cutBytes > 0 ? `${cut.value}…[truncated ${cut.cutBytes} bytes]` : cut.value;
}

/** A score on a trace, an observation (with its trace) or a session: user feedback, an eval result. */
export interface ScoreInput {
  /** The trace scored (32 hex digits, as OTel writes it); see `currentTraceId()`. */
  traceId?: string;
  /** An observation (span id) within `traceId`. */
  observationId?: string;
  /** A session, instead of a trace. */
  sessionId?: string;
  /** The score's name, e.g. `user-feedback`. */
  name: string;
  /** A number (`NUMERIC`), a boolean (`BOOLEAN`, sent as 1/0) or a category (`CATEGORICAL`). */
  value: number | boolean | string;
  comment?: string;
  /** Inferred from `value` when left out. */
  dataType?: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL';
  /** An id of your own; sending the same id again updates the score. Default: a new UUID. */
  id?: string;
  /** String values only: scrubbed like any outgoing text. */
  metadata?: Record<string, string>;
}

/** The body of `POST /api/public/scores`. */
export interface ScoreBody {
  id: string;
  name: string;
  value: number | string;
  dataType: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL';
  traceId?: string;
  observationId?: string;
  sessionId?: string;
  comment?: string;
  metadata?: Record<string, string>;
}

/** Longest comment, name or metadata value sent. */
const MAX_TEXT_BYTES = 10_000;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * The request body for a score, or the reason it cannot be sent. Every string passes the
 * secret scrubber and a size budget, as any outgoing text does; nothing here throws.
 */
export function scoreBody(input: ScoreInput, newId: () => string): ScoreBody | string {
  if (input === null || typeof input !== 'object') return 'the score is not an object';
  const { traceId, observationId, sessionId, name, value, comment, dataType, id, metadata } = input;
  if (typeof name !== 'string' || name.trim() === '') return '"name" must be a non-empty string';
  if ((traceId === undefined) === (sessionId === undefined)) return 'give either "traceId" (optionally with "observationId") or "sessionId"';
  if (traceId !== undefined && (typeof traceId !== 'string' || !TRACE_ID.test(traceId))) return '"traceId" must be 32 lowercase hex digits';
  if (observationId !== undefined && (traceId === undefined || typeof observationId !== 'string' || !SPAN_ID.test(observationId))) {
    return '"observationId" must be 16 lowercase hex digits, with "traceId"';
  }
  if (sessionId !== undefined && (typeof sessionId !== 'string' || sessionId === '')) return '"sessionId" must be a non-empty string';
  const typed = typedValue(value, dataType);
  if (typeof typed === 'string') return typed;
  const text = (s: string): string => clean(s, MAX_TEXT_BYTES);
  const body: ScoreBody = { id: typeof id === 'string' && id !== '' ? text(id) : newId(), name: text(name), ...typed };
  if (traceId !== undefined) body.traceId = traceId;
  if (observationId !== undefined) body.observationId = observationId;
  if (sessionId !== undefined) body.sessionId = text(sessionId);
  if (typeof comment === 'string') body.comment = text(comment);
  if (metadata !== null && typeof metadata === 'object') {
    const clean: Record<string, string> = {};
    for (const [key, v] of Object.entries(metadata).slice(0, 100)) if (typeof v === 'string') clean[text(key)] = text(v);
    body.metadata = clean;
  }
  return body;
}

function typedValue(value: unknown, dataType: ScoreInput['dataType']): Pick<ScoreBody, 'value' | 'dataType'> | string {
  const type = dataType ?? (typeof value === 'boolean' ? 'BOOLEAN' : typeof value === 'string' ? 'CATEGORICAL' : 'NUMERIC');
  if (type === 'BOOLEAN') {
    if (typeof value === 'boolean') return { value: value ? 1 : 0, dataType: type };
    if (value === 0 || value === 1) return { value, dataType: type };
    return 'a BOOLEAN score needs true/false or 1/0';
  }
  if (type === 'NUMERIC') return typeof value === 'number' && Number.isFinite(value) ? { value, dataType: type } : 'a NUMERIC score needs a finite number';
  if (type === 'CATEGORICAL') return typeof value === 'string' && value !== '' ? { value: clean(value, 1000), dataType: type } : 'a CATEGORICAL score needs a non-empty string';
  return '"dataType" must be NUMERIC, BOOLEAN or CATEGORICAL';
}
