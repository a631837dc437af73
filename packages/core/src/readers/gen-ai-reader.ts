import type { Attributes } from '@opentelemetry/api';
import { isModelKind, type ModelParameterValue, type ObservationFields, type ObservationKind } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { attributeIndex } from './attribute-index.js';
import { getBoolean, getCount, getJson, getNumber, getString, getStringArray, valueText } from './attribute-values.js';
import { endedUnfinished } from './stream-abort.js';
import { lookupTable } from './lookup-table.js';

/** `gen_ai.operation.name` → observation kind (DESIGN §4). */
export const GEN_AI_OPERATION_KINDS = lookupTable<ObservationKind>({
  chat: 'generation',
  text_completion: 'generation',
  generate_content: 'generation',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  agent_step: 'chain',
  retrieval: 'retriever',
  // AI SDK v7 (`@ai-sdk/otel`) names its reranking spans `rerank`.
  rerank: 'retriever',
});

/** Request parameters copied into `modelParameters`, under their short names. */
const REQUEST_PARAMETERS: ReadonlyArray<readonly [string, string]> = [
  ['gen_ai.request.temperature', 'temperature'],
  ['gen_ai.request.max_tokens', 'max_tokens'],
  ['gen_ai.request.top_p', 'top_p'],
  ['gen_ai.request.top_k', 'top_k'],
  ['gen_ai.request.frequency_penalty', 'frequency_penalty'],
  ['gen_ai.request.presence_penalty', 'presence_penalty'],
  ['gen_ai.request.seed', 'seed'],
  ['gen_ai.request.choice.count', 'n'],
  ['gen_ai.request.stop_sequences', 'stop'],
  ['gen_ai.request.encoding_formats', 'encoding_formats'],
  ['gen_ai.output.type', 'response_format'],
];

/** Content attributes of the current OTel GenAI conventions (JSON text by definition). */
export const GEN_AI_CONTENT_KEYS: readonly string[] = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
];

/**
 * Reads the current OTel GenAI semantic conventions (`gen_ai.*`): operation, provider,
 * request/response model and parameters, usage including cache and reasoning details,
 * content, tool calls, time to first chunk (seconds → ms), conversation and agent.
 *
 * Usage is read only from model-call operations (or spans without a known operation):
 * `invoke_agent`, `agent_step` and `execute_tool` spans carry the *sum* of their children
 * (AI SDK v7 puts the whole tool loop's usage on `invoke_agent`); reading it would count
 * every token twice. `gen_ai.system` is a deprecated key: `gen-ai-deprecated-reader.ts`.
 */
export function readGenAi(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  if (!attributeIndex(a).has('gen_ai')) return {};
  const out: ObservationFields = {};
  const operation = getString(a, 'gen_ai.operation.name');
  const kind = operation === undefined ? undefined : GEN_AI_OPERATION_KINDS[operation];
  out.kind = kind;
  out.provider = getString(a, 'gen_ai.provider.name');
  out.model = getString(a, 'gen_ai.response.model') ?? getString(a, 'gen_ai.request.model');
  out.modelParameters = readParameters(a);

  if (kind === undefined || isModelKind(kind)) {
    out.inputTokens = getCount(a, 'gen_ai.usage.input_tokens');
    out.outputTokens = getCount(a, 'gen_ai.usage.output_tokens');
    out.cachedInputTokens = getCount(a, 'gen_ai.usage.cache_read.input_tokens');
    out.cacheWriteInputTokens = getCount(a, 'gen_ai.usage.cache_creation.input_tokens');
    out.reasoningTokens = getCount(a, 'gen_ai.usage.reasoning.output_tokens');
  }

  // OTel GenAI durations are seconds; the observation keeps milliseconds.
  const ttftSeconds =
    getNumber(a, 'gen_ai.response.time_to_first_chunk') ?? getNumber(a, 'gen_ai.client.operation.time_to_first_chunk');
  if (ttftSeconds !== undefined && ttftSeconds >= 0) out.ttftMs = ttftSeconds * 1000;

  out.systemInstructions = getJson(a, 'gen_ai.system_instructions');
  out.toolDefinitions = getJson(a, 'gen_ai.tool.definitions');
  out.input = getJson(a, 'gen_ai.input.messages') ?? getJson(a, 'gen_ai.tool.call.arguments');
  out.output = getJson(a, 'gen_ai.output.messages') ?? getJson(a, 'gen_ai.tool.call.result');

  out.sessionId = getString(a, 'gen_ai.conversation.id');
  out.agentName = getString(a, 'gen_ai.agent.name');
  out.metadata = readMetadata(a);
  if (isStreaming(span, operation, ttftSeconds) && a['gen_ai.response.finish_reasons'] === undefined && endedUnfinished(span)) {
    out.aborted = true;
  }
  return out;
}

/** See `stream-abort.ts` for why the AI SDK v7 `gen_ai` scope is a special case. */
function isStreaming(span: ReadableSpanLike, operation: string | undefined, ttftSeconds: number | undefined): boolean {
  if (getBoolean(span.attributes, 'gen_ai.request.stream') === true || ttftSeconds !== undefined) return true;
  return span.instrumentationScope?.name === 'gen_ai' && (operation === 'chat' || operation === 'invoke_agent');
}

function readParameters(a: Attributes): Record<string, ModelParameterValue> | undefined {
  let params: Record<string, ModelParameterValue> | undefined;
  for (const [key, name] of REQUEST_PARAMETERS) {
    const v = a[key];
    if (v === undefined || v === null) continue;
    params ??= {};
    params[name] = (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' ? v : valueText(v);
  }
  return params;
}

/** Small identifying facts worth keeping as observation metadata. */
function readMetadata(a: Attributes): Record<string, string> | undefined {
  let meta: Record<string, string> | undefined;
  const put = (name: string, value: string | undefined): void => {
    if (value === undefined) return;
    meta ??= {};
    meta[name] = value;
  };
  put('response_id', getString(a, 'gen_ai.response.id'));
  const reasons = getStringArray(a, 'gen_ai.response.finish_reasons');
  if (reasons) put('finish_reasons', reasons.join(','));
  put('tool_name', getString(a, 'gen_ai.tool.name'));
  put('tool_call_id', getString(a, 'gen_ai.tool.call.id'));
  put('tool_type', getString(a, 'gen_ai.tool.type'));
  put('agent_id', getString(a, 'gen_ai.agent.id'));
  put('data_source_id', getString(a, 'gen_ai.data_source.id'));
  return meta;
}
