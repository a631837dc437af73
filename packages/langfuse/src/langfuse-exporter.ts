import type { ExportItem, ExportOptions, ExportOutcome, ReadableSpanLike } from '@lamplight/core';
import { enableBinaryRetention, type ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter, processEnv } from '@lamplight/transport';
import { langfuseTarget, resolveLangfuseConfig, resolveOtlpEncoder, type LangfuseExporterOptions } from './langfuse-config.js';
import { langfuseOtlpCodec } from './langfuse-otlp-codec.js';
import { MediaReferences } from './media/media-references.js';
import { resolveMediaOptions } from './media/media-options.js';
import { emptyMediaStats, type MediaStats } from './media/media-stats.js';
import { MediaUploader } from './media/media-uploader.js';
import { LangfuseApiClient } from './public-api/langfuse-api-client.js';

/**
 * Headers the exporter owns; user `headers` with these names (any case) are ignored, so a
 * proxy header can be added but the credentials, the ingestion version or the body framing
 * cannot be replaced (a user `Content-Encoding: gzip` on an uncompressed body breaks it).
 */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-encoding', 'content-length', 'x-langfuse-ingestion-version', 'x-langfuse-public-key']);

/**
 * Counters of a `LangfuseExporter`: `bytesSent` after gzip; `lastError` never holds a key;
 * `media` (when media upload is on) says what became of images and other binary content.
 */
export type LangfuseExporterStats = ExportCounterStats & { media?: MediaStats };

/**
 * Sends observations to Langfuse's OTLP endpoint (`{baseUrl}/api/public/otel/v1/traces`)
 * as OTLP/protobuf, gzip-compressed off the event loop, with `x-langfuse-ingestion-version: 4`
 * (real-time ingestion) and Basic auth. Delivery — deadline, retries, 413 halving, 401/403,
 * abort, accounting, redacted diagnostics — is the shared engine's (`@lamplight/transport`).
 *
 * Images and other binary content (on by default; `media: false` turns it off) go through
 * Langfuse's media API in this exporter's lane, before its spans are rendered: the span then
 * carries Langfuse's media reference instead of a placeholder. A failed or skipped upload
 * leaves the placeholder and is counted in `stats().media`; the span is delivered either way.
 */
export class LangfuseExporter extends DeliveryExporter<ReadableSpanLike[]> {
  private readonly media: MediaReferences | undefined;
  private readonly mediaStats: MediaStats | undefined;
  private releaseRetention: (() => void) | undefined;
  private stopped = false;

  constructor(options: LangfuseExporterOptions = {}) {
    const config = resolveLangfuseConfig(options);
    const env = options.env ?? processEnv();
    const mediaOptions = resolveMediaOptions(options.media, env);
    const otlpEncoder = resolveOtlpEncoder(options.otlpEncoder, env);
    const headers: Record<string, string> = {
      'content-type': 'application/x-protobuf',
      'x-langfuse-ingestion-version': '4',
      ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    super(langfuseTarget('langfuse', 'Langfuse', config, headers, RESERVED_HEADERS), langfuseOtlpCodec({ ...config, otlpEncoder }));
    if (mediaOptions !== undefined) {
      this.mediaStats = emptyMediaStats();
      const api = new LangfuseApiClient(options);
      const uploader = new MediaUploader(api, this.mediaStats, mediaOptions.cacheSize, config.send, config.timeoutMillis);
      this.media = new MediaReferences(uploader, mediaOptions, this.mediaStats);
      this.releaseRetention = enableBinaryRetention(mediaOptions.retentionBytes);
    }
  }

  /** Uploads the batch's media (bounded in count, bytes and time), then renders and sends the spans. */
  override async exportObservations(items: readonly ExportItem[], options: ExportOptions = {}): Promise<ExportOutcome> {
    let ready = items;
    if (this.media !== undefined && !this.stopped) {
      try {
        ready = await this.media.resolve(items, options.signal);
      } catch (error) {
        // Never lose the spans to a media problem: they go out with their placeholders.
        this.mediaStats!.failed++;
        this.mediaStats!.lastError = `media: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return super.exportObservations(ready, options);
  }

  /** The delivery counters, with `media` when media upload is on. */
  override stats(): LangfuseExporterStats {
    const stats: LangfuseExporterStats = super.stats();
    if (this.mediaStats !== undefined) stats.media = { ...this.mediaStats, skipped: { ...this.mediaStats.skipped } };
    return stats;
  }

  /** Stops keeping binary values for this exporter; later exports are counted `shutdown`. */
  override async shutdown(): Promise<void> {
    this.stopped = true;
    this.releaseRetention?.();
    this.releaseRetention = undefined;
    await super.shutdown();
  }
}
