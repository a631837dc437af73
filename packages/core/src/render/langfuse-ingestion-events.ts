import { randomUuid } from '../random-uuid.js';
import { isModelKind, type Observation, type ObservationKind, type ObservationLevel } from '../observation.js';
import { langfuseEnvironment, usageDetails } from './langfuse-attributes.js';
import type {
  LangfuseGenerationBody,
  LangfuseIngestionEvent,
  LangfuseIngestionEventType,
  LangfuseIngestionLevel,
  LangfuseIngestionTypeMode,
  LangfuseObservationBody,
} from './langfuse-ingestion-types.js';

/** Options of the ingestion renderers. */
export interface LangfuseIngestionRenderOptions {
  /** See {@link LangfuseIngestionTypeMode}; default `compatible`. */
  typeMode?: LangfuseIngestionTypeMode;
  /** Event envelope ids; default `crypto.randomUUID` (v4). Injected by tests for stable output. */
  newEventId?: () => string;
  /** Clock for the envelope `timestamp`, epoch ms; default `Date.now`. */
  now?: () => number;
}

const LEVELS: Record<ObservationLevel, LangfuseIngestionLevel> = { DEBUG: 'DEBUG', INFO: 'DEFAULT', WARN: 'WARNING', ERROR: 'ERROR' };

/** Kinds with an event type of their own in `typed` mode. */
const TYPED: Partial<Record<ObservationKind, LangfuseIngestionEventType>> = {
  agent: 'agent-create',
  tool: 'tool-create',
  chain: 'chain-create',
  retriever: 'retriever-create',
  evaluator: 'evaluator-create',
  embedding: 'embedding-create',
  guardrail: 'guardrail-create',
};

/** The event type an observation kind is sent as. */
export function langfuseIngestionEventType(kind: ObservationKind, mode: LangfuseIngestionTypeMode = 'compatible'): LangfuseIngestionEventType {
  if (kind === 'event') return 'event-create';
  if (kind === 'generation') return 'generation-create';
  if (mode === 'typed') return TYPED[kind] ?? 'span-create';
  return kind === 'embedding' ? 'generation-create' : 'span-create';
}

/**
 * Usage details as Langfuse's ingestion API wants them: the same exclusive counts as the
 * OTLP renderer (`input` without cached and cache-write tokens, `output` without reasoning,
 * plus `input_cached_tokens`, `output_reasoning_tokens`, …), non-negative integers only.
 */
export function langfuseUsageDetails(obs: Observation): Record<string, number> | undefined {
  // One source for the exclusivity rule: the OTLP renderer's, parsed back from its JSON text.
  const text = usageDetails(obs);
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, number>);
}

/**
 * Renders one observation as its create event (`span-create`, `generation-create`,
 * `event-create`, or a typed kind's event). Valid by construction, because a batch answers
 * 207 with a per-event error for an invalid one: ISO timestamps, the level enum, integer
 * usage, a prompt link only as an integer version ≥ 1 with its name, `body.id` = span id
 * (stable across retries), `traceId` always set. Throws only on a time that is not a
 * representable date, which the exporter counts as a render error. Typed with the generation
 * body, whose model fields are optional: span and event bodies leave them out.
 */
export function toLangfuseIngestionEvent(obs: Observation, options: LangfuseIngestionRenderOptions = {}): LangfuseIngestionEvent<LangfuseGenerationBody> {
  const type = langfuseIngestionEventType(obs.kind, options.typeMode);
  const startTime = requiredIso(obs.startTime, 'startTime', obs);
  const body: LangfuseGenerationBody = { id: obs.spanId, traceId: obs.traceId, startTime, level: LEVELS[obs.level] ?? 'DEFAULT' };
  const parent = text(obs.parentSpanId);
  if (parent && parent !== obs.spanId) body.parentObservationId = parent;
  const name = text(obs.name);
  if (name) body.name = name;
  if (type !== 'event-create') body.endTime = requiredIso(Math.max(obs.startTime, obs.endTime), 'endTime', obs);
  if (obs.input !== undefined && obs.input !== null) body.input = obs.input;
  if (obs.output !== undefined && obs.output !== null) body.output = obs.output;
  const statusMessage = text(obs.statusMessage);
  if (statusMessage) body.statusMessage = statusMessage;
  const version = text(obs.version);
  if (version) body.version = version;
  const environment = langfuseEnvironment(obs.environment);
  if (environment) body.environment = environment;
  const carriesModel = type !== 'span-create' && type !== 'event-create';
  if (carriesModel) addModelFields(body, obs);
  const metadata = observationMetadata(obs, type, carriesModel);
  if (metadata) body.metadata = metadata;
  return { id: (options.newEventId ?? randomUuid)(), type, timestamp: isoNow(options.now), body };
}

