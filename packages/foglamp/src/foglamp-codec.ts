import { utf8Encode } from '@lamplight/core/internal';
import { gzipAsync, type AcceptedItems, type DeliveryCodec } from '@lamplight/transport';
import { acceptedCount } from './foglamp-response.js';
import { chunkBody, packRequests, splitChunk, type ChunkLimits, type RequestChunk } from './request-chunks.js';

/** Packing and encoding settings of the Foglamp codec. */
export interface FoglampEncoding extends ChunkLimits {
  compression: 'gzip' | 'none';
  gzipLevel: number;
}

/**
 * Foglamp's `POST /ingest` as a codec (contract: shared/contracts/foglamp-ingest.md):
 * `{ version: "v1", traces: [...] }` of at most `maxTraces` trace entries and about
 * `maxBytes` bytes, spans of one trace under one entry (core renders them), optional gzip.
 * The 2xx answer's `accepted` is compared with the spans sent: the shortfall is
 * `partially-accepted`.
 */
export function foglampCodec(encoding: FoglampEncoding): DeliveryCodec<RequestChunk> {
  return {
    pack: (items, onRenderError) => {
      const itemOf = new Map(items.map((item) => [item.observation, item]));
      return packRequests(
        items.map((item) => item.observation),
        encoding,
        (obs, error) => onRenderError(itemOf.get(obs) as (typeof items)[number], error),
      );
    },
    itemCount: (chunk) => chunk.spanCount,
    async encode(chunk) {
      const json = utf8Encode(chunkBody(chunk));
      return encoding.compression === 'gzip' ? gzipAsync(json, encoding.gzipLevel) : json;
    },
    split: (chunk) => (chunk.spanCount > 1 ? splitChunk(chunk) : undefined),
    accepted: (chunk, body) => acceptedSpans(chunk.spanCount, body),
  };
}

function acceptedSpans(spans: number, body: string): AcceptedItems {
  const accepted = acceptedCount(body);
  // A 2xx without a count: Foglamp took the batch; we cannot say more, so trust it and say so.
  if (accepted === undefined) return { delivered: spans, unreadable: `answered 2xx without an integer "accepted"; counting all ${spans} spans as exported` };
  if (accepted >= spans) return { delivered: spans };
  return { delivered: accepted, dropped: { 'partially-accepted': spans - accepted }, rejections: [`accepted ${accepted} of ${spans} spans`] };
}
