/**
 * OpenTelemetry GenAI semantic-convention keys this package writes. Kept here rather than
 * imported from `@opentelemetry/semantic-conventions`, whose GenAI keys live in an
 * unstable entry point that changes between releases.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  /** Not (yet) in the conventions, but read by the core to tell an unfinished stream from a complete call. */
  requestStream: 'gen_ai.request.stream',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTopP: 'gen_ai.request.top_p',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestSeed: 'gen_ai.request.seed',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestChoiceCount: 'gen_ai.request.choice.count',
  requestEncodingFormats: 'gen_ai.request.encoding_formats',
  embeddingsDimensionCount: 'gen_ai.embeddings.dimension.count',
  outputType: 'gen_ai.output.type',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  toolDefinitions: 'gen_ai.tool.definitions',
} as const;

/** OpenAI-specific keys of the OTel GenAI conventions. */
export const OPENAI = {
  requestServiceTier: 'openai.request.service_tier',
  responseServiceTier: 'openai.response.service_tier',
  responseSystemFingerprint: 'openai.response.system_fingerprint',
} as const;

/** General OTel keys. */
export const GENERAL = {
  errorType: 'error.type',
  httpStatusCode: 'http.response.status_code',
  serverAddress: 'server.address',
  serverPort: 'server.port',
} as const;

/** `gen_ai.operation.name` values this package produces. */
export type GenAiOperation = 'chat' | 'text_completion' | 'embeddings';

/** Provider names (`gen_ai.provider.name`). */
export const PROVIDER_OPENAI = 'openai';
/** @see PROVIDER_OPENAI */
export const PROVIDER_AZURE = 'azure.ai.openai';
