import type { ReadableSpanLike } from '@lamplight/core';
import type { ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter } from '@lamplight/transport';
import { langfuseTarget, resolveLangfuseConfig, type LangfuseExporterOptions } from './langfuse-config.js';
import { langfuseOtlpCodec } from './langfuse-otlp-codec.js';

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
      'content-type': 'application/x-protobuf',
      'x-langfuse-ingestion-version': '4',
      ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    super(langfuseTarget('langfuse', 'Langfuse', config, headers, RESERVED_HEADERS), langfuseOtlpCodec(config));
  }
}
