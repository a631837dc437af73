/**
 * Handles one request the way Langfuse's `POST /api/public/ingestion` does: route, method,
 * size (3.5 MB → 413), Basic auth (401), JSON with a `batch` array (400), then every event:
 * schema errors become per-event 400s in a 207 answer, never a 4xx for the whole request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { checkAuthorization } from './langfuse-http-checks.js';
import type { AnsweredIngestionError, IngestionViolation, ReceivedIngestionEvent } from './langfuse-ingestion-received.js';
import { checkIngestionEvent, isObservationEventType } from './langfuse-ingestion-rules.js';

/** The route of the legacy batch ingestion API. */
export const LANGFUSE_INGESTION_PATH = '/api/public/ingestion';
/** Langfuse's documented batch limit, 3.5 MB. */
export const LANGFUSE_INGESTION_LIMIT_BYTES = 3_500_000;

/** What the handler needs from an HTTP request. */
export interface IngestionRequestInput {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Settings and the receiver's memory the checks need. */
export interface IngestionHandlerContext {
  publicKey: string;
  secretKey: string;
  maxBodyBytes: number;
  typedEvents: boolean;
  /** Event ids accepted in earlier requests (Langfuse deduplicates on them). */
  seenEventIds: ReadonlySet<string>;
  /** Trace ids that had a `trace-create` accepted in an earlier request. */
  knownTraces: ReadonlySet<string>;
  /** A scripted per-event error for this event, if a `failEvents` rule matches. */
  injectedError: (event: { id: string; type: string; body: Record<string, unknown> }) => AnsweredIngestionError | undefined;
}

/** The answer and what was accepted. */
export interface IngestionHandlerOutcome {
  status: number;
  response: Record<string, unknown>;
  body?: unknown;
  eventCount: number;
  accepted: Array<Omit<ReceivedIngestionEvent, 'requestIndex'>>;
  errors: AnsweredIngestionError[];
  violations: Array<Omit<IngestionViolation, 'requestIndex'>>;
}

/** Applies Langfuse's checks to one request. */
export function handleIngestionRequest(input: IngestionRequestInput, ctx: IngestionHandlerContext): IngestionHandlerOutcome {
  const decoded = decodeIngestionBody(input);
  const refuse = (status: number, response: Record<string, unknown>, violation?: Omit<IngestionViolation, 'requestIndex'>): IngestionHandlerOutcome => ({
    status,
    response,
    ...decoded,
    accepted: [],
    errors: [],
    violations: violation ? [violation] : [],
  });
  if (input.path !== LANGFUSE_INGESTION_PATH) return refuse(404, { message: `no route ${input.path}` });
  if (input.method !== 'POST') return refuse(405, { message: 'Method not allowed' });
  if (input.body.length > ctx.maxBodyBytes) {
    return refuse(413, { message: `Request body of ${input.body.length} bytes exceeds ${ctx.maxBodyBytes}` }, {
      field: 'body',
      reason: `batch larger than ${ctx.maxBodyBytes} bytes`,
      value: input.body.length,
      severity: 'error',
    });
  }
  const auth = checkAuthorization(input.headers, ctx.publicKey, ctx.secretKey);
  if (auth) return refuse(auth.status, auth.body);
  if (!/application\/json/i.test(input.headers['content-type'] ?? '')) {
    return refuse(400, { message: 'Invalid content type' }, { field: 'content-type', reason: 'must be application/json', value: input.headers['content-type'], severity: 'error' });
  }
  const batch = (decoded.body as { batch?: unknown } | undefined)?.batch;
  if (decoded.body === undefined || !Array.isArray(batch)) {
    return refuse(400, { message: 'Invalid request data', error: 'body must be a JSON object with a "batch" array' }, {
      field: 'batch',
      reason: 'body must be a JSON object with a "batch" array',
      severity: 'error',
    });
  }
  return handleEvents(batch, decoded, ctx);
}

function handleEvents(batch: unknown[], decoded: { body?: unknown; eventCount: number }, ctx: IngestionHandlerContext): IngestionHandlerOutcome {
  const outcome: IngestionHandlerOutcome = { status: 207, response: {}, ...decoded, accepted: [], errors: [], violations: [] };
  const successes: Array<{ id: string; status: number }> = [];
  const tracesInBatch = new Set<string>();
  for (const event of batch) {
    const e = event as Record<string, unknown> | null;
    if (e?.type === 'trace-create' && typeof (e.body as Record<string, unknown> | undefined)?.id === 'string') tracesInBatch.add((e.body as { id: string }).id);
  }
  const idsInBatch = new Set<string>();
  batch.forEach((event, position) => {
    const e = (event ?? {}) as Record<string, unknown>;
    const id = typeof e.id === 'string' ? e.id : `#${position}`;
    const type = typeof e.type === 'string' ? e.type : undefined;
    const findings = checkIngestionEvent(event, ctx.typedEvents);
    const report = (field: string, reason: string, severity: 'error' | 'silent', value?: unknown): void => {
      outcome.violations.push({ eventId: id, eventType: type, field, reason, severity, ...(value === undefined ? {} : { value }) });
    };
    for (const f of findings) report(f.field, f.reason, f.severity, f.value);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      outcome.errors.push({ id, status: 400, message: 'Invalid request data', error: errors.map((f) => `${f.field}: ${f.reason}`) });
      return;
    }
    const body = e.body as Record<string, unknown>;
    const injected = ctx.injectedError({ id, type: type as string, body });
    if (injected) {
      outcome.errors.push({ ...injected, id });
      return;
    }
    successes.push({ id, status: 201 });
    if (idsInBatch.has(id) || ctx.seenEventIds.has(id)) {
      report('id', 'duplicate event id: Langfuse deduplicates on it and drops this event', 'silent', id);
      return;
    }
    idsInBatch.add(id);
    if (isObservationEventType(type, ctx.typedEvents) && typeof body.traceId === 'string') {
      if (!tracesInBatch.has(body.traceId) && !ctx.knownTraces.has(body.traceId)) {
        report('body.traceId', 'no trace-create for this trace in this batch or an earlier one', 'silent', body.traceId);
      }
    }
    outcome.accepted.push({ id, type: type as string, timestamp: e.timestamp as string, body });
  });
  outcome.response = { successes, errors: outcome.errors };
  return outcome;
}

/** Parses the body without judging it, for the records of refused and injected requests. */
export function decodeIngestionBody(input: IngestionRequestInput): { body?: unknown; eventCount: number } {
  try {
    const body = JSON.parse(input.body.toString('utf8')) as unknown;
    const batch = (body as { batch?: unknown } | null)?.batch;
    return { body, eventCount: Array.isArray(batch) ? batch.length : 0 };
  } catch {
    return { eventCount: 0 };
  }
}
