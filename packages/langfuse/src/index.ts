export { LangfuseExporter } from './langfuse-exporter.js';
export type { LangfuseExporterStats } from './langfuse-exporter.js';
export { resolveLangfuseConfig, DEFAULT_LANGFUSE_BASE_URL, LANGFUSE_OTLP_PATH } from './langfuse-config.js';
export type { LangfuseConfig, LangfuseExporterOptions } from './langfuse-config.js';
export { chunkByBytes, estimateSpanBytes } from './request-chunks.js';
export { VERSION } from './version.js';
export { LangfuseIngestionExporter } from './langfuse-ingestion-exporter.js';
export type { LangfuseIngestionExporterStats } from './langfuse-ingestion-exporter.js';
export {
  resolveLangfuseIngestionConfig,
  resolveLangfuseTransport,
  LANGFUSE_INGESTION_PATH,
  DEFAULT_INGESTION_REQUEST_BYTES,
} from './langfuse-ingestion-config.js';
export type { LangfuseIngestionConfig, LangfuseIngestionExporterOptions, LangfuseTransport } from './langfuse-ingestion-config.js';
export { packIngestionChunks, splitIngestionChunk, ingestionBody } from './ingestion-batches.js';
export type { EventPart, IngestionBody, IngestionChunk, TraceEntry } from './ingestion-batches.js';
export { ingestionErrors, describeEventError } from './ingestion-response.js';
export type { IngestionEventError } from './ingestion-response.js';
export { createLangfuseExporter } from './create-langfuse-exporter.js';
export type { CreateLangfuseExporterOptions } from './create-langfuse-exporter.js';
