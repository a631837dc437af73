import type { ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter } from '@lamplight/transport';
import type { IngestionChunk } from './ingestion-batches.js';
import { langfuseTarget } from './langfuse-config.js';
import { langfuseIngestionCodec } from './langfuse-ingestion-codec.js';
import { resolveLangfuseIngestionConfig, type LangfuseIngestionExporterOptions } from './langfuse-ingestion-config.js';

/** Headers the exporter owns; user `headers` with these names are ignored. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-encoding', 'content-length', 'x-langfuse-public-key']);

/** Counters of a `LangfuseIngestionExporter`: `exported` is the spans whose event Langfuse took. */
export type LangfuseIngestionExporterStats = ExportCounterStats;

/**
 * Sends observations to Langfuse's legacy batch ingestion API, `POST {baseUrl}/api/public/ingestion`,
 * for self-hosted Langfuse versions without the OTLP endpoint, with Basic auth. The wire
 * format is `langfuseIngestionCodec`; delivery and accounting are the shared engine's.
 */
export class LangfuseIngestionExporter extends DeliveryExporter<IngestionChunk> {
  constructor(options: LangfuseIngestionExporterOptions = {}) {
    const config = resolveLangfuseIngestionConfig(options);
    super(langfuseTarget('langfuse-ingestion', 'Langfuse ingestion', config, { 'content-type': 'application/json' }, RESERVED_HEADERS), langfuseIngestionCodec(config));
  }
}
