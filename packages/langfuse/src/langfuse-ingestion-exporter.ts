import type { ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter, userHeaders } from '@lamplight/transport';
import type { IngestionChunk } from './ingestion-batches.js';
import { langfuseAuthHint } from './langfuse-config.js';
import { langfuseIngestionCodec } from './langfuse-ingestion-codec.js';
import { resolveLangfuseIngestionConfig, type LangfuseIngestionExporterOptions } from './langfuse-ingestion-config.js';
import { VERSION } from './version.js';

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
    const headers: Record<string, string> = {
      ...userHeaders(config.headers, RESERVED_HEADERS),
      authorization: `Basic ${Buffer.from(`${config.publicKey}:${config.secretKey}`).toString('base64')}`,
      'content-type': 'application/json',
      'x-langfuse-sdk-name': 'lamplight',
      'x-langfuse-sdk-version': VERSION,
      'x-langfuse-public-key': config.publicKey,
    };
    super(
      {
        name: 'langfuse-ingestion',
        label: 'Langfuse ingestion',
        url: config.endpoint,
        headers,
        timeoutMillis: config.timeoutMillis,
        exportDeadlineMillis: config.exportDeadlineMillis,
        secrets: [config.secretKey],
        authHint: langfuseAuthHint(config.publicKey),
      },
      langfuseIngestionCodec(config),
    );
  }
}
