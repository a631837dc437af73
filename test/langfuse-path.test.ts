import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startLangfuseReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let receiver: LangfuseReceiver;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  receiver = await startLangfuseReceiver();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  trace.disable();
  context.disable();
  await receiver.close();
});

function pipeline(options: ConstructorParameters<typeof LangfuseExporter>[0] = {}, processorOptions = {}) {
  const exporter = new LangfuseExporter({
    baseUrl: receiver.url,
    publicKey: receiver.publicKey,
    secretKey: receiver.secretKey,
    env: {},
    ...options,
  });
  const processor = new LamplightSpanProcessor({ exporter, environment: 'Staging', release: 'r1', ...processorOptions });
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return { exporter, processor, tracer: provider.getTracer('app') };
}

/** A request handler span (not LLM) with an agent, a generation and a tool call inside. */
async function runWorkload(tracer: ReturnType<BasicTracerProvider['getTracer']>) {
  await withTraceAttributes({ userId: 'user-1', sessionId: 'sess-1', tags: ['e2e'], metadata: { tenant: 'acme' } }, () =>
    tracer.startActiveSpan('POST /ask', async (http) => {
      await new Promise((r) => setTimeout(r, 5));
      await observe('agent', { kind: 'agent', input: 'question' }, async () => {
        await observe('gen', { kind: 'generation', model: 'gpt-4o', prompt: { name: 'qa', version: 3 } }, async (g) => {
          await Promise.resolve();
          g.update({
            input: [{ role: 'user', content: 'question' }],
            output: { role: 'assistant', content: 'answer' },
            usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 10 },
            modelParameters: { temperature: 0.1, stream: true },
            level: 'WARN',
            completionStartTime: Date.now(),
          });
        });
        await observe('lookup', { kind: 'tool', input: { id: 1n, at: new Date(0) } }, async () => 'ok');
      });
      tracer.startActiveSpan('db', (db) => db.end());
      http.end();
    }),
  );
}

describe('Langfuse OTLP path, end to end over HTTP', () => {
  it('sends protobuf + gzip + ingestion version 4 + Basic auth with contract-valid attributes', async () => {
    const { processor, tracer } = pipeline();
    await runWorkload(tracer);
    await processor.forceFlush();
    const spans = await receiver.waitForSpans(4);
    expect(spans.map((s) => s.name).sort()).toEqual(['POST /ask', 'agent', 'gen', 'lookup']);
    expect(receiver.violations()).toEqual([]);
    const request = receiver.requests[0]!;
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.headers['x-langfuse-ingestion-version']).toBe('4');
    expect(request.headers['x-langfuse-sdk-name']).toBe('lamplight');
    expect(request.headers.authorization).toBe(receiver.authorizationHeader);
    expect(request.bodyBytes).toBeLessThan(request.decompressedBytes!);

    const gen = spans.find((s) => s.name === 'gen')!;
    expect(gen.attributes['langfuse.observation.type']).toBe('generation');
    expect(gen.attributes['langfuse.observation.level']).toBe('WARNING');
    expect(gen.attributeTypes['langfuse.observation.prompt.version']).toBe('int');
    expect(gen.attributes['langfuse.observation.prompt.version']).toBe(3);
    const usage = JSON.parse(gen.attributes['langfuse.observation.usage_details'] as string) as Record<string, number>;
    expect(usage).toEqual({ input: 20, output: 20, total: 150, input_cached_tokens: 100, output_reasoning_tokens: 10 });
    for (const v of Object.values(usage)) expect(Number.isInteger(v) && v >= 0).toBe(true);
    expect(JSON.parse(gen.attributes['langfuse.observation.model.parameters'] as string)).toEqual({ temperature: 0.1, stream: 'true' });
    expect(gen.attributes['langfuse.observation.input']).toBe('[{"role":"user","content":"question"}]');
    // each payload once: the lamplight.* source keys are not shipped next to the rendering
    expect(Object.keys(gen.attributes).filter((k) => k.startsWith('lamplight.'))).toEqual([]);

    const tool = spans.find((s) => s.name === 'lookup')!;
    expect(JSON.parse(tool.attributes['langfuse.observation.input'] as string)).toEqual({ id: '1n', at: '1970-01-01T00:00:00.000Z' });

    for (const span of spans) {
      expect(span.attributes['user.id']).toBe('user-1');
      expect(span.attributes['session.id']).toBe('sess-1');
      expect(span.attributes['langfuse.trace.tags']).toEqual(['e2e']);
      expect(span.attributes['langfuse.trace.metadata.tenant']).toBe('acme');
      expect(span.attributes['langfuse.environment']).toBe('staging');
      expect(span.attributes['langfuse.release']).toBe('r1');
    }
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect(byName.get('agent')!.parentSpanId).toBe(byName.get('POST /ask')!.spanId);
    expect(gen.parentSpanId).toBe(byName.get('agent')!.spanId);
  });

  it('accounts for every span when the receiver answers 401, 400 and 503', async () => {
    const { processor, tracer } = pipeline({ exportDeadlineMillis: 1500 }, { maxExportBatchSize: 4 });
    receiver.failNext({ status: 401, count: 1 });
    await runWorkload(tracer);
    await processor.forceFlush();
    receiver.failNext({ status: 400, count: 1, body: '{"error":"bad span"}' });
    await runWorkload(tracer);
    await processor.forceFlush();
    receiver.failNext({ status: 503, count: 6, headers: { 'retry-after': '0.2' } });
    await runWorkload(tracer);
    await processor.forceFlush();
    await runWorkload(tracer);
    await processor.forceFlush();

    const stats = processor.stats();
    expect(stats.ended).toBe(20);
    expect(stats.dropped.filtered).toBe(4);
    expect(stats.dropped['rejected-4xx']).toBe(8);
    expect(stats.dropped['retries-exhausted']).toBe(4);
    expect(stats.exported).toBe(4);
    expect(receiver.spans()).toHaveLength(4);
    expect(receiver.requests.filter((r) => r.status === 503)).toHaveLength(6);
    const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    expect(stats.exported + dropped).toBe(stats.ended);
    expect(stats.lastError).toBeDefined();
    expect(JSON.stringify(stats)).not.toContain(receiver.secretKey);
  });

  it('splits a batch on 413 and delivers every span once', async () => {
    const { processor, tracer } = pipeline();
    receiver.failNext({ status: 413, count: 1 });
    await runWorkload(tracer);
    await processor.forceFlush();
    const spans = await receiver.waitForSpans(4);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(4);
    expect(processor.stats().exported).toBe(4);
  });

  it('user headers go along, but never replace the credentials, ingestion version or body framing', async () => {
    const { processor, tracer } = pipeline({
      compression: 'none',
      headers: { 'X-Proxy-Token': 'proxy-1', 'Content-Encoding': 'gzip', Authorization: 'Bearer other', 'X-Langfuse-Ingestion-Version': '3' },
    });
    await runWorkload(tracer);
    await processor.forceFlush();
    await receiver.waitForSpans(4);
    const [request] = receiver.requests;
    expect(request?.headers['x-proxy-token']).toBe('proxy-1');
    expect(request?.headers['content-encoding']).toBeUndefined();
    expect(request?.headers['authorization']).toMatch(/^Basic /);
    expect(request?.headers['x-langfuse-ingestion-version']).toBe('4');
    expect(receiver.violations()).toEqual([]);
    expect(processor.stats().exported).toBe(4);
  });
});
