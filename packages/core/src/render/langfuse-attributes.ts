import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type Observation, type ObservationLevel } from '../observation.js';
import { toJsonText } from '../content/json-text-memo.js';

const LANGFUSE_LEVELS: Record<ObservationLevel, string> = {
  DEBUG: 'DEBUG',
  INFO: 'DEFAULT',
  WARN: 'WARNING',
  ERROR: 'ERROR',
};

/** Langfuse keeps an environment only when it matches this; otherwise it stores `default`. */
const ENVIRONMENT_PATTERN = /^[a-z0-9_-]{1,40}$/;

/**
 * Renders an observation as the `langfuse.*` span attributes Langfuse reads first
 * (contract: shared/contracts/langfuse-otlp.md). Every value is valid by construction,
 * because Langfuse answers 200 and silently drops an observation that is not:
 * usage values are non-negative integers, the prompt version an integer attribute,
 * the level one of DEBUG/DEFAULT/WARNING/ERROR, the environment lowercase and short.
 * Written into `into` when given (over any key it already has), else into a new object.
 */
export function toLangfuseAttributes(obs: Observation, into: Attributes = {}): Attributes {
  const out = into;
  out['langfuse.observation.type'] = obs.kind;
  const put = (key: string, value: Attributes[string]): void => {
    if (value !== undefined) out[key] = value;
  };
  put('langfuse.observation.input', jsonText(obs.input));
  put('langfuse.observation.output', jsonText(obs.output));
  put('langfuse.observation.level', LANGFUSE_LEVELS[obs.level]);
  put('langfuse.observation.status_message', stringOrUndefined(obs.statusMessage));

  if (isModelKind(obs.kind)) {
    put('langfuse.observation.model.name', stringOrUndefined(obs.model));
    put('langfuse.observation.model.parameters', modelParameters(obs.modelParameters));
    put('langfuse.observation.usage_details', usageDetails(obs));
    put('langfuse.observation.cost_details', costDetails(obs.cost));
    put('langfuse.observation.completion_start_time', isoTime(obs.completionStartTime));
    if (obs.prompt && typeof obs.prompt.name === 'string' && obs.prompt.name.length > 0) {
      put('langfuse.observation.prompt.name', obs.prompt.name);
      const version = obs.prompt.version;
      if (Number.isSafeInteger(version) && (version as number) >= 0) put('langfuse.observation.prompt.version', version);
    }
  } else if (typeof obs.model === 'string') {
    // Langfuse strips model fields from non-generation types; keep the name visible.
    put('langfuse.observation.metadata.model', obs.model);
  }
  if (typeof obs.provider === 'string') put('langfuse.observation.metadata.provider', obs.provider);
  // Langfuse has no tool-definition field: the definitions travel once, as metadata.
  if (obs.toolDefinitions !== undefined) put('langfuse.observation.metadata.tool_definitions', jsonText(obs.toolDefinitions));
  putStringMap(put, 'langfuse.observation.metadata.', obs.metadata);

  put('langfuse.trace.name', stringOrUndefined(obs.traceName));
  put('langfuse.trace.input', jsonText(obs.traceInput));
  put('langfuse.trace.output', jsonText(obs.traceOutput));
  put('user.id', stringOrUndefined(obs.userId));
  put('session.id', stringOrUndefined(obs.sessionId));
  const tags = Array.isArray(obs.tags) ? obs.tags.filter((t): t is string => typeof t === 'string') : [];
  if (tags.length > 0) put('langfuse.trace.tags', tags);
  if (typeof obs.public === 'boolean') put('langfuse.trace.public', obs.public);
  const traceMetadata: Record<string, unknown> = { ...obs.traceMetadata };
  if (obs.agentName !== undefined) traceMetadata.agent_name ??= obs.agentName;
  if (obs.workflowName !== undefined) traceMetadata.workflow_name ??= obs.workflowName;
  if (obs.workflowRunId !== undefined) traceMetadata.workflow_run_id ??= obs.workflowRunId;
  putStringMap(put, 'langfuse.trace.metadata.', traceMetadata);
  put('langfuse.environment', langfuseEnvironment(obs.environment));
  put('langfuse.release', stringOrUndefined(obs.release));
  put('langfuse.version', stringOrUndefined(obs.version));
  return out;
}

