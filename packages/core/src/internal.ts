/**
 * @lamplight/core/internal: the plumbing Lamplight's own packages share (readers,
 * renderers, outcome arithmetic, serialisers, loggers). Not a public API: names here
 * change without notice. Apps import from `@lamplight/core`.
 */
export { USAGE_COUNT_FIELDS, isModelKind } from './observation.js';
export { LAMPLIGHT_TRACER_NAME, SESSION_ID_KEY, USER_ID_KEY } from './attribute-keys.js';
export { hrTimeToMs, parentSpanIdOf } from './span-like.js';
export { normalize, DEFAULT_READERS } from './normalize.js';
export type { ConventionReader } from './readers/reader.js';
export { readGenAi } from './readers/gen-ai-reader.js';
export { readLamplight } from './readers/lamplight-reader.js';
export { readDuplicateCall, STEPPED_ASIDE_METADATA_KEY } from './readers/duplicate-call-reader.js';
export { FOREIGN_OPENAI_SCOPES, isForeignModelCallSpan } from './dedup/foreign-model-call.js';
export type { ScopedSpanLike } from './dedup/foreign-model-call.js';
export { isLamplightCall, isSteppedAside, markLamplightCall, markSteppedAside, MODEL_CALL_REGISTRY_LIMIT, stepAsideForInner } from './dedup/model-call-registry.js';
export { readLangfuse } from './readers/langfuse-reader.js';
export { readLamplightTiming } from './readers/lamplight-reader.js';
export { readGenAiSystem, readGenAiDeprecatedUsage, readGenAiDeprecatedContent } from './readers/gen-ai-deprecated-reader.js';
export { readAiSdk, classifyAiSdkOperation } from './readers/ai-sdk-reader.js';
export { readOpenInference } from './readers/openinference-reader.js';
export { readOpenLlmetry } from './readers/openllmetry-reader.js';
export { canonicalProvider } from './readers/provider-name.js';
export { lookupTable } from './readers/lookup-table.js';
export { scrubSecrets, scrubJsonValue, REDACTED } from './content/secret-scrubber.js';
export { validateTraceFields, MAX_ID_LENGTH } from './context/trace-field-rules.js';
export { ExportCounters } from './processor/export-counters.js';
export type { ExportCounterStats } from './processor/export-counters.js';
export { accountedFor, addDrop, addDrops, addShortfall, mergeOutcome } from './processor/outcome-arithmetic.js';
export { MASK_FAILED, prepareObservation } from './processor/prepare-observation.js';
export type { PrepareOptions } from './processor/prepare-observation.js';
export { SpanExporterAdapter } from './processor/span-exporter-adapter.js';
export { TimeSlicer, DEFAULT_SLICE_MS } from './processor/time-slicer.js';
export { toLangfuseAttributes, langfuseEnvironment, usageDetails } from './render/langfuse-attributes.js';
export { toLangfuseSpan, withAttributes } from './render/langfuse-span-view.js';
export { toFoglampSpan, foglampSpanType, foglampUsage } from './render/foglamp-span.js';
export { toFoglampTraces, foglampTraceFields, groupByTrace } from './render/foglamp-traces.js';
export type { FoglampTracesOptions, ObservationGroup } from './render/foglamp-traces.js';
export { FOGLAMP_MAX_TRACES_PER_BATCH, FOGLAMP_SPAN_TYPES, FOGLAMP_WIRE_VERSION } from './render/foglamp-types.js';
export type { FoglampBatch, FoglampSpan, FoglampSpanType, FoglampTrace, FoglampTraceFields, FoglampUsage } from './render/foglamp-types.js';
export { toLangfuseIngestionEvent, langfuseIngestionEventType, langfuseUsageDetails } from './render/langfuse-ingestion-events.js';
export type { LangfuseIngestionRenderOptions } from './render/langfuse-ingestion-events.js';
export { langfuseTraceBody, toLangfuseTraceEvent, toLangfuseIngestionBatch } from './render/langfuse-ingestion-trace.js';
export type { LangfuseIngestionBatchOptions } from './render/langfuse-ingestion-trace.js';
export { LANGFUSE_INGESTION_MAX_BATCH_BYTES, LANGFUSE_TYPED_EVENT_TYPES } from './render/langfuse-ingestion-types.js';
export type { LangfuseGenerationBody, LangfuseIngestionBatch, LangfuseIngestionError, LangfuseIngestionEvent, LangfuseIngestionEventType, LangfuseIngestionLevel, LangfuseIngestionResponse, LangfuseIngestionTypeMode, LangfuseObservationBody, LangfuseTraceBody } from './render/langfuse-ingestion-types.js';
export { toRawRecord, rawRecordJson } from './render/raw-record.js';
export type { RawRecordTimes } from './render/raw-record.js';
export { normalizeTraceId, normalizeSpanId, traceIdToUuid, unixNanoFromHrTime, unixNanoFromMs } from './render/raw-record-ids.js';
export { RAW_RECORD_LEVELS, RAW_RECORD_PATH } from './render/raw-record-types.js';
export type { RawRecord, RawRecordLevel } from './render/raw-record-types.js';
export { isLlmSpan } from './filter/llm-span-filter.js';
export { RateLimitedLogger } from './diag-logger.js';
export { suppressTracing } from './suppress-tracing.js';
export { safeStringify } from './serialize/safe-stringify.js';
export { toJsonSafe } from './serialize/to-json-safe.js';
export { truncateString } from './serialize/truncate-string.js';
export type { SerializeOptions } from './serialize/options.js';
