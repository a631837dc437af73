import type { ReadableSpanLike } from '@lamplight/core';
import type { ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter, userHeaders } from '@lamplight/transport';
import { langfuseAuthHint, resolveLangfuseConfig, type LangfuseExporterOptions } from './langfuse-config.js';
import { langfuseOtlpCodec } from './langfuse-otlp-codec.js';
import { VERSION } from './version.js';

/**
 * Headers the exporter owns; user `headers` with these names (any case) are ignored, so a
 * proxy header can be added but the credentials, the ingestion version or the body framing
 * cannot be replaced (a user `Content-Encoding: gzip` on an uncompressed body breaks it).
 */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-encoding', 'content-length', 'x-langfuse-ingestion-version', 'x-langfuse-public-key']);

/** Counters of a `LangfuseExporter`: `bytesSent` after gzip; `lastError` never holds a key. */
export type LangfuseExporterStats = ExportCounterStats;

/**
 * Sends observations to Langfuse's OTLP endpoint (`{baseUrl}/api/public/otel/v1/traces`)
 * as OTLP/protobuf, gzip-compressed off the event loop, with `x-langfuse-ingestion-version: 4`
 * (real-time ingestion) and Basic auth. Delivery — deadline, retries, 413 halving, 401/403,
 * abort, accounting, redacted diagnostics — is the shared engine's (`@lamplight/transport`).
 */
export class LangfuseExporter extends DeliveryExporter<ReadableSpanLike[]> {
  constructor(options: LangfuseExporterOptions = {}) {
    const config = resolveLangfuseConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(config.headers, RESERVED_HEADERS),
      authorization: `Basic ${Buffer.from(`${config.publicKey}:${config.secretKey}`).toString('base64')}`,
      'content-type': 'application/x-protobuf',
      'x-langfuse-ingestion-version': '4',
      'x-langfuse-sdk-name': 'lamplight',
      'x-langfuse-sdk-version': VERSION,
      'x-langfuse-public-key': config.publicKey,
      ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    super(
      {
        name: 'langfuse',
        label: 'Langfuse',
        url: config.endpoint,
        headers,
        timeoutMillis: config.timeoutMillis,
        exportDeadlineMillis: config.exportDeadlineMillis,
        secrets: [config.secretKey],
        authHint: langfuseAuthHint(config.publicKey),
      },
      langfuseOtlpCodec(config),
    );
  }
}
