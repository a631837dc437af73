import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type CostDetails, type ObservationFields, type ObservationKind } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { attributeIndex } from './attribute-index.js';
import { getCount, getJson, getNumber, getString, getStringArray, parseJson, valueText } from './attribute-values.js';
import { FlattenedTree } from './flattened-tree.js';
import { asParameters } from './lamplight-reader.js';
import { lookupTable } from './lookup-table.js';

/** `openinference.span.kind` → observation kind. */
const SPAN_KINDS = lookupTable<ObservationKind>({
  LLM: 'generation',
  EMBEDDING: 'embedding',
  CHAIN: 'chain',
  RETRIEVER: 'retriever',
  RERANKER: 'retriever',
  TOOL: 'tool',
  AGENT: 'agent',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'evaluator',
});

/** Namespaces this dialect writes; a span with none of them is skipped at once. */
const NAMESPACES = ['openinference', 'llm', 'input', 'output', 'embedding', 'retrieval', 'tag', 'metadata'];

/**
 * Reads the OpenInference conventions (Arize Phoenix and its instrumentations):
 * `openinference.span.kind`, `llm.*` (model, provider, invocation parameters, token
 * counts with cache and reasoning details, cost, flattened input/output messages and
 * tools), `input.value`/`output.value` — parsed only when their `*.mime_type` says
 * `application/json` — embeddings, retrieved documents, `metadata` (JSON text) and
 * `tag.tags`. `user.id`/`session.id` are shared keys, read by `readLamplight`.
 * OpenInference has no stream flag, so aborted streams are not detected here.
 */
export function readOpenInference(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  const index = attributeIndex(a);
  if (!NAMESPACES.some((ns) => index.has(ns))) return {};
  const out: ObservationFields = {};
  const spanKind = getString(a, 'openinference.span.kind')?.toUpperCase();
  const kind = spanKind === undefined ? undefined : SPAN_KINDS[spanKind];
  out.kind = kind;
  out.model = getString(a, 'llm.model_name') ?? getString(a, 'embedding.model_name');
  out.provider = getString(a, 'llm.provider') ?? getString(a, 'llm.system');
  out.modelParameters = asParameters(getJson(a, 'llm.invocation_parameters'));
  if (kind === undefined || isModelKind(kind)) {
    out.inputTokens = getCount(a, 'llm.token_count.prompt');
    out.outputTokens = getCount(a, 'llm.token_count.completion');
    out.totalTokens = getCount(a, 'llm.token_count.total');
    out.cachedInputTokens = getCount(a, 'llm.token_count.prompt_details.cache_read');
    out.cacheWriteInputTokens = getCount(a, 'llm.token_count.prompt_details.cache_write');
    out.reasoningTokens = getCount(a, 'llm.token_count.completion_details.reasoning');
    out.cost = readCost(a);
  }
  const llm = readLlmTrees(a, index.keys('llm'));
  const embeddings = readTree(a, index.keys('embedding'), 'embedding.embeddings.');
  const documents = readTree(a, index.keys('retrieval'), 'retrieval.documents.');
  out.input = mimeValue(a, 'input') ?? llm.input ?? pluck(embeddings, 'text');
  out.output = mimeValue(a, 'output') ?? llm.output ?? unwrapAll(documents, 'document') ?? pluck(embeddings, 'vector');
  out.toolDefinitions = llm.tools;
  out.metadata = jsonStringMap(getString(a, 'metadata'));
  out.tags = getStringArray(a, 'tag.tags');
  return out;
}

/** `input.value` / `output.value`: JSON only when the span says so. */
function mimeValue(a: Attributes, side: 'input' | 'output'): unknown {
  const value = a[`${side}.value`];
  if (typeof value !== 'string') return value ?? undefined;
  const mime = getString(a, `${side}.mime_type`);
  if (mime !== undefined && mime.toLowerCase().startsWith('application/json')) return getJson(a, `${side}.value`);
  return value;
}

