/**
 * `@lamplight/testkit`: local receivers and helpers for testing LLM telemetry end to end.
 * Not for production code: it opens sockets and keeps everything it receives in memory.
 */
export { startLangfuseReceiver } from './langfuse-receiver.js';
export type { LangfuseReceiver, LangfuseReceiverOptions, WaitOptions } from './langfuse-receiver.js';
export type { RecordedRequest, RecordedViolation } from './recorded-request.js';
export type { FailNextOptions } from './fault-queue.js';
export { startFoglampReceiver } from './foglamp-receiver.js';
export type { FoglampReceiver, FoglampReceiverOptions, FoglampWaitOptions } from './foglamp-receiver-api.js';
export { FOGLAMP_SEEN_LIMIT } from './foglamp-receiver-api.js';
export type {
  FoglampContractViolation,
  FoglampRecordedRequest,
  FoglampViolation,
  FoglampWireSpan,
  ReceivedFoglampSpan,
  ReceivedFoglampTrace,
  ReceivedFoglampUsage,
} from './foglamp-received.js';
export { checkFoglampBody, checkFoglampEnvelope, checkFoglampSpan, FOGLAMP_MAX_TRACES, FOGLAMP_USAGE_FIELDS } from './foglamp-contract-rules.js';
export type { FoglampBodyCheck, FoglampBodyRefusal } from './foglamp-contract-rules.js';
export { FOGLAMP_INGEST_PATH } from './foglamp-request-handler.js';
export { formatFoglampSpanTree } from './foglamp-span-tree.js';
export type {
  AttributeKvList,
  AttributeType,
  AttributeValue,
  DecodedSpan,
  DecodedSpanEvent,
  DecodedSpanKind,
  DecodedSpanLink,
  DecodedStatusCode,
} from './decoded-span.js';
export {
  checkLangfuseSpan,
  checkStrippedUsage,
  LANGFUSE_LEVELS,
  LANGFUSE_OBSERVATION_TYPES,
  STRIPPED_USAGE_REASON,
} from './langfuse-value-rules.js';
export type { ContractViolation } from './langfuse-value-rules.js';
export { MISSING_INGESTION_VERSION_REASON } from './langfuse-request-handler.js';
export { basicAuthHeader, LANGFUSE_OTLP_TRACES_PATH, MAX_INGESTION_VERSION } from './langfuse-http-checks.js';
export { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError } from './decode-otlp.js';
export type { DecodedTraceRequest, OtlpDecodeErrorKind, SpanDecodeProblem } from './decode-otlp.js';
export { encodeOtlpTraceRequest } from './otlp-proto-schema.js';
export { formatSpanLine, formatSpanTree } from './span-tree.js';
export type { SpanTreeOptions } from './span-tree.js';
export { startFakeOpenAI } from './fake-openai/fake-openai-server.js';
export type { FakeOpenAI, FakeOpenAIOptions, FakeOpenAIResponder, FakeOpenAIWaitOptions } from './fake-openai/fake-openai-api.js';
export { FAKE_OPENAI_DEFAULT_USAGE } from './fake-openai/fake-reply.js';
export type { FakeErrorReply, FakeFinishReason, FakeReply, FakeReplyInput, FakeToolCall, FakeUsage } from './fake-openai/fake-reply.js';
export type { FakeOpenAIEndpoint, FakeOpenAIRequest } from './fake-openai/recorded-openai-request.js';
export { DEFAULT_FAKE_MODELS } from './fake-openai/models.js';
export { DEFAULT_EMBEDDING_DIMENSIONS, defaultEmbedding, encodeFloat32Base64 } from './fake-openai/embeddings.js';
export { weatherModel } from './fake-openai/weather-model.js';
export { startLangfuseIngestionReceiver } from './langfuse-ingestion-receiver.js';
export type {
  AnsweredIngestionError,
  FailEventsOptions,
  IngestionRecordedRequest,
  IngestionViolation,
  IngestionWaitOptions,
  LangfuseIngestionReceiver,
  LangfuseIngestionReceiverOptions,
  ReceivedIngestionEvent,
} from './langfuse-ingestion-received.js';
export {
  checkIngestionEvent,
  isObservationEventType,
  INGESTION_LEVELS,
  LEGACY_OBSERVATION_EVENT_TYPES,
  TYPED_OBSERVATION_EVENT_TYPES,
} from './langfuse-ingestion-rules.js';
export type { IngestionRuleFinding } from './langfuse-ingestion-rules.js';
export { handleIngestionRequest, LANGFUSE_INGESTION_LIMIT_BYTES, LANGFUSE_INGESTION_PATH } from './langfuse-ingestion-handler.js';
export { startRawRecordReceiver, RAW_RECORD_PATH } from './raw-record-receiver.js';
export type {
  FailRecordsOptions,
  RawRecordReceiver,
  RawRecordReceiverOptions,
  RawRecordRecordedRequest,
  RawRecordViolation,
  RawRecordWaitOptions,
  ReceivedRawRecord,
} from './raw-record-received.js';
export { checkRawRecordText, topLevelNumberTokens, RAW_RECORD_LEVELS, RAW_SPAN_ID, RAW_TRACE_ID } from './raw-record-rules.js';
export type { RawRecordCheck, RawRecordDetail } from './raw-record-rules.js';
export { runNodeFixture } from './fixture-runner.js';
export type { NodeFixtureOptions, NodeFixtureResult } from './fixture-runner.js';
export { runNodeApp, startLocalBackends } from './local-backends.js';
export type { LaunchEnv, LocalBackends, LocalBackendsOptions, NodeAppOptions } from './local-backends.js';
export { startLangfusePublicApi } from './langfuse-public-api.js';
export type { LangfusePublicApi, LangfusePublicApiOptions, ReceivedScore } from './langfuse-public-api.js';
export type { MediaLinkRecord, ReceivedMedia, UploadFailure } from './langfuse-media-store.js';
