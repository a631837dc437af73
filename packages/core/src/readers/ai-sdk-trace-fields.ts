import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ObservationFields } from '../observation.js';
import { getNumber, getString, getStringArray, parseJson, valueText } from './attribute-values.js';
import { asVersion } from './lamplight-reader.js';
import { lookupTable } from './lookup-table.js';

/** Where the AI SDK puts the caller's telemetry metadata (v5/v6) and runtime context (v7). */
export const AI_SDK_METADATA_PREFIX = 'ai.telemetry.metadata.';
/** @see AI_SDK_METADATA_PREFIX */
export const AI_SDK_CONTEXT_PREFIX = 'ai.settings.context.';

/**
 * Names (in metadata or context) that carry trace-level fields, in the spellings people use
 * with the AI SDK: Langfuse's documented `userId`/`sessionId`/`tags` and `langfusePrompt`,
 * plus snake_case aliases. Everything else stays observation metadata.
 */
const TRACE_NAMES = lookupTable<keyof ObservationFields>({
  userId: 'userId',
  user_id: 'userId',
  sessionId: 'sessionId',
  session_id: 'sessionId',
  tags: 'tags',
  traceName: 'traceName',
  trace_name: 'traceName',
  environment: 'environment',
  release: 'release',
  version: 'version',
  agentName: 'agentName',
  workflowName: 'workflowName',
  workflowRunId: 'workflowRunId',
});

/**
 * Trace fields and metadata the caller passed through the AI SDK: v5/v6
 * `experimental_telemetry.metadata` (→ `ai.telemetry.metadata.<key>` on every span of the
 * call) and v7 `runtimeContext` with `includeRuntimeContext` (→ `ai.settings.context.<key>`,
 * nested objects flattened with dots; `@ai-sdk/otel` writes it on operation and step spans
 * in both modes). `keys` are the span's `ai` namespace keys; one pass over them.
 */
export function readAiSdkTraceFields(a: Attributes, keys: readonly string[]): ObservationFields {
  const entries = new Map<string, AttributeValue>();
  for (const key of keys) {
    const prefix = key.startsWith(AI_SDK_METADATA_PREFIX) ? AI_SDK_METADATA_PREFIX : key.startsWith(AI_SDK_CONTEXT_PREFIX) ? AI_SDK_CONTEXT_PREFIX : undefined;
    if (prefix === undefined || key.length === prefix.length) continue;
    const value = a[key];
    const name = key.slice(prefix.length);
    if (value !== undefined && value !== null && !entries.has(name)) entries.set(name, value);
  }
  if (entries.size === 0) return {};
  const view = Object.fromEntries(entries) as Attributes;
  const out: ObservationFields = {};
  const target = out as Record<string, unknown>;
  let metadata: Record<string, string> | undefined;
  for (const name of entries.keys()) {
    const field = TRACE_NAMES[name];
    if (field === 'tags') out.tags = getStringArray(view, name);
    else if (field !== undefined) target[field] ??= getString(view, name);
    else if (name === 'langfusePrompt' || name.startsWith('langfusePrompt.')) out.prompt ??= promptFrom(view);
    else {
      metadata ??= {};
      const value = view[name];
      metadata[name] = valueText(value);
    }
  }
  out.metadata = metadata;
  return out;
}

/**
 * Langfuse's documented prompt link for the AI SDK: `langfusePrompt` as JSON text
 * (`prompt.toJSON()`, v5/v6 metadata values cannot be objects) or, in v7 context, as an
 * object flattened to `langfusePrompt.name` / `langfusePrompt.version`.
 */
function promptFrom(view: Attributes): ObservationFields['prompt'] {
  const json = getString(view, 'langfusePrompt');
  if (json !== undefined) {
    const parsed = parseJson(json);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const p = parsed as Attributes;
      const name = getString(p, 'name');
      return name === undefined ? undefined : { name, version: asVersion(getNumber(p, 'version')) };
    }
    return undefined;
  }
  const name = getString(view, 'langfusePrompt.name');
  return name === undefined ? undefined : { name, version: asVersion(getNumber(view, 'langfusePrompt.version')) };
}
