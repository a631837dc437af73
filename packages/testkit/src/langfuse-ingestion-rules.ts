/**
 * The event rules of Langfuse's legacy batch ingestion API (`POST /api/public/ingestion`;
 * seed shared/seeds/langfuse-legacy-ingestion-batch.txt and Langfuse's published event
 * schema). Written independently of the exporter's renderer on purpose: a receiver that
 * shared its code would agree with its bugs.
 *
 * Two kinds of findings, as in Langfuse: `error` findings fail Langfuse's schema, so the
 * event gets a per-event 400 in the 207 answer; `silent` findings pass the schema but lose
 * data (a field stripped, an id generated, an event deduplicated away) without telling the
 * client, so the event is accepted and the finding recorded as a violation.
 */

/** One broken rule of one event. */
export interface IngestionRuleFinding {
  /** Path in the event: `id`, `timestamp`, `body.usageDetails.input`, … */
  field: string;
  reason: string;
  value?: unknown;
  severity: 'error' | 'silent';
}

/** Observation event types of every version of the API. */
export const LEGACY_OBSERVATION_EVENT_TYPES: readonly string[] = ['span-create', 'span-update', 'generation-create', 'generation-update', 'event-create'];
/** Observation event types newer Langfuse versions add (generation-like bodies). */
export const TYPED_OBSERVATION_EVENT_TYPES: readonly string[] = [
  'agent-create', 'tool-create', 'chain-create', 'retriever-create', 'evaluator-create', 'embedding-create', 'guardrail-create',
];
/** Other event types Langfuse knows; accepted without body checks. */
const OTHER_EVENT_TYPES = ['score-create', 'sdk-log', 'observation-create', 'observation-update'];
/** Levels of the API. */
export const INGESTION_LEVELS: readonly string[] = ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'];

/** ISO 8601 date-time with a `Z` or `±hh:mm` offset, as Langfuse's `datetime({ offset: true })` requires. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const ENVIRONMENT = /^(?!langfuse)[a-z0-9_-]{1,40}$/;
const SPAN_ONLY_TYPES = ['span-create', 'span-update', 'event-create'];
const MODEL_FIELDS = ['model', 'modelParameters', 'usage', 'usageDetails', 'costDetails', 'completionStartTime', 'promptName', 'promptVersion'];

/** True for event types whose body is an observation. */
export function isObservationEventType(type: unknown, typedEvents = true): boolean {
  return typeof type === 'string' && (LEGACY_OBSERVATION_EVENT_TYPES.includes(type) || (typedEvents && TYPED_OBSERVATION_EVENT_TYPES.includes(type)));
}

/**
 * Checks one event. `typedEvents: false` plays a Langfuse version that does not know
 * `agent-create` and the other typed kinds (they get a per-event 400, as an unknown type does).
 */
export function checkIngestionEvent(event: unknown, typedEvents = true): IngestionRuleFinding[] {
  const out: IngestionRuleFinding[] = [];
  const error = (field: string, reason: string, value?: unknown): void => void out.push({ field, reason, value, severity: 'error' });
  if (!isObject(event)) return [{ field: 'event', reason: 'must be an object', value: event, severity: 'error' }];
  checkId(event.id, 'id', error);
  if (typeof event.timestamp !== 'string' || !ISO_DATETIME.test(event.timestamp)) error('timestamp', 'must be an ISO 8601 date-time with offset', event.timestamp);
  const type = event.type;
  const known = isObservationEventType(type, typedEvents) || type === 'trace-create' || OTHER_EVENT_TYPES.includes(type as string);
  if (!known) {
    error('type', typedEvents || !TYPED_OBSERVATION_EVENT_TYPES.includes(type as string) ? 'unknown event type' : 'event type not supported by this Langfuse version', type);
    return out;
  }
  if (!isObject(event.body)) {
    error('body', 'must be an object', event.body);
    return out;
  }
  if (type === 'trace-create') out.push(...checkTraceBody(event.body));
  else if (isObservationEventType(type, typedEvents)) out.push(...checkObservationBody(type as string, event.body));
  return out;
}

function checkTraceBody(body: Record<string, unknown>): IngestionRuleFinding[] {
  const out: IngestionRuleFinding[] = [];
  const error = (field: string, reason: string, value?: unknown): void => void out.push({ field: `body.${field}`, reason, value, severity: 'error' });
  if (body.id === undefined || body.id === null) out.push({ field: 'body.id', reason: 'missing: Langfuse generates a random trace id', severity: 'silent' });
  else checkId(body.id, 'id', error);
  optionalIso(body, 'timestamp', error);
  if (body.name !== undefined && body.name !== null && (typeof body.name !== 'string' || body.name.length > 1000)) error('name', 'must be a string of at most 1000 characters', body.name);
  for (const field of ['userId', 'sessionId', 'release', 'version']) optionalString(body, field, error);
  if (body.tags !== undefined && body.tags !== null && !(Array.isArray(body.tags) && body.tags.every((t) => typeof t === 'string'))) error('tags', 'must be an array of strings', body.tags);
  if (body.public !== undefined && body.public !== null && typeof body.public !== 'boolean') error('public', 'must be a boolean', body.public);
  checkEnvironment(body, error);
  return out;
}

