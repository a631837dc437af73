import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes, type LamplightSpanProcessorOptions, type ProcessorStats } from '@lamplight/core';
import { startFoglampReceiver, type FoglampReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FoglampExporter, type FoglampExporterOptions } from '@lamplight/foglamp';

let receiver: FoglampReceiver;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  receiver = await startFoglampReceiver();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  trace.disable();
  context.disable();
  diag.disable();
  await receiver.close();
});

function pipeline(options: FoglampExporterOptions = {}, processorOptions: LamplightSpanProcessorOptions = {}) {
  const exporter = new FoglampExporter({ baseUrl: receiver.url, apiKey: receiver.apiKey, env: {}, ...options });
  const processor = new LamplightSpanProcessor({ exporter, environment: 'staging', ...processorOptions });
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return { exporter, processor, tracer: provider.getTracer('app') };
}

const T0 = Date.now() - 60_000;

/** A root agent, two generations (one streamed, with time to first token) and a failing tool call. */
async function agentWorkload(): Promise<void> {
  const attributes = {
    userId: 'user-1',
    sessionId: 'sess-1',
    agentName: 'weather-agent',
    workflowName: 'answer-question',
    workflowRunId: 'run_2024_05_24',
    metadata: { tenant: 'acme' },
  };
  await withTraceAttributes(attributes, () =>
    observe('answer', { kind: 'agent', input: 'weather in Paris?', startTime: T0 }, async (agent) => {
      await observe('chat gpt-4o', { kind: 'generation', model: 'gpt-4o', provider: 'openai', startTime: T0 + 10 }, async (g) => {
        g.update({
          input: [{ role: 'user', content: 'weather in Paris?' }],
          output: { role: 'assistant', tool_calls: [{ name: 'get_weather' }] },
          usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 10 },
          completionStartTime: T0 + 10 + 250,
        });
        g.end(T0 + 400);
      });
      await observe('get_weather', { kind: 'tool', input: { city: 'Paris' }, startTime: T0 + 410 }, async () => {
        throw new Error('weather service down');
      }).catch(() => undefined);
      await observe('chat gpt-4o', { kind: 'generation', model: 'gpt-4o', provider: 'openai', startTime: T0 + 500 }, async (g) => {
        g.update({ output: 'Sorry, no weather.', usage: { inputTokens: 80, outputTokens: 8 } });
      });
      // An agent span repeating its steps' total usage must not reach Foglamp (double counting).
      agent.update({ output: 'Sorry, no weather.', usage: { inputTokens: 200, outputTokens: 38 } });
    }),
  );
}

function expectBalanced(stats: ProcessorStats): void {
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  expect(stats.exported + dropped).toBe(stats.ended);
}

