import type { Attributes } from '@opentelemetry/api';
import type { ModelParameterValue, ObservationFields, ObservationKind } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { attributeIndex } from './attribute-index.js';
import { getCount, getNumber, getString, valueText } from './attribute-values.js';
import { aiSdkInput, aiSdkOutput, aiSdkToolChoice, aiSdkToolDefinitions } from './ai-sdk-content.js';
import { AI_SDK_CONTEXT_PREFIX, readAiSdkTraceFields } from './ai-sdk-trace-fields.js';
import { endedUnfinished } from './stream-abort.js';
import { lookupTable } from './lookup-table.js';

/** `ai.settings.<name>` → model parameter name (the names `gen_ai.request.*` maps to). */
const SETTINGS = lookupTable<string>({
  maxOutputTokens: 'max_tokens',
  maxTokens: 'max_tokens',
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  stopSequences: 'stop',
  seed: 'seed',
});

/** What one AI SDK operation is. */
interface AiSdkOperation {
  kind: ObservationKind;
  /** A provider call (`doGenerate`, `doStream`, `doEmbed`): the only spans whose usage is their own. */
  modelCall: boolean;
  streaming: boolean;
}

/**
 * Classifies an AI SDK operation id (DESIGN §4): `*.doGenerate` / `*.doStream` →
 * generation, `*.doEmbed` → embedding, `ai.toolCall` → tool, every other `ai.*` operation
 * (`ai.generateText`, `ai.streamText`, `ai.generateObject`, `ai.embed`, …) → chain.
 */
export function classifyAiSdkOperation(operationId: string): AiSdkOperation | undefined {
  if (!operationId.startsWith('ai.')) return undefined;
  if (operationId.endsWith('.doGenerate')) return { kind: 'generation', modelCall: true, streaming: false };
  if (operationId.endsWith('.doStream')) return { kind: 'generation', modelCall: true, streaming: true };
  if (operationId.endsWith('.doEmbed')) return { kind: 'embedding', modelCall: true, streaming: false };
  if (operationId.endsWith('.doRerank')) return { kind: 'retriever', modelCall: false, streaming: false };
  if (operationId === 'ai.toolCall') return { kind: 'tool', modelCall: false, streaming: false };
  const streaming = operationId === 'ai.streamText' || operationId === 'ai.streamObject';
  return { kind: 'chain', modelCall: false, streaming };
}

/**
 * Reads the Vercel AI SDK's own `ai.*` keys: v5 and v6 (`experimental_telemetry`) and v7
 * legacy (`@ai-sdk/otel` `LegacyOpenTelemetry`), all under instrumentation scope `ai`; plus
 * the caller's metadata/context keys, also found on v7 `gen_ai` scope spans (whose other
 * keys are plain OTel GenAI, read by `readGenAi`).
 *
 * Aggregate usage: the outer operation span (`ai.generateText`, `ai.streamText`, …)
 * carries usage for the whole call — the sum of its steps (v6, v7) or the last step's
 * (v5). Only the provider-call spans (`*.doGenerate`, `*.doStream`, `*.doEmbed`) yield
 * usage; the outer span is a chain without usage, so nothing is counted twice. Times:
 * `ai.response.msToFirstChunk` is milliseconds (OTel GenAI uses seconds).
 */
export function readAiSdk(span: ReadableSpanLike): ObservationFields {
  const a = span.attributes;
  const keys = attributeIndex(a).keys('ai');
  if (keys.length === 0) return {};
  const out = readAiSdkTraceFields(a, keys);
  const operationId = getString(a, 'ai.operationId') ?? (span.instrumentationScope?.name === 'ai' ? span.name : undefined);
  const operation = operationId === undefined ? undefined : classifyAiSdkOperation(operationId);
  if (operation === undefined) return out;

  out.kind = operation.kind;
  out.model = getString(a, 'ai.response.model') ?? getString(a, 'ai.model.id');
  out.provider = getString(a, 'ai.model.provider');
  out.modelParameters = readSettings(a, keys);
  if (operation.modelCall) Object.assign(out, readUsage(a, operation.kind));
  const msToFirstChunk = getNumber(a, 'ai.response.msToFirstChunk');
  if (msToFirstChunk !== undefined && msToFirstChunk >= 0) out.ttftMs = msToFirstChunk;

  out.input = aiSdkInput(a);
  out.output = aiSdkOutput(a);
  out.toolDefinitions = aiSdkToolDefinitions(a);
  const facts = readCallMetadata(a);
  if (facts) out.metadata = { ...out.metadata, ...facts };
  if (operation.streaming && a['ai.response.finishReason'] === undefined && endedUnfinished(span)) out.aborted = true;
  return out;
}

/**
 * Usage of one provider call. `inputTokens` includes cached tokens and `outputTokens`
 * reasoning tokens in every SDK version, as in OTel. v5 `generateText` spells them
 * `promptTokens`/`completionTokens`; embeddings report `ai.usage.tokens`.
 */
function readUsage(a: Attributes, kind: ObservationKind): ObservationFields {
  if (kind === 'embedding') return { inputTokens: getCount(a, 'ai.usage.tokens') ?? getCount(a, 'ai.usage.inputTokens') };
  return {
    inputTokens: getCount(a, 'ai.usage.inputTokens') ?? getCount(a, 'ai.usage.promptTokens'),
    outputTokens: getCount(a, 'ai.usage.outputTokens') ?? getCount(a, 'ai.usage.completionTokens'),
    totalTokens: getCount(a, 'ai.usage.totalTokens'),
    cachedInputTokens: getCount(a, 'ai.usage.inputTokenDetails.cacheReadTokens') ?? getCount(a, 'ai.usage.cachedInputTokens'),
    cacheWriteInputTokens: getCount(a, 'ai.usage.inputTokenDetails.cacheWriteTokens'),
    reasoningTokens: getCount(a, 'ai.usage.outputTokenDetails.reasoningTokens') ?? getCount(a, 'ai.usage.reasoningTokens'),
  };
}

/** `ai.settings.*` request settings (not the runtime context under `ai.settings.context.`). */
function readSettings(a: Attributes, keys: readonly string[]): Record<string, ModelParameterValue> | undefined {
  let params: Record<string, ModelParameterValue> | undefined;
  for (const key of keys) {
    if (!key.startsWith('ai.settings.') || key.startsWith(AI_SDK_CONTEXT_PREFIX)) continue;
    const name = SETTINGS[key.slice('ai.settings.'.length)];
    const v = a[key];
    if (name === undefined || v === undefined || v === null) continue;
    params ??= {};
    params[name] = (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' ? v : valueText(v);
  }
  const toolChoice = aiSdkToolChoice(a);
  if (toolChoice !== undefined) (params ??= {}).tool_choice = toolChoice;
  return params;
}

/** Identifying facts of the call, under the names the GenAI reader uses for the same facts. */
function readCallMetadata(a: Attributes): Record<string, string> | undefined {
  const entries: Array<[string, string | undefined]> = [
    ['function_id', getString(a, 'ai.telemetry.functionId')],
    ['response_id', getString(a, 'ai.response.id')],
    ['finish_reasons', getString(a, 'ai.response.finishReason')],
    ['tool_name', getString(a, 'ai.toolCall.name')],
    ['tool_call_id', getString(a, 'ai.toolCall.id')],
  ];
  let meta: Record<string, string> | undefined;
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    meta ??= {};
    meta[name] = value;
  }
  return meta;
}
