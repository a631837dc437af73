/**
 * `@lamplight/raw-record`: the raw telemetry record exporter. One flat JSON record per
 * observation to `POST {baseUrl}/api/v1/telemetry/raw` with `X-API-Key`; rendering comes
 * from `@lamplight/core` (`toRawRecord`), delivery from the shared engine in `@lamplight/transport`.
 * A package of its own because the core must not open sockets (DESIGN §2).
 */
export { RawRecordExporter } from './raw-record-exporter.js';
export type { RawRecordExporterStats } from './raw-record-exporter.js';
export { resolveRawRecordConfig, MAX_RAW_RECORD_CONCURRENCY } from './raw-record-config.js';
export type { RawRecordConfig, RawRecordExporterOptions } from './raw-record-config.js';
export { saysUnsuccessful } from './raw-record-response.js';
export { rawRecordCodec } from './raw-record-codec.js';
export type { RawRecordRequest } from './raw-record-codec.js';
export { contextWithTraceId } from './trace-id-context.js';
export { VERSION } from './version.js';