describe('Foglamp path, end to end over HTTP', () => {
  it('delivers an agent trace as one entry with parent links, span types, usage, ttft and status', async () => {
    const { processor } = pipeline();
    await agentWorkload();
    await processor.forceFlush();
    const traces = await receiver.waitForTraces(1);
    expect(receiver.violations()).toEqual([]);
    expect(traces).toHaveLength(1);
    const entry = traces[0]!;
    expect(entry).toMatchObject({
      agentName: 'weather-agent',
      workflowName: 'answer-question',
      workflowRunId: 'run_2024_05_24',
      sessionId: 'sess-1',
      metadata: { tenant: 'acme', userId: 'user-1', environment: 'staging' },
    });
    expect(entry.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(entry.spans).toHaveLength(4);

    const root = entry.spans.find((s) => s.spanType === 'agent')!;
    const [gen1, gen2] = entry.spans.filter((s) => s.spanType === 'llm').sort((a, b) => a.startTime - b.startTime);
    const tool = entry.spans.find((s) => s.spanType === 'tool')!;
    expect(root.parentSpanId).toBeUndefined();
    for (const child of [gen1!, gen2!, tool]) expect(child.parentSpanId).toBe(root.spanId);

    expect(root).toMatchObject({ name: 'answer', status: 'ok', startTime: T0, input: 'weather in Paris?' });
    expect(root.usage).toBeUndefined();
    expect(gen1).toMatchObject({
      name: 'chat gpt-4o',
      status: 'ok',
      provider: 'openai',
      modelId: 'gpt-4o',
      startTime: T0 + 10,
      endTime: T0 + 400,
      ttftMs: 250,
      usage: { inputTokens: 120, outputTokens: 30, totalTokens: 150, cachedInputTokens: 100, reasoningTokens: 10 },
      input: '[{"role":"user","content":"weather in Paris?"}]',
    });
    expect(JSON.parse(gen1!.output!)).toEqual({ role: 'assistant', tool_calls: [{ name: 'get_weather' }] });
    expect(gen2).toMatchObject({ usage: { inputTokens: 80, outputTokens: 8, totalTokens: 88 }, output: 'Sorry, no weather.' });
    expect(gen2!.ttftMs).toBeUndefined();
    expect(tool).toMatchObject({ name: 'get_weather', status: 'error', errorMessage: 'weather service down', input: '{"city":"Paris"}' });
    for (const span of entry.spans) {
      expect(Number.isInteger(span.startTime) && Number.isInteger(span.endTime)).toBe(true);
      expect(span.endTime).toBeGreaterThanOrEqual(span.startTime);
    }
    expect(processor.stats()).toMatchObject({ exported: 4, ended: 4 });
  });

  it('sends 2500 traces flushed at once in exactly 3 requests of at most 1000 traces', async () => {
    const { processor, tracer } = pipeline({}, { maxExportBatchSize: 10_000, maxQueueSize: 10_000, scheduledDelayMillis: 60_000 });
    for (let i = 0; i < 2500; i++) {
      tracer.startSpan(`chat ${i}`, { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini' } }).end();
    }
    await processor.forceFlush();
    expect(receiver.requests.map((r) => [r.status, r.traceCount, r.spanCount])).toEqual([
      [200, 1000, 1000],
      [200, 1000, 1000],
      [200, 500, 500],
    ]);
    expect(new Set(receiver.spans().map((s) => s.traceId)).size).toBe(2500);
    expect(receiver.violations()).toEqual([]);
    expect(processor.stats()).toMatchObject({ ended: 2500, exported: 2500 });
  });

  it('413 then success: the batch is split in halves and every span arrives exactly once', async () => {
    const { processor } = pipeline();
    receiver.failNext({ status: 413 });
    await agentWorkload();
    await agentWorkload();
    await processor.forceFlush();
    const [refused, ...rest] = receiver.requests;
    expect(refused).toMatchObject({ status: 413, injected: true, spanCount: 8 });
    expect(rest.map((r) => [r.status, r.spanCount])).toEqual([
      [200, 4],
      [200, 4],
    ]);
    const ids = receiver.spans().map((s) => s.spanId);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect(receiver.violations()).toEqual([]); // a span delivered twice would be one
    expect(processor.stats()).toMatchObject({ exported: 8, ended: 8 });
  });

  it('429 with Retry-After: 1 is honoured: the retry arrives at least 1000 ms after the refused request', async () => {
    const { processor } = pipeline();
    receiver.failNext({ status: 429, headers: { 'retry-after': '1' } });
    await agentWorkload();
    await processor.forceFlush();
    const [first, second] = receiver.requests;
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(receiver.spans()).toHaveLength(4);
    expect(processor.stats().exported).toBe(4);
  });

  it('a 400 is counted as rejected-4xx and not retried', async () => {
    const logged: string[] = [];
    diag.setLogger({ error: (...a) => logged.push(a.join(' ')), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.ERROR);
    const { processor, exporter } = pipeline();
    receiver.failNext({ status: 400, body: { error: 'traces[0].spans[1].usage.inputTokens: must be an integer' } });
    await agentWorkload();
    await processor.forceFlush();
    expect(receiver.requests).toHaveLength(1);
    const stats = processor.stats();
    expect(stats.exported).toBe(0);
    expect(stats.dropped['rejected-4xx']).toBe(4);
    expect(stats.destinations.foglamp?.dropped['rejected-4xx']).toBe(4);
    expect(exporter.stats()).toMatchObject({ requests: 1, exported: 0, dropped: { 'rejected-4xx': 4 } });
    expect(logged.join('\n')).toContain('traces[0].spans[1].usage.inputTokens: must be an integer');
    expectBalanced(stats);
  });

  it('keeps the books balanced across auth failure, rejection, retries and success', async () => {
    const { processor } = pipeline({ exportDeadlineMillis: 800 }, { maxExportBatchSize: 4 });
    receiver.failNext({ status: 401 });
    await agentWorkload();
    await processor.forceFlush();
    receiver.failNext({ status: 503, count: 20, headers: { 'retry-after': '0.1' } });
    await agentWorkload();
    await processor.forceFlush();
    receiver.reset();
    await agentWorkload();
    await processor.forceFlush();
    const stats = processor.stats();
    expect(stats.dropped['rejected-4xx']).toBe(4);
    expect(stats.dropped['retries-exhausted']).toBe(4);
    expect(stats.exported).toBe(4);
    expect(receiver.spans()).toHaveLength(4);
    expectBalanced(stats);
    expect(JSON.stringify(stats)).not.toContain(receiver.apiKey);
  });
});
