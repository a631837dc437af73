import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { LamplightSpanProcessor, type ObservationExporter } from '@lamplight/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

/** What became of the test trace at one backend. */
export interface TestTraceResult {
  traceId: string;
  delivered: boolean;
  /** The exporter's last error (redacted by the engine) when it was not delivered. */
  error?: string;
}

/**
 * Sends one small trace — a `lamplight doctor` agent span with a generation inside — to one
 * backend through the real pipeline (processor, lane, delivery engine, codec), then reads
 * that backend's books to tell whether it was taken.
 */
export async function sendTestTrace(exporter: ObservationExporter, deadlineMs: number): Promise<TestTraceResult> {
  const processor = new LamplightSpanProcessor({ exporters: [exporter], scheduledDelayMillis: 60_000, exportTimeoutMillis: deadlineMs });
  const provider = new BasicTracerProvider({ spanProcessors: [processor as never] });
  const tracer = provider.getTracer('lamplight-doctor');
  const root = tracer.startSpan('lamplight doctor', { attributes: { 'lamplight.observation.kind': 'agent', 'langfuse.trace.name': 'lamplight doctor' } });
  const { traceId } = root.spanContext();
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const generation = tracer.startSpan(
    'chat doctor-check',
    { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'doctor-check', 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1 } },
    ctx,
  );
  generation.end();
  root.end();
  await processor.shutdown();
  const books = processor.stats().destinations[exporter.name];
  const delivered = (books?.exported ?? 0) === 2;
  await provider.shutdown().catch(() => undefined);
  return delivered ? { traceId, delivered } : { traceId, delivered, error: books?.lastError ?? 'not delivered' };
}
