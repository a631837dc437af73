/**
 * @lamplight/core: what apps call. The observation model, trace attributes, the manual
 * API and the span processor with its options and stats. Plumbing shared by Lamplight's
 * own packages lives in `@lamplight/core/internal`, which apps should not import: it
 * changes without notice.
 */
export type { CostDetails, ModelParameterValue, Observation, ObservationFields, ObservationKind, ObservationLevel, PromptRef, TraceFields, UsageCounts } from './observation.js';
export { OBSERVATION_KINDS } from './observation.js';
export { LAMPLIGHT_KEYS } from './attribute-keys.js';
export type { ReadableSpanLike, WritableSpanLike } from './span-like.js';
export { withTraceAttributes, getTraceAttributes } from './context/trace-attributes.js';
export { AlsContextManager } from './context/als-context-manager.js';
export type { AsyncLocalStorageClass, AsyncLocalStorageLike } from './context/als-context-manager.js';
export type { TraceAttributes } from './context/trace-attributes.js';
export { observe } from './manual/observe.js';
export { setObservationTracerProvider, startObservation } from './manual/start-observation.js';
export { LamplightObservation } from './manual/observation-handle.js';
export type { ObservationOptions, ObservationUpdate } from './manual/observation-handle.js';
export { LamplightSpanProcessor } from './processor/lamplight-span-processor.js';
export type { LamplightSpanProcessorOptions } from './processor/processor-options.js';
export { DROP_REASONS } from './processor/export-types.js';
export type { DestinationStats, DropReason, ExportItem, ExportOptions, ExportOutcome, ObservationExporter, ProcessorStats } from './processor/export-types.js';
export type { MaskField, MaskFunction } from './processor/prepare-observation.js';
export type { SpanExporterLike } from './processor/span-exporter-adapter.js';
export type { JsonValue } from './serialize/json-value.js';
export type { PrivacyLimits, PrivacyStats } from './content/privacy-gate.js';
export type { CustomSecretRule, SecretScrubberOptions } from './content/secret-scrubber.js';
export type { ObservationEnricher } from './content-events/content-event-store.js';
export { VERSION } from './version.js';
