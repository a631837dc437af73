// An app on the OpenTelemetry JS 3.x line — `@opentelemetry/sdk-trace` 3 (its provider
// class is `TracerProvider`), `@opentelemetry/api` 1.10 — with Lamplight added in code:
// one LamplightSpanProcessor feeding Langfuse and Foglamp (configured from LANGFUSE_* and
// FOGLAMP_*), a manual GenAI span from the app's own tracer, Lamplight's manual API and
// an OpenAI call through observeOpenAI. Prints the processor's stats as its last line.
import { readFileSync } from 'node:fs';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import { observeOpenAI } from '@lamplight/openai';
import OpenAI from 'openai';

const sdkVersion = JSON.parse(readFileSync(new URL('./node_modules/@opentelemetry/sdk-trace/package.json', import.meta.url), 'utf8')).version;
context.setGlobalContextManager(new AsyncLocalStorageContextManager());
const processor = new LamplightSpanProcessor({ exporters: [new LangfuseExporter(), new FoglampExporter()], environment: 'otel3' });
const provider = new TracerProvider({ spanProcessors: [processor] });
trace.setGlobalTracerProvider(provider);

const tracer = trace.getTracer('otel3-app');
const openai = observeOpenAI(new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-test-otel3', maxRetries: 0 }));

await withTraceAttributes({ userId: 'user-3x', sessionId: 'session-3x', tags: ['otel3'] }, () =>
  observe('agent', { kind: 'agent', input: 'weather?' }, async () => {
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from 3.x' }] });
    await tracer.startActiveSpan('chat manual-model', { kind: SpanKind.CLIENT }, async (span) => {
      span.setAttributes({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'manual-model',
        'gen_ai.usage.input_tokens': 7,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
      });
      span.end();
    });
  }),
);

await provider.shutdown();
console.log(JSON.stringify({ sdkVersion, stats: processor.stats() }));
