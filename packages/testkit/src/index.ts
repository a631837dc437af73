/**
 * `@lamplight/testkit`: local receivers and helpers for testing LLM telemetry end to end.
 * Not for production code: it opens sockets and keeps everything it receives in memory.
 */
export { startLangfuseReceiver } from './langfuse-receiver.js';
export type { LangfuseReceiver, LangfuseReceiverOptions, WaitOptions } from './langfuse-receiver.js';
export type { RecordedRequest, RecordedViolation } from './recorded-request.js';
export type { FailNextOptions } from './fault-queue.js';
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
