import type { Attributes } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS as K, SESSION_ID_KEY, USER_ID_KEY } from '../attribute-keys.js';
import {
  OBSERVATION_KINDS,
  type CostDetails,
  type ModelParameterValue,
  type ObservationFields,
  type ObservationKind,
  type ObservationLevel,
  USAGE_COUNT_FIELDS,
} from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import {
  getBoolean,
  getCount,
  getJson,
  getNumber,
  getString,
  getStringArray,
  valueText,
} from './attribute-values.js';
import { attributeIndex, prefixedStringMap } from './attribute-index.js';

/** Usage attribute suffixes written by the manual API (`lamplight.usage.<field>`). */
const USAGE_FIELDS = USAGE_COUNT_FIELDS;

/**
 * Reads what Lamplight itself put on a span: the manual API (`observe`,
 * `startObservation`) and propagated trace attributes (`withTraceAttributes`).
 * These are the most explicit statements about a span, so this reader runs first.
 */
export function readLamplight(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  const index = attributeIndex(a);
  if (!index.has('lamplight') && !index.has('user') && !index.has('session')) return {};
  const out: ObservationFields = {};
  out.kind = asKind(getString(a, K.kind));
  out.level = asLevel(getString(a, K.level));
  out.statusMessage = getString(a, K.statusMessage);
  out.input = getJson(a, K.input);
  out.output = getJson(a, K.output);
  out.model = getString(a, K.model);
  out.provider = getString(a, K.provider);
  out.modelParameters = asParameters(getJson(a, K.modelParameters));
  for (const field of USAGE_FIELDS) {
    const v = getCount(a, K.usagePrefix + field);
    if (v !== undefined) out[field] = v;
  }
  out.cost = readCost(a, K.costPrefix);
  out.completionStartTime = getNumber(a, K.completionStartTime);
  const promptName = getString(a, K.promptName);
  if (promptName !== undefined) out.prompt = { name: promptName, version: asVersion(getNumber(a, K.promptVersion)) };
  out.metadata = prefixedStringMap(a, K.metadataPrefix);

  out.traceName = getString(a, K.traceName);
  out.userId = getString(a, USER_ID_KEY);
  out.sessionId = getString(a, SESSION_ID_KEY);
  out.tags = getStringArray(a, K.traceTags);
  out.traceMetadata = prefixedStringMap(a, K.traceMetadataPrefix);
  out.traceInput = getJson(a, K.traceInput);
  out.traceOutput = getJson(a, K.traceOutput);
  out.public = getBoolean(a, K.tracePublic);
  out.agentName = getString(a, K.agentName);
  out.workflowName = getString(a, K.workflowName);
  out.workflowRunId = getString(a, K.workflowRunId);
  out.environment = getString(a, K.environment);
  out.release = getString(a, K.release);
  out.version = getString(a, K.version);
  return out;
}

/**
 * `lamplight.ttft_ms`, the last source of time to first token in DESIGN §4 (after the
 * GenAI seconds keys and the AI SDK's milliseconds), so it runs after every other reader.
 */
export function readLamplightTiming(span: ReadableSpanLike): ObservationFields {
  const ttft = getNumber(span.attributes, K.ttftMs);
  return ttft !== undefined && ttft >= 0 ? { ttftMs: ttft } : {};
}

/** A kind name in any case, or undefined when it is not one we know. */
export function asKind(value: string | undefined): ObservationKind | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return (OBSERVATION_KINDS as readonly string[]).includes(lower) ? (lower as ObservationKind) : undefined;
}

/** A level name, accepting Langfuse's DEFAULT/WARNING spellings. */
export function asLevel(value: string | undefined): ObservationLevel | undefined {
  switch (value?.toUpperCase()) {
    case 'DEBUG':
      return 'DEBUG';
    case 'INFO':
    case 'DEFAULT':
      return 'INFO';
    case 'WARN':
    case 'WARNING':
      return 'WARN';
    case 'ERROR':
      return 'ERROR';
    default:
      return undefined;
  }
}

/**
 * A non-negative safe-integer prompt version; anything else is dropped rather than sent
 * wrong. `Number.isInteger` would pass 2^63 or 1e21, which no longer fit an int64
 * attribute: the OTLP exporter sends them as doubles and Langfuse drops the generation.
 */
export function asVersion(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Model parameters as string or number values (booleans and objects become JSON text). */
export function asParameters(value: unknown): Record<string, ModelParameterValue> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, ModelParameterValue> = {};
  let any = false;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'number' && Number.isFinite(v) ? v : valueText(v);
    any = true;
  }
  return any ? out : undefined;
}

/** Non-negative cost numbers under `prefix` + input/output/total. */
export function readCost(a: Attributes, prefix: string): CostDetails | undefined {
  let cost: CostDetails | undefined;
  for (const field of ['input', 'output', 'total'] as const) {
    const v = getNumber(a, prefix + field);
    if (v === undefined || v < 0) continue;
    cost ??= {};
    cost[field] = v;
  }
  return cost;
}
