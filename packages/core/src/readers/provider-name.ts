import { lookupTable } from './lookup-table.js';

/**
 * Provider names as the OTel GenAI conventions spell them (`gen_ai.provider.name`).
 * Other sources name the same provider differently: the AI SDK's `ai.model.provider`
 * (and its copy in `gen_ai.system`) is `openai.chat`, `anthropic.messages`,
 * `google.generative-ai`; older semconv used `az.ai.openai`, `vertex_ai`; OpenLLMetry and
 * OpenInference write `OpenAI`, `Anthropic`. Backends group cost and usage by provider,
 * so every source is mapped onto the one vocabulary.
 */

/** Exact (lowercased) names → OTel name. */
const EXACT = lookupTable<string>({
  'az.ai.openai': 'azure.ai.openai',
  'az.ai.inference': 'azure.ai.inference',
  'azure_openai': 'azure.ai.openai',
  azure: 'azure.ai.openai',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  mistralai: 'mistral_ai',
  mistral: 'mistral_ai',
  xai: 'x_ai',
});

/**
 * AI SDK provider ids (`<provider>.<api>`, e.g. `openai.chat`) by prefix; the same table
 * `@ai-sdk/otel` uses for its `gen_ai.provider.name`, so v5/v6 and v7 spans agree.
 */
const AI_SDK_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['google.vertex', 'gcp.vertex_ai'],
  ['google.generative-ai', 'gcp.gemini'],
  ['google-vertex', 'gcp.vertex_ai'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['azure-openai', 'azure.ai.openai'],
  ['anthropic', 'anthropic'],
  ['openai', 'openai'],
  ['mistral', 'mistral_ai'],
  ['cohere', 'cohere'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['perplexity', 'perplexity'],
  ['xai', 'x_ai'],
];

/** The API part of AI SDK provider ids (`mistral.chat`, `togetherai.completion`, …). */
const AI_SDK_APIS = new Set(['chat', 'completion', 'responses', 'embedding', 'textembedding', 'image', 'transcription', 'speech', 'messages', 'video', 'reranking']);

/** Names that already are OTel provider names and must not be cut at their dots. */
const OTEL_NAMES = new Set([
  'azure.ai.openai',
  'azure.ai.inference',
  'gcp.vertex_ai',
  'gcp.gemini',
  'gcp.gen_ai',
  'aws.bedrock',
  'ibm.watsonx.ai',
]);

/**
 * The OTel GenAI spelling of a provider name from any source; unknown names are returned
 * lowercased and otherwise unchanged.
 */
export function canonicalProvider(name: string): string {
  const lower = name.trim().toLowerCase();
  if (OTEL_NAMES.has(lower)) return lower;
  const exact = EXACT[lower];
  if (exact !== undefined) return exact;
  for (const [prefix, mapped] of AI_SDK_PREFIXES) {
    if (lower === prefix || lower.startsWith(`${prefix}.`) || lower.startsWith(`${prefix}-`)) return mapped;
  }
  // The AI SDK's `<provider>.<api>` form of a provider not listed above: keep the provider.
  const dot = lower.lastIndexOf('.');
  if (dot > 0 && AI_SDK_APIS.has(lower.slice(dot + 1))) {
    const provider = lower.slice(0, dot);
    return provider === 'azure' ? 'azure.ai.openai' : provider;
  }
  return lower;
}
