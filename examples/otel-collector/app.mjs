// App side of the Collector setup: LamplightSpanProcessor with the stock OTLP exporter.
// The processor keeps only LLM spans (and their ancestors), normalises them and hands the
// exporter Langfuse-ready spans (`langfuse.observation.*`, user/session ids, usage and cost
// details), so the Collector only has to batch and forward them (otelcol.yaml). Run many
// processes like this one against one Collector, which holds the Langfuse keys.
//
// The exporter is configured the standard way, from the environment:
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318   (default http://localhost:4318)
//   OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_COMPRESSION, … (see the OTel docs)
// launch.mjs points it at an embedded receiver that stands in for the Collector.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { observeOpenAI } from '@lamplight/openai';

// Any OTel SpanExporter works here (otlp-http, otlp-grpc, …): the processor recognises it and
// hands it Langfuse-ready spans instead of raw ones.
const processor = new LamplightSpanProcessor({ exporter: new OTLPTraceExporter(), environment: 'example' });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'lamplight-collector-example' }),
  spanProcessors: [processor],
});
trace.setGlobalTracerProvider(provider);

const openai = observeOpenAI(new OpenAI()); // reads OPENAI_API_KEY / OPENAI_BASE_URL
const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';

const summary = await withTraceAttributes({ userId: 'user-42', sessionId: 'session-7', tags: ['collector'] }, () =>
  observe('summarise-ticket', { kind: 'chain', input: 'ticket #1234' }, async (chain) => {
    const completion = await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Summarise: the printer on floor 3 is out of toner again.' }],
    });
    const text = completion.choices[0].message.content;
    chain.update({ output: text });
    return text;
  }),
);
console.log(`summary: ${summary}`);

// Deliver what is queued before exiting (in a server: on SIGTERM).
await provider.shutdown();
const { exported, dropped } = processor.stats();
console.log(`exported ${exported} spans over OTLP; dropped ${Object.values(dropped).reduce((a, b) => a + b, 0)}`);
