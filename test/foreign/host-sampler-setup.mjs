// Preloaded before @lamplight/register: the app's own NodeTracerProvider that keeps 20 % of
// traces (a ratio sampler on the trace id, parent-based below the root), exporting to an
// in-memory exporter whose spans are printed at exit.
import { InMemorySpanExporter, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const exporter = new InMemorySpanExporter();
new NodeTracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.2) }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
}).register();
process.on('exit', () => {
  const spans = exporter.getFinishedSpans().map((s) => ({
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    name: s.name,
  }));
  console.log(`HOST ${JSON.stringify(spans)}`);
});
