import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type Observation, type ObservationLevel } from '../observation.js';

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
 */
export function toLangfuseAttributes(obs: Observation): Attributes {
  const out: Attributes = { 'langfuse.observation.type': obs.kind };
  const put = (key: string, value: Attributes[string]): void => {
    if (value !== undefined) out[key] = value;
  };
  put('langfuse.observation.input', jsonText(obs.input));
  put('langfuse.observation.output', jsonText(obs.output));
  put('langfuse.observation.level', LANGFUSE_LEVELS[obs.level]);
  put('langfuse.observation.status_message', obs.statusMessage);

  if (isModelKind(obs.kind)) {
    put('langfuse.observation.model.name', obs.model);
    if (obs.modelParameters) put('langfuse.observation.model.parameters', JSON.stringify(obs.modelParameters));
    put('langfuse.observation.usage_details', usageDetails(obs));
    put('langfuse.observation.cost_details', obs.cost ? JSON.stringify(obs.cost) : undefined);
    if (obs.completionStartTime !== undefined) {
      put('langfuse.observation.completion_start_time', new Date(obs.completionStartTime).toISOString());
    }
    if (obs.prompt) {
      put('langfuse.observation.prompt.name', obs.prompt.name);
      put('langfuse.observation.prompt.version', obs.prompt.version);
    }
  } else if (obs.model !== undefined) {
    // Langfuse strips model fields from non-generation types; keep the name visible.
    put('langfuse.observation.metadata.model', obs.model);
  }
  if (obs.provider !== undefined) put('langfuse.observation.metadata.provider', obs.provider);
  for (const [key, value] of Object.entries(obs.metadata ?? {})) put(`langfuse.observation.metadata.${key}`, value);

  put('langfuse.trace.name', obs.traceName);
  put('langfuse.trace.input', jsonText(obs.traceInput));
  put('langfuse.trace.output', jsonText(obs.traceOutput));
  put('user.id', obs.userId);
  put('session.id', obs.sessionId);
  if (obs.tags && obs.tags.length > 0) put('langfuse.trace.tags', obs.tags);
  put('langfuse.trace.public', obs.public);
  const traceMetadata: Record<string, string> = { ...obs.traceMetadata };
  if (obs.agentName !== undefined) traceMetadata.agent_name ??= obs.agentName;
  if (obs.workflowName !== undefined) traceMetadata.workflow_name ??= obs.workflowName;
  if (obs.workflowRunId !== undefined) traceMetadata.workflow_run_id ??= obs.workflowRunId;
  for (const [key, value] of Object.entries(traceMetadata)) put(`langfuse.trace.metadata.${key}`, value);
  put('langfuse.environment', langfuseEnvironment(obs.environment));
  put('langfuse.release', obs.release);
  put('langfuse.version', obs.version);
  return out;
}

/**
 * Langfuse usage details are exclusive: `input` without cached and cache-write tokens
 * (reported separately), `output` without reasoning tokens, so that the parts add up
 * to `total`. Never below zero, integers only.
 */
export function usageDetails(obs: Observation): string | undefined {
  const d: Record<string, number> = {};
  const cached = obs.cachedInputTokens ?? 0;
  const cacheWrite = obs.cacheWriteInputTokens ?? 0;
  const reasoning = obs.reasoningTokens ?? 0;
  if (obs.inputTokens !== undefined) d.input = Math.max(0, obs.inputTokens - cached - cacheWrite);
  if (obs.outputTokens !== undefined) d.output = Math.max(0, obs.outputTokens - reasoning);
  if (obs.totalTokens !== undefined) d.total = obs.totalTokens;
  if (obs.cachedInputTokens !== undefined) d.input_cached_tokens = obs.cachedInputTokens;
  if (obs.cacheWriteInputTokens !== undefined) d.input_cache_creation = obs.cacheWriteInputTokens;
  if (obs.reasoningTokens !== undefined) d.output_reasoning_tokens = obs.reasoningTokens;
  if (obs.imageCount !== undefined) d.image = obs.imageCount;
  if (obs.webSearchCount !== undefined) d.web_search = obs.webSearchCount;
  if (obs.requestCount !== undefined) d.request = obs.requestCount;
  for (const key of Object.keys(d)) {
    const v = d[key];
    if (v === undefined || !Number.isInteger(v) || v < 0) delete d[key];
  }
  return Object.keys(d).length > 0 ? JSON.stringify(d) : undefined;
}

/**
 * A Langfuse-valid environment name or undefined: lowercased, other characters replaced
 * by `-`, at most 40 characters, never starting with `langfuse` (reserved).
 */
export function langfuseEnvironment(env: string | undefined): string | undefined {
  if (env === undefined) return undefined;
  const cleaned = env.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 40);
  if (!ENVIRONMENT_PATTERN.test(cleaned) || cleaned.startsWith('langfuse')) return undefined;
  return cleaned;
}

/** JSON text of a JSON-safe value (prepared by the processor), or undefined. */
function jsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