function checkObservationBody(type: string, body: Record<string, unknown>): IngestionRuleFinding[] {
  const out: IngestionRuleFinding[] = [];
  const error = (field: string, reason: string, value?: unknown): void => void out.push({ field: `body.${field}`, reason, value, severity: 'error' });
  const silent = (field: string, reason: string, value?: unknown): void => void out.push({ field: `body.${field}`, reason, value, severity: 'silent' });
  if (body.id === undefined || body.id === null) silent('id', 'missing: Langfuse generates a random observation id, so later updates cannot find it');
  else checkId(body.id, 'id', error);
  if (body.traceId === undefined || body.traceId === null) silent('traceId', 'missing: Langfuse creates a new trace for this observation alone');
  else checkId(body.traceId, 'traceId', error);
  if (typeof body.startTime !== 'string') silent('startTime', 'missing: Langfuse uses the time of ingestion');
  optionalIso(body, 'startTime', error);
  optionalIso(body, 'endTime', error);
  if (typeof body.startTime === 'string' && typeof body.endTime === 'string' && Date.parse(body.endTime) < Date.parse(body.startTime)) {
    silent('endTime', 'ends before it starts', body.endTime);
  }
  if (body.level !== undefined && body.level !== null && !INGESTION_LEVELS.includes(body.level as string)) error('level', `must be one of ${INGESTION_LEVELS.join(', ')}`, body.level);
  for (const field of ['name', 'statusMessage', 'version', 'parentObservationId']) optionalString(body, field, error);
  if (body.parentObservationId !== undefined && body.parentObservationId === body.id) silent('parentObservationId', 'an observation cannot be its own parent', body.parentObservationId);
  checkEnvironment(body, error);
  if (SPAN_ONLY_TYPES.includes(type)) {
    for (const field of MODEL_FIELDS) if (body[field] !== undefined) silent(field, `not part of a ${type} body: Langfuse strips it`, body[field]);
    return out;
  }
  optionalString(body, 'model', error);
  optionalIso(body, 'completionStartTime', error);
  checkModelParameters(body.modelParameters, error);
  checkCounts(body.usageDetails, 'usageDetails', true, error);
  checkCounts(body.usage, 'usage', false, error);
  checkCosts(body.costDetails, error);
  const { promptName, promptVersion } = body;
  if (promptVersion !== undefined && promptVersion !== null && !Number.isInteger(promptVersion)) error('promptVersion', 'must be an integer', promptVersion);
  if (Boolean(promptName) !== Boolean(promptVersion)) error('promptName', 'promptName and promptVersion must be set together (a version of 0 counts as unset)', { promptName, promptVersion });
  return out;
}

type Report = (field: string, reason: string, value?: unknown) => void;

/** Langfuse ids: non-empty strings of at most 800 characters without a carriage return. */
function checkId(value: unknown, field: string, error: Report): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 800 || value.includes('\r')) {
    error(field, 'must be a non-empty string of at most 800 characters without \\r', value);
  }
}

function optionalIso(body: Record<string, unknown>, field: string, error: Report): void {
  const value = body[field];
  if (value !== undefined && value !== null && (typeof value !== 'string' || !ISO_DATETIME.test(value))) error(field, 'must be an ISO 8601 date-time with offset', value);
}

function optionalString(body: Record<string, unknown>, field: string, error: Report): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== 'string') error(field, 'must be a string', value);
}

function checkEnvironment(body: Record<string, unknown>, error: Report): void {
  const env = body.environment;
  if (env !== undefined && env !== null && (typeof env !== 'string' || !ENVIRONMENT.test(env))) {
    error('environment', 'must be lowercase [a-z0-9_-], at most 40 characters, not starting with "langfuse"', env);
  }
}

function checkModelParameters(value: unknown, error: Report): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) return error('modelParameters', 'must be an object', value);
  for (const [key, v] of Object.entries(value)) {
    const ok =
      v === null ||
      ['string', 'number', 'boolean'].includes(typeof v) ||
      (Array.isArray(v) && v.every((x) => typeof x === 'string')) ||
      (isObject(v) && Object.values(v).every((x) => typeof x === 'string'));
    if (!ok) error(`modelParameters.${key}`, 'must be a string, number, boolean, string array or string map', v);
  }
}

/** `usageDetails` entries: non-negative integers. The legacy `usage` object: integers, `unit` and costs aside. */
function checkCounts(value: unknown, field: string, nonNegative: boolean, error: Report): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) return error(field, 'must be an object', value);
  for (const [key, v] of Object.entries(value)) {
    if (v === null || (!nonNegative && (key === 'unit' || key.endsWith('Cost')))) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || (nonNegative && v < 0)) error(`${field}.${key}`, nonNegative ? 'must be a non-negative integer' : 'must be an integer', v);
  }
}

function checkCosts(value: unknown, error: Report): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) return error('costDetails', 'must be an object', value);
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) error(`costDetails.${key}`, 'must be a non-negative number', v);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