/** One pass over the `llm` keys: input messages, output messages and tools. */
function readLlmTrees(a: Attributes, keys: readonly string[]): { input?: unknown; output?: unknown; tools?: unknown } {
  const trees: Record<'input' | 'output' | 'tools', FlattenedTree | undefined> = { input: undefined, output: undefined, tools: undefined };
  for (const key of keys) {
    const which = key.startsWith('llm.input_messages.')
      ? 'input'
      : key.startsWith('llm.output_messages.')
        ? 'output'
        : key.startsWith('llm.tools.')
          ? 'tools'
          : undefined;
    if (which === undefined) continue;
    const prefixLength = which === 'input' ? 19 : which === 'output' ? 20 : 10;
    (trees[which] ??= new FlattenedTree()).add(key.slice(prefixLength).split('.'), a[key]);
  }
  const tools = unwrapAll(trees.tools?.toValue(), 'tool');
  return {
    input: messages(trees.input?.toValue()),
    output: messages(trees.output?.toValue()),
    tools: Array.isArray(tools) ? tools.map((t) => parseSchema(t)) : undefined,
  };
}

function readTree(a: Attributes, keys: readonly string[], prefix: string): unknown {
  let tree: FlattenedTree | undefined;
  for (const key of keys) {
    if (key.startsWith(prefix)) (tree ??= new FlattenedTree()).add(key.slice(prefix.length).split('.'), a[key]);
  }
  return tree?.toValue();
}

/**
 * `[{message: {role, content, contents: [{message_content: …}], tool_calls: [{tool_call: …}]}}]`
 * → `[{role, content, contents: […], tool_calls: […]}]`: the wrappers carry no information.
 */
function messages(value: unknown): unknown {
  const list = unwrapAll(value, 'message');
  if (!Array.isArray(list)) return undefined;
  return (list as unknown[]).map((m) => {
    if (m === null || typeof m !== 'object') return m;
    const msg = { ...(m as Record<string, unknown>) };
    if ('contents' in msg) msg.contents = unwrapAll(msg.contents, 'message_content');
    if ('tool_calls' in msg) msg.tool_calls = unwrapAll(msg.tool_calls, 'tool_call');
    return msg;
  });
}

function unwrapAll(value: unknown, wrapper: string): unknown {
  if (!Array.isArray(value)) return value;
  return (value as unknown[]).map((item) =>
    item !== null && typeof item === 'object' && wrapper in item ? (item as Record<string, unknown>)[wrapper] : item,
  );
}

/** `embedding.embeddings.N.embedding.<field>` → list of `<field>`, or undefined. */
function pluck(value: unknown, field: string): unknown {
  const list = unwrapAll(value, 'embedding');
  if (!Array.isArray(list)) return undefined;
  const values = list.map((e) => (e !== null && typeof e === 'object' ? (e as Record<string, unknown>)[field] : undefined));
  return values.some((v) => v !== undefined) ? values : undefined;
}

/** `llm.tools.N.tool.json_schema` is JSON text of one tool definition. */
function parseSchema(tool: unknown): unknown {
  if (tool === null || typeof tool !== 'object') return tool;
  const schema = (tool as Record<string, unknown>).json_schema;
  return typeof schema === 'string' ? (parseJson(schema) ?? schema) : tool;
}

function readCost(a: Attributes): CostDetails | undefined {
  let cost: CostDetails | undefined;
  for (const [key, field] of [['llm.cost.prompt', 'input'], ['llm.cost.completion', 'output'], ['llm.cost.total', 'total']] as const) {
    const v = getNumber(a, key);
    if (v === undefined || v < 0) continue;
    (cost ??= {})[field] = v;
  }
  return cost;
}

/** OpenInference `metadata` is JSON text of an object; values become strings. */
function jsonStringMap(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v !== undefined && v !== null) out[k] = valueText(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
