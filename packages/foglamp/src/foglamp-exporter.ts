import type { ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter, userHeaders } from '@lamplight/transport';
import { foglampCodec } from './foglamp-codec.js';
import { resolveFoglampConfig, type FoglampExporterOptions } from './foglamp-config.js';
import type { RequestChunk } from './request-chunks.js';
import { VERSION } from './version.js';

/** Headers the exporter owns; user `headers` with these names are ignored. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-encoding', 'content-length']);

/** Counters of a `FoglampExporter`: `exported` is the spans Foglamp reported as accepted. */
export type FoglampExporterStats = ExportCounterStats;

/**
 * Sends observations to Foglamp's `POST {baseUrl}/ingest` with `Authorization: Bearer <key>`.
 * The wire format is `foglampCodec`; delivery — deadline, retries with `Retry-After`, 413
 * halving, 401/403, abort, accounting, redacted diagnostics — is the shared engine's.
 */
export class FoglampExporter extends DeliveryExporter<RequestChunk> {
  constructor(options: FoglampExporterOptions = {}) {
    const config = resolveFoglampConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(config.headers, RESERVED_HEADERS),
      authorization: `Bearer ${config.apiKey}`,
      'content-type': 'application/json',
      'user-agent': `lamplight-foglamp/${VERSION}`,
      ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    super(
      {
        name: 'foglamp',
        label: 'Foglamp',
        url: config.endpoint,
        headers,
        timeoutMillis: config.timeoutMillis,
        exportDeadlineMillis: config.exportDeadlineMillis,
        secrets: [config.apiKey],
        send: config.send,
        authHint: 'FOGLAMP_API_KEY (or the "apiKey" option) and that FOGLAMP_BASE_URL is the Foglamp that issued it',
      },
      foglampCodec({ maxTraces: config.maxTracesPerRequest, maxBytes: config.maxRequestBytes, compression: config.compression, gzipLevel: config.gzipLevel }),
    );
  }
}
