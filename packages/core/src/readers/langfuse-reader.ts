import type { Attributes } from '@opentelemetry/api';
import type { CostDetails, ObservationFields } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import {
  getBoolean,
  getCount,
  getJson,
  getNumber,
  getString,
  getStringArray,
} from './attribute-values.js';
import { attributeIndex, prefixedStringMap } from './attribute-index.js';
import { asKind, asLevel, asParameters, asVersion } from './lamplight-reader.js';

/**
 * Reads `langfuse.*` keys a span already carries (set by the Langfuse SDK or by hand).
 * They are respected: read into the observation and rendered back, never overwritten
 * by a value from another convention.
 */
export function readLangfuse(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  if (!attributeIndex(a).has('langfuse')) return {};
  const out: ObservationFields = {};
  out.kind = asKind(getString(a, 'langfuse.observation.type'));
  out.level = asLevel(getString(a, 'langfuse.observation.level'));
  out.statusMessage = getString(a, 'langfuse.observation.status_message');
  out.input = getJson(a, 'langfuse.observation.input');
  out.output = getJson(a, 'langfuse.observation.output');
  out.model = getString(a, 'langfuse.observation.model.name');
  out.modelParameters = asParameters(getJson(a, 'langfuse.observation.model.parameters'));
  Object.assign(out, readUsageDetails(getJson(a, 'langfuse.observation.usage_details')));
  out.cost = readCostDetails(getJson(a, 'langfuse.observation.cost_details'));
  // Langfuse's own SDKs send this JSON-encoded (`"2026-…Z"`, quotes included).
  const completionStart = getJson(a, 'langfuse.observation.completion_start_time');
  if (typeof completionStart === 'string') {
    const t = Date.parse(completionStart);
    if (Number.isFinite(t)) out.completionStartTime = t;
  }
  const promptName = getString(a, 'langfuse.observation.prompt.name');
  if (promptName !== undefined) {
    out.prompt = { name: promptName, version: asVersion(getNumber(a, 'langfuse.observation.prompt.version')) };
  }
  out.metadata = prefixedStringMap(a, 'langfuse.observation.metadata.');
  out.traceName = getString(a, 'langfuse.trace.name');
  out.tags = getStringArray(a, 'langfuse.trace.tags');
  out.traceMetadata = prefixedStringMap(a, 'langfuse.trace.metadata.');
  out.traceInput = getJson(a, 'langfuse.trace.input');
  out.traceOutput = getJson(a, 'langfuse.trace.output');
  out.public = getBoolean(a, 'langfuse.trace.public');
  out.userId = getString(a, 'langfuse.user.id');
  out.sessionId = getString(a, 'langfuse.session.id');
  out.environment = getString(a, 'langfuse.environment');
  out.release = getString(a, 'langfuse.release');
  out.version = getString(a, 'langfuse.version');
  return out;
}

/**
 * Langfuse usage details are exclusive (`input` without cached tokens, `output` without
 * reasoning); the observation stores inclusive counts, so add them back.
 */
function readUsageDetails(details: unknown): ObservationFields {
  if (details === null || typeof details !== 'object') return {};
  const d = details as Attributes;
  const cached = getCount(d, 'input_cached_tokens') ?? getCount(d, 'cache_read_input_tokens');
  const cacheWrite = getCount(d, 'input_cache_creation') ?? getCount(d, 'cache_creation_input_tokens');
  const reasoning = getCount(d, 'output_reasoning_tokens') ?? getCount(d, 'reasoning_tokens');
  const input = getCount(d, 'input');
  const output = getCount(d, 'output');
  return {
    inputTokens: input === undefined ? undefined : input + (cached ?? 0) + (cacheWrite ?? 0),
    outputTokens: output === undefined ? undefined : output + (reasoning ?? 0),
    totalTokens: getCount(d, 'total'),
    cachedInputTokens: cached,
    cacheWriteInputTokens: cacheWrite,
    reasoningTokens: reasoning,
  };
}

function readCostDetails(details: unknown): CostDetails | undefined {
  if (details === null || typeof details !== 'object') return undefined;
  const d = details as Attributes;
  const cost: CostDetails = {};
  for (const field of ['input', 'output', 'total'] as const) {
    const v = getNumber(d, field);
    if (v !== undefined && v >= 0) cost[field] = v;
  }
  return Object.keys(cost).length > 0 ? cost : undefined;
}
