import type { ExportItem, ReadableSpanLike } from '@lamplight/core';
import { TimeSlicer, toLangfuseSpan } from '@lamplight/core/internal';
import { gzipAsync, type DeliveryCodec } from '@lamplight/transport';
import type { OtlpEncoderName } from './langfuse-config.js';
import { encodeTraceRequest } from './otlp-writer.js';
import { estimateSpanBytes } from './request-chunks.js';
import { serializeSliced } from './sliced-serializer.js';

/** Encoding settings of the OTLP codec. */
export interface LangfuseOtlpEncoding {
  maxRequestBytes: number;
  compression: 'gzip' | 'none';
  gzipLevel: number;
  /** Lamplight's OTLP writer (default) or the stock OTel serializer. */
  otlpEncoder?: OtlpEncoderName;
}

/**
 * Langfuse's OTLP route as a codec: each observation is rendered onto its span's Langfuse
 * view (core's `toLangfuseSpan`), views are grouped into requests by estimated size,
 * encoded as OTLP/protobuf by Lamplight's writer (or the stock serializer, a slice at a
 * time, with `otlpEncoder: 'stock'`), yielding to the event loop as they go, and
 * gzip-compressed off the event loop. A 413 halves the views; Langfuse's 2xx says nothing per span.
 */
export function langfuseOtlpCodec(encoding: LangfuseOtlpEncoding): DeliveryCodec<ReadableSpanLike[]> {
  return {
    pack: (items, onRenderError) => packViews(items, encoding.maxRequestBytes, onRenderError),
    itemCount: (views) => views.length,
    async encode(views) {
      const serialized = encoding.otlpEncoder === 'stock' ? await serializeSliced(views) : await encodeTraceRequest(views);
      return encoding.compression === 'gzip' ? gzipAsync(serialized, encoding.gzipLevel) : serialized;
    },
    split: (views) => (views.length > 1 ? [views.slice(0, Math.ceil(views.length / 2)), views.slice(Math.ceil(views.length / 2))] : undefined),
  };
}

/** Renders span by span, yielding to the event loop between slices, a request whenever the byte budget fills. */
async function* packViews(
  items: readonly ExportItem[],
  maxBytes: number,
  onRenderError: (item: ExportItem, error: unknown) => void,
): AsyncGenerator<ReadableSpanLike[]> {
  const slicer = new TimeSlicer();
  let chunk: ReadableSpanLike[] = [];
  let chunkBytes = 0;
  for (const item of items) {
    const pause = slicer.maybeYield();
    if (pause) await pause;
    let view: ReadableSpanLike;
    try {
      view = toLangfuseSpan(item.span, item.observation);
    } catch (error) {
      onRenderError(item, error);
      continue;
    }
    const bytes = estimateSpanBytes(view);
    if (chunk.length > 0 && chunkBytes + bytes > maxBytes) {
      yield chunk;
      chunk = [];
      chunkBytes = 0;
    }
    chunk.push(view);
    chunkBytes += bytes;
  }
  if (chunk.length > 0) yield chunk;
}
