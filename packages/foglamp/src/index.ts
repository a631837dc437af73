/**
 * `@lamplight/foglamp`: the Foglamp exporter. JSON trace batches to `POST {baseUrl}/ingest`
 * with Bearer auth; rendering comes from `@lamplight/core`, delivery from the shared
 * engine in `@lamplight/transport`.
 */
export { FoglampExporter } from './foglamp-exporter.js';
export type { FoglampExporterStats } from './foglamp-exporter.js';
export { resolveFoglampConfig, DEFAULT_FOGLAMP_BASE_URL, FOGLAMP_INGEST_PATH } from './foglamp-config.js';
export type { FoglampConfig, FoglampExporterOptions } from './foglamp-config.js';
export { packRequests, splitChunk, chunkBody } from './request-chunks.js';
export type { ChunkLimits, RequestChunk, TraceEntryPart } from './request-chunks.js';
export { acceptedCount } from './foglamp-response.js';
export { foglampCodec } from './foglamp-codec.js';
export type { FoglampEncoding } from './foglamp-codec.js';
export { VERSION } from './version.js';
