export { LangfuseExporter } from './langfuse-exporter.js';
export type { LangfuseExporterStats } from './langfuse-exporter.js';
export { resolveLangfuseConfig, DEFAULT_LANGFUSE_BASE_URL, LANGFUSE_OTLP_PATH } from './langfuse-config.js';
export type { LangfuseConfig, LangfuseExporterOptions } from './langfuse-config.js';
export { chunkByBytes, estimateSpanBytes } from './request-chunks.js';
export { VERSION } from './version.js';
