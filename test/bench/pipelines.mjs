// The pipelines compared, each behind the same BasicTracerProvider:
// - noop: no processor (baseline CPU of creating spans),
// - bare: stock BatchSpanProcessor + stock OTLP/protobuf exporter with gzip,
// - langfuse-otel: @langfuse/otel's LangfuseSpanProcessor (OTLP/JSON, its default filter),
// - lamplight: LamplightSpanProcessor + LangfuseExporter (OTLP/protobuf, gzip level 1).
// Not in the benchmark's table, for the stage profile: lamplight-stock-otlp is lamplight
// with the stock OTLP serializer (`otlpEncoder: 'stock'`) instead of Lamplight's writer, and
// lamplight-discard the processor with an exporter that discards.
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { LamplightSpanProcessor } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';

export const PIPELINES = ['noop', 'bare', 'langfuse-otel', 'lamplight'];

/** Builds `name` against `url`; returns the provider and a `stats()` where the pipeline has one. */
export function buildPipeline(name, url, { maxQueueSize } = {}) {
  const keys = { publicKey: 'pk-lf-bench', secretKey: 'sk-lf-bench' };
  let processor;
  if (name === 'bare') {
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces`, compression: 'gzip' }), maxQueueSize ? { maxQueueSize } : {});
  } else if (name === 'langfuse-otel') {
    processor = new LangfuseSpanProcessor({ ...keys, baseUrl: url, environment: 'bench' });
  } else if (name === 'lamplight-discard') {
    // The processor alone (filter, normalise, privacy gate) with an exporter that discards:
    // the difference to `lamplight` is render, encode, compress and transport.
    const discard = { name: 'discard', exportObservations: async (items) => ({ exported: items.length, dropped: {} }), shutdown: async () => undefined };
    processor = new LamplightSpanProcessor({ exporter: discard, environment: 'bench', ...(maxQueueSize ? { maxQueueSize } : {}) });
  } else if (name === 'lamplight' || name === 'lamplight-stock-otlp') {
    const otlpEncoder = name === 'lamplight-stock-otlp' ? 'stock' : 'lamplight';
    processor = new LamplightSpanProcessor({
      exporter: new LangfuseExporter({ ...keys, baseUrl: url, env: {}, otlpEncoder }),
      environment: 'bench',
      ...(maxQueueSize ? { maxQueueSize } : {}),
    });
  }
  const provider = new BasicTracerProvider({ spanProcessors: processor ? [processor] : [] });
  return { provider, processor, stats: () => processor?.stats?.() };
}
