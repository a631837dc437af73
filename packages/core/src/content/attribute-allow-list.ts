/**
 * Span and event attribute keys known to carry no content: model, provider, usage, ids,
 * timing, finish reasons, HTTP status, tool names, settings. With content capture off
 * these are the only forwarded attributes that leave the process (deny by default); every
 * other key — `ai.response.reasoning`, `llm.prompts`, `acme.request.body` — is dropped,
 * however harmless its name looks. Users extend the list with `allowAttributes`.
 */

/** Exact keys. */
const EXACT: readonly string[] = [
  // OTel GenAI
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.request.temperature',
  'gen_ai.request.max_tokens',
  'gen_ai.request.top_p',
  'gen_ai.request.top_k',
  'gen_ai.request.frequency_penalty',
  'gen_ai.request.presence_penalty',
  'gen_ai.request.seed',
  'gen_ai.request.choice.count',
  'gen_ai.request.encoding_formats',
  'gen_ai.response.id',
  'gen_ai.response.finish_reasons',
  'gen_ai.response.time_to_first_chunk',
  'gen_ai.client.operation.time_to_first_chunk',
  'gen_ai.conversation.id',
  'gen_ai.agent.id',
  'gen_ai.agent.name',
  'gen_ai.tool.name',
  'gen_ai.tool.type',
  'gen_ai.tool.call.id',
  'gen_ai.output.type',
  'gen_ai.token.type',
  'gen_ai.data_source.id',
  'gen_ai.embeddings.dimension.count',
  'gen_ai.openai.request.service_tier',
  'gen_ai.openai.response.service_tier',
  'gen_ai.openai.response.system_fingerprint',
  // Vercel AI SDK
  'ai.operationId',
  'ai.model.id',
  'ai.model.provider',
  'ai.response.model',
  'ai.response.id',
  'ai.response.finishReason',
  'ai.response.timestamp',
  'ai.response.msToFirstChunk',
  'ai.response.msToFinish',
  'ai.response.avgCompletionTokensPerSecond',
  'ai.response.avgOutputTokensPerSecond',
  'ai.stream.msToFirstChunk',
  'ai.stream.msToFinish',
  'ai.toolCall.name',
  'ai.toolCall.id',
  'ai.telemetry.functionId',
  'ai.settings.maxRetries',
  'ai.settings.maxOutputTokens',
  'ai.settings.maxTokens',
  'ai.settings.maxSteps',
  'ai.settings.temperature',
  'ai.settings.topP',
  'ai.settings.topK',
  'ai.settings.presencePenalty',
  'ai.settings.frequencyPenalty',
  'ai.settings.seed',
  'operation.name',
  'resource.name',
  // OpenInference
  'openinference.span.kind',
  'llm.model_name',
  'llm.provider',
  'llm.system',
  'embedding.model_name',
  'tool.name',
  // OpenLLMetry
  'traceloop.span.kind',
  'traceloop.entity.name',
  'traceloop.workflow.name',
  'llm.request.type',
  'llm.request.model',
  'llm.response.model',
  'llm.response.finish_reason',
  'llm.is_streaming',
  // HTTP, errors, infrastructure
  'http.request.method',
  'http.response.status_code',
  'http.method',
  'http.status_code',
  'http.route',
  'server.address',
  'server.port',
  'url.scheme',
  'error.type',
  'exception.type',
  'exception.escaped',
  'otel.status_code',
];

/** Key prefixes (namespaces) whose every key is a count, a cost or an internal flag. */
const PREFIXES: readonly string[] = ['gen_ai.usage.', 'ai.usage.', 'llm.token_count.', 'llm.usage.', 'llm.cost.', 'langfuse.internal.'];

const EXACT_SET: ReadonlySet<string> = new Set(EXACT);

/**
 * Which keys pass with content capture off: the built-in list plus the user's entries —
 * exact keys, or prefixes written with a trailing `*` (`acme.retry.*`).
 */
export class AttributeAllowList {
  private readonly exact: Set<string>;
  private readonly prefixes: string[];

  constructor(extra: readonly string[] = []) {
    this.exact = new Set(EXACT_SET);
    this.prefixes = [...PREFIXES];
    for (const entry of extra) {
      if (typeof entry !== 'string' || entry.length === 0) continue;
      if (entry.endsWith('*')) this.prefixes.push(entry.slice(0, -1));
      else this.exact.add(entry);
    }
  }

  /** True when `key` names a non-content attribute. */
  allows(key: string): boolean {
    if (this.exact.has(key)) return true;
    for (const prefix of this.prefixes) if (key.startsWith(prefix)) return true;
    return false;
  }
}

/** Parses a comma-separated list (for an environment variable read by `register`). */
export function parseAllowList(text: string | undefined): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