function addModelFields(body: LangfuseGenerationBody, obs: Observation): void {
  const model = text(obs.model);
  if (model) body.model = model;
  const params = modelParameters(obs.modelParameters);
  if (params) body.modelParameters = params;
  // Aggregate spans (agents, chains) would count their steps' tokens again: usage and cost
  // travel only on model calls, as in the OTLP and Foglamp renderings.
  if (isModelKind(obs.kind)) {
    const usage = langfuseUsageDetails(obs);
    if (usage) body.usageDetails = usage;
    const cost = costDetails(obs.cost);
    if (cost) body.costDetails = cost;
  }
  const completionStart = isoTime(obs.completionStartTime);
  if (completionStart) body.completionStartTime = completionStart;
  const prompt = obs.prompt;
  // Langfuse refuses a generation with a prompt name but no (truthy, integer) version, and vice versa.
  if (prompt && text(prompt.name) && Number.isSafeInteger(prompt.version) && (prompt.version as number) >= 1) {
    body.promptName = prompt.name;
    body.promptVersion = prompt.version;
  }
}

/**
 * The observation's metadata (string values) plus what has no field of its own here:
 * the kind when the event type does not say it, model and provider on span events (Langfuse
 * keeps model fields only on generation-like types), tool definitions as JSON text.
 * User keys win over derived ones.
 */
function observationMetadata(obs: Observation, type: LangfuseIngestionEventType, carriesModel: boolean): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (obs.metadata !== null && typeof obs.metadata === 'object') {
    for (const [key, value] of Object.entries(obs.metadata)) if (typeof value === 'string' && key !== '') out[key] = value;
  }
  const derive = (key: string, value: string | undefined): void => {
    if (value !== undefined && !(key in out)) out[key] = value;
  };
  // The typed mapping is the faithful one: when the chosen event type differs, the kind would be lost.
  if (langfuseIngestionEventType(obs.kind, 'typed') !== type) derive('observation_type', obs.kind);
  if (!carriesModel) derive('model', text(obs.model));
  derive('provider', text(obs.provider));
  if (obs.toolDefinitions !== undefined && obs.toolDefinitions !== null) derive('tool_definitions', JSON.stringify(obs.toolDefinitions));
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Model parameters with string or finite number values. */
function modelParameters(params: Observation['modelParameters']): Record<string, string | number> | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' ? value : String(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Cost as non-negative finite numbers. */
function costDetails(cost: Observation['cost']): Record<string, number> | undefined {
  if (cost === null || typeof cost !== 'object') return undefined;
  const out: Record<string, number> = {};
  for (const field of ['input', 'output', 'total'] as const) {
    const v = cost[field];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[field] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** ISO 8601 text of an epoch-ms time in years 0000–9999, else undefined. */
export function isoTime(ms: number | undefined): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // Outside 0000–9999 toISOString gives `+012345-…`, which Langfuse's datetime check refuses.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function requiredIso(ms: number, field: string, obs: Observation): string {
  const iso = isoTime(ms);
  if (iso === undefined) throw new RangeError(`span ${obs.spanId} has no representable ${field}`);
  return iso;
}

function isoNow(now: (() => number) | undefined): string {
  return isoTime((now ?? Date.now)()) ?? new Date().toISOString();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