/**
 * Langfuse usage details are exclusive: `input` without cached and cache-write tokens
 * (reported separately), `output` without reasoning tokens, so that the parts add up
 * to `total`. Never below zero, integers only.
 */
export function usageDetails(obs: Observation): string | undefined {
  const d: Record<string, number> = {};
  const put = (key: string, value: number | undefined): void => {
    if (value !== undefined) d[key] = value;
  };
  const input = count(obs.inputTokens);
  const output = count(obs.outputTokens);
  const cached = count(obs.cachedInputTokens);
  const cacheWrite = count(obs.cacheWriteInputTokens);
  const reasoning = count(obs.reasoningTokens);
  if (input !== undefined) put('input', Math.max(0, input - (cached ?? 0) - (cacheWrite ?? 0)));
  if (output !== undefined) put('output', Math.max(0, output - (reasoning ?? 0)));
  put('total', count(obs.totalTokens));
  put('input_cached_tokens', cached);
  put('input_cache_creation', cacheWrite);
  put('output_reasoning_tokens', reasoning);
  put('image', count(obs.imageCount));
  put('web_search', count(obs.webSearchCount));
  put('request', count(obs.requestCount));
  return Object.keys(d).length > 0 ? JSON.stringify(d) : undefined;
}

/** A usage count as Langfuse keeps it: a non-negative safe integer, else undefined. */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * A Langfuse-valid environment name or undefined: lowercased, other characters replaced
 * by `-`, at most 40 characters, never starting with `langfuse` (reserved).
 */
export function langfuseEnvironment(env: string | undefined): string | undefined {
  if (env === undefined) return undefined;
  // Every span of a process usually carries the same environment: clean it once.
  if (env === lastEnvironment) return lastCleaned;
  lastCleaned = cleanEnvironment(env);
  lastEnvironment = env;
  return lastCleaned;
}

let lastEnvironment: string | undefined;
let lastCleaned: string | undefined;

function cleanEnvironment(env: string): string | undefined {
  const cleaned = env.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 40);
  if (!ENVIRONMENT_PATTERN.test(cleaned) || cleaned.startsWith('langfuse')) return undefined;
  return cleaned;
}

/** Model parameters as a JSON object whose values are strings or finite numbers. */
function modelParameters(params: Observation['modelParameters']): string | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' ? value : String(value);
  }
  return Object.keys(out).length > 0 ? JSON.stringify(out) : undefined;
}

/** Cost as a JSON object of non-negative finite numbers. */
function costDetails(cost: Observation['cost']): string | undefined {
  if (cost === null || typeof cost !== 'object') return undefined;
  const out: Record<string, number> = {};
  for (const field of ['input', 'output', 'total'] as const) {
    const v = cost[field];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[field] = v;
  }
  return Object.keys(out).length > 0 ? JSON.stringify(out) : undefined;
}

/** ISO 8601 text of an epoch-ms time, or undefined when it is not a representable date. */
function isoTime(ms: number | undefined): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  // Years outside 0000–9999 render as `+012345-…`, which is not the ISO 8601 Langfuse parses.
  const iso = date.toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Each entry as `<prefix><key>` with a string value (non-strings as JSON text). */
function putStringMap(put: (key: string, value: Attributes[string]) => void, prefix: string, map: Record<string, unknown> | undefined): void {
  if (map === null || typeof map !== 'object') return;
  for (const [key, value] of Object.entries(map)) {
    if (key.length === 0 || value === undefined || value === null) continue;
    put(prefix + key, typeof value === 'string' ? value : jsonText(value));
  }
}

/** JSON text of a JSON-safe value (prepared by the processor), or undefined. */
function jsonText(value: unknown): string | undefined {
  return toJsonText(value);
}
