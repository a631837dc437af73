import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type ObservationFields, type ObservationKind } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { attributeIndex } from './attribute-index.js';
import { getBoolean, getCount, getJson, getNumber, getString } from './attribute-values.js';
import { FlattenedTree } from './flattened-tree.js';
import { asVersion } from './lamplight-reader.js';
import { endedUnfinished } from './stream-abort.js';
import { lookupTable } from './lookup-table.js';

/** `traceloop.span.kind` (workflow decorators) → observation kind. */
const SPAN_KINDS = lookupTable<ObservationKind>({
  workflow: 'chain',
  task: 'chain',
  agent: 'agent',
  tool: 'tool',
});

/** `llm.request.type` (LLM call spans) → observation kind. */
const REQUEST_TYPES = lookupTable<ObservationKind>({
  chat: 'generation',
  completion: 'generation',
  embedding: 'embedding',
  rerank: 'retriever',
});

const ASSOCIATION_PREFIX = 'traceloop.association.properties.';

/** Association property names that are trace fields; the rest become metadata. */
const ASSOCIATION_FIELDS = lookupTable<'userId' | 'sessionId'>({
  user_id: 'userId',
  userId: 'userId',
  session_id: 'sessionId',
  sessionId: 'sessionId',
});

/**
 * Reads OpenLLMetry (Traceloop) keys: `traceloop.span.kind` / `llm.request.type`,
 * `traceloop.entity.input`/`output` (JSON text, as the SDK serialises arguments and
 * results), `traceloop.workflow.name`, association properties (`user_id`, `session_id`,
 * the rest as metadata), prompt-registry keys, `llm.usage.total_tokens`, its cache-token
 * spellings, `llm.request.functions.N.*` tool definitions and `llm.is_streaming`.
 * OpenLLMetry's flattened `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` and
 * `gen_ai.usage.prompt_tokens` are deprecated GenAI keys, read by that dialect's readers.
 */
export function readOpenLlmetry(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  const index = attributeIndex(a);
  const llmKeys = index.keys('llm');
  if (!index.has('traceloop') && llmKeys.length === 0) return {};
  const out: ObservationFields = {};
  const spanKind = getString(a, 'traceloop.span.kind');
  const requestType = getString(a, 'llm.request.type');
  const kind = (spanKind === undefined ? undefined : SPAN_KINDS[spanKind]) ?? (requestType === undefined ? undefined : REQUEST_TYPES[requestType]);
  out.kind = kind;
  if (kind === undefined || isModelKind(kind)) {
    out.totalTokens = getCount(a, 'llm.usage.total_tokens');
    out.cachedInputTokens = getCount(a, 'gen_ai.usage.cache_read_input_tokens');
    out.cacheWriteInputTokens = getCount(a, 'gen_ai.usage.cache_creation_input_tokens');
  }
  out.input = getJson(a, 'traceloop.entity.input');
  out.output = getJson(a, 'traceloop.entity.output');
  out.workflowName = getString(a, 'traceloop.workflow.name');
  const promptKey = getString(a, 'traceloop.prompt.key');
  if (promptKey !== undefined) out.prompt = { name: promptKey, version: asVersion(getNumber(a, 'traceloop.prompt.version')) };
  Object.assign(out, readAssociation(a, index.keys('traceloop')));
  out.toolDefinitions = readFunctions(a, llmKeys);
  if (getBoolean(a, 'llm.is_streaming') === true && !hasFinishReason(a, index.keys('gen_ai')) && endedUnfinished(span)) {
    out.aborted = true;
  }
  return out;
}

function readAssociation(a: Attributes, keys: readonly string[]): ObservationFields {
  const out: ObservationFields = {};
  for (const key of keys) {
    if (!key.startsWith(ASSOCIATION_PREFIX) || key.length === ASSOCIATION_PREFIX.length) continue;
    const name = key.slice(ASSOCIATION_PREFIX.length);
    const value = getString(a, key);
    if (value === undefined) continue;
    const field = ASSOCIATION_FIELDS[name];
    if (field !== undefined) out[field] ??= value;
    else (out.metadata ??= {})[name] = value;
  }
  return out;
}

/** `llm.request.functions.N.{name, description, parameters}`; `parameters` is JSON text. */
function readFunctions(a: Attributes, keys: readonly string[]): unknown {
  const prefix = 'llm.request.functions.';
  let tree: FlattenedTree | undefined;
  for (const key of keys) {
    if (key.startsWith(prefix)) (tree ??= new FlattenedTree()).add(key.slice(prefix.length).split('.'), a[key]);
  }
  const list = tree?.toValue();
  if (!Array.isArray(list)) return list;
  return (list as unknown[]).map((fn) => {
    if (fn === null || typeof fn !== 'object') return fn;
    const f = fn as Record<string, unknown>;
    return typeof f.parameters === 'string' ? { ...f, parameters: getJson({ p: f.parameters }, 'p') } : f;
  });
}

function hasFinishReason(a: Attributes, genAiKeys: readonly string[]): boolean {
  if (a['llm.response.finish_reason'] !== undefined || a['gen_ai.response.finish_reasons'] !== undefined) return true;
  return genAiKeys.some((key) => key.startsWith('gen_ai.completion.') && key.endsWith('.finish_reason'));
}
