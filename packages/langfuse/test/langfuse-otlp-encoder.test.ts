import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpanLike } from '@lamplight/core';
import { describe, expect, it } from 'vitest';
import { LangfuseExporter, langfuseOtlpCodec } from '../src/index.js';
import { resolveOtlpEncoder } from '../src/langfuse-config.js';
import { serializeSliced } from '../src/sliced-serializer.js';
import { decodeOfficial } from './otlp-official-decode.js';

/** 40 spans of about 3 KB each: more than one 64 KB slice of the stock path. */
function spans(): ReadableSpanLike[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('encoder');
  for (let i = 0; i < 40; i++) tracer.startSpan(`span ${i}`, { attributes: { i, text: `ü ${i} `.repeat(500) } }).end();
  return memory.getFinishedSpans() as unknown as ReadableSpanLike[];
}

const encoding = { maxRequestBytes: 2 * 1024 * 1024, compression: 'none', gzipLevel: 1 } as const;

describe('LangfuseExporter otlpEncoder', () => {
  it('defaults to Lamplight\'s writer: one request message, byte for byte what the stock serializer writes for the whole batch', async () => {
    const views = spans();
    const body = await langfuseOtlpCodec(encoding).encode(views);
    expect(Buffer.from(body).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(views as never)!))).toBe(true);
    expect(await langfuseOtlpCodec({ ...encoding, otlpEncoder: 'lamplight' }).encode(views)).toEqual(body);
  });

  it("'stock' encodes with the stock serializer a slice at a time; both decode to the same spans", async () => {
    const views = spans();
    const stock = await langfuseOtlpCodec({ ...encoding, otlpEncoder: 'stock' }).encode(views);
    expect(Buffer.from(stock).equals(Buffer.from(await serializeSliced(views)))).toBe(true);
    const ours = await langfuseOtlpCodec(encoding).encode(views);
    type Request = { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    const spansOf = (bytes: Uint8Array) => (decodeOfficial(bytes) as Request).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect((decodeOfficial(stock) as Request).resourceSpans.length).toBeGreaterThan(1);
    expect((decodeOfficial(ours) as Request).resourceSpans.length).toBe(1);
    expect(spansOf(ours)).toEqual(spansOf(stock));
    // The slices repeat the resource and scope: the writer's single message is smaller.
    expect(ours.length).toBeLessThan(stock.length);
  });

  it('takes the option, else LAMPLIGHT_LANGFUSE_OTLP_ENCODER, else lamplight; a bad value throws naming it', async () => {
    expect(resolveOtlpEncoder(undefined, {})).toBe('lamplight');
    expect(resolveOtlpEncoder(undefined, { LAMPLIGHT_LANGFUSE_OTLP_ENCODER: ' Stock ' })).toBe('stock');
    expect(resolveOtlpEncoder('lamplight', { LAMPLIGHT_LANGFUSE_OTLP_ENCODER: 'stock' })).toBe('lamplight');
    const base = { publicKey: 'pk', secretKey: 'sk', baseUrl: 'http://127.0.0.1:1', media: false, env: {} };
    expect(() => new LangfuseExporter({ ...base, otlpEncoder: 'fast' as never })).toThrow(/option "otlpEncoder"/);
    expect(() => new LangfuseExporter({ ...base, env: { LAMPLIGHT_LANGFUSE_OTLP_ENCODER: 'protobufjs' } })).toThrow(/LAMPLIGHT_LANGFUSE_OTLP_ENCODER/);
    await new LangfuseExporter({ ...base, otlpEncoder: 'stock' }).shutdown();
  });
});
