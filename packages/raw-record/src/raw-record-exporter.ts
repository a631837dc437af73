import type { ExportCounterStats } from '@lamplight/core/internal';
import { DeliveryExporter, userHeaders } from '@lamplight/transport';
import { rawRecordCodec, type RawRecordRequest } from './raw-record-codec.js';
import { resolveRawRecordConfig, type RawRecordExporterOptions } from './raw-record-config.js';
import { VERSION } from './version.js';

/** Headers the exporter owns; user `headers` with these names are ignored. */
const RESERVED_HEADERS = new Set(['x-api-key', 'content-type', 'content-encoding', 'content-length']);

/** Counters of a `RawRecordExporter`: `exported` and `dropped` count records. */
export type RawRecordExporterStats = ExportCounterStats;

/**
 * Sends one flat record per observation to `POST {baseUrl}/api/v1/telemetry/raw` (seed:
 * raw-telemetry-record-api.txt) with `X-API-Key` when a key is configured, at most
 * `maxConcurrency` requests at a time. The wire format is `rawRecordCodec`; delivery and
 * accounting are the shared engine's.
 */
export class RawRecordExporter extends DeliveryExporter<RawRecordRequest> {
  constructor(options: RawRecordExporterOptions = {}) {
    const config = resolveRawRecordConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(config.headers, RESERVED_HEADERS),
      'content-type': 'application/json',
      'user-agent': `lamplight-raw-record/${VERSION}`,
      ...(config.apiKey !== undefined ? { 'x-api-key': config.apiKey } : {}),
    };
    super(
      {
        name: 'raw-record',
        label: 'the raw record endpoint',
        url: config.endpoint,
        headers,
        timeoutMillis: config.timeoutMillis,
        exportDeadlineMillis: config.exportDeadlineMillis,
        secrets: [config.apiKey],
        send: config.send,
        authHint: `LAMPLIGHT_RAW_RECORD_API_KEY (or the "apiKey" option)${config.apiKey === undefined ? ': no key is configured' : ''}`,
        concurrency: config.maxConcurrency,
      },
      rawRecordCodec(),
    );
  }
}
