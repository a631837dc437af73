import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes, type ProcessorStats } from '@lamplight/core';
import { LangfuseIngestionExporter, type LangfuseIngestionExporterOptions } from '@lamplight/langfuse';
import { startLangfuseIngestionReceiver, type LangfuseIngestionReceiver, type ReceivedIngestionEvent } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let receiver: LangfuseIngestionReceiver;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  receiver = await startLangfuseIngestionReceiver();
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

function pipeline(options: LangfuseIngestionExporterOptions = {}) {
  const exporter = new LangfuseIngestionExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey, env: {}, ...options });
  const processor = new LamplightSpanProcessor({ exporter, environment: 'Staging', release: 'r1' });
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return { exporter, processor, tracer: provider.getTracer('app') };
}

const T0 = Date.now() - 60_000;

/** An HTTP handler span (not LLM) around an agent with a generation, a failing tool call and an event. */
async function workload(tracer: ReturnType<BasicTracerProvider['getTracer']>): Promise<void> {
  const attributes = { userId: 'user-1', sessionId: 'sess-1', traceName: 'weather question', tags: ['e2e'], metadata: { tenant: 'acme' }, agentName: 'weather-agent' };
  await withTraceAttributes(attributes, () =>
    tracer.startActiveSpan('POST /ask', { startTime: T0 }, async (http) => {
      await observe('answer', { kind: 'agent', input: 'weather in Paris?', startTime: T0 + 5 }, async (agent) => {
        await observe('chat gpt-4o', { kind: 'generation', model: 'gpt-4o', provider: 'openai', startTime: T0 + 10, prompt: { name: 'qa', version: 3 } }, async (g) => {
          g.update({
            input: [{ role: 'user', content: 'weather in Paris?' }],
            output: { role: 'assistant', tool_calls: [{ name: 'get_weather' }] },
            usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 10 },
            modelParameters: { temperature: 0.1 },
            completionStartTime: T0 + 260,
            level: 'WARN',
          });
          g.end(T0 + 400);
        });
        await observe('get_weather', { kind: 'tool', input: { city: 'Paris' }, startTime: T0 + 410 }, async () => {
          throw new Error('weather service down');
        }).catch(() => undefined);
        await observe('cache-miss', { kind: 'event', startTime: T0 + 420 }, async () => undefined);
        agent.update({ output: 'Sorry, no weather.', usage: { inputTokens: 200, outputTokens: 38 } });
      });
      http.end();
    }),
  );
}

function expectBalanced(stats: ProcessorStats): void {
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  expect(stats.exported + dropped).toBe(stats.ended);
}

const byName = (events: ReceivedIngestionEvent[], name: string): ReceivedIngestionEvent => {
  const found = events.find((e) => e.body.name === name);
  if (!found) throw new Error(`no event named ${name}: ${events.map((e) => e.body.name).join(', ')}`);
  return found;
};

describe('Langfuse legacy ingestion path, end to end over HTTP', () => {
  it('delivers the trace as trace-create + span/generation/event-create events that pass every check', async () => {
    const { processor } = pipeline();
    await workload(provider!.getTracer('app'));
    await processor.forceFlush();
    const events = await receiver.waitForObservations(5);
    expect(receiver.violations()).toEqual([]);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.headers.authorization).toBe(receiver.authorizationHeader);

    const [traceBody] = receiver.traces();
    const http = byName(events, 'POST /ask');
    expect(traceBody).toEqual({
      id: http.body.traceId,
      timestamp: new Date(T0).toISOString(),
      name: 'weather question',
      userId: 'user-1',
      sessionId: 'sess-1',
      release: 'r1',
      environment: 'staging',
      tags: ['e2e'],
      metadata: { tenant: 'acme', agent_name: 'weather-agent' },
    });
    expect(String(traceBody!.id)).toMatch(/^[0-9a-f]{32}$/);

    const agent = byName(events, 'answer');
    const gen = byName(events, 'chat gpt-4o');
    const tool = byName(events, 'get_weather');
    const event = byName(events, 'cache-miss');
    expect(events.map((e) => [e.body.name, e.type])).toEqual(
      expect.arrayContaining([
        ['POST /ask', 'span-create'],
        ['answer', 'span-create'],
        ['chat gpt-4o', 'generation-create'],
        ['get_weather', 'span-create'],
        ['cache-miss', 'event-create'],
      ]),
    );
    expect(http.body.parentObservationId).toBeUndefined();
    expect(agent.body.parentObservationId).toBe(http.body.id);
    for (const child of [gen, tool, event]) expect(child.body.parentObservationId).toBe(agent.body.id);
    expect(agent.body).toMatchObject({ level: 'DEFAULT', input: 'weather in Paris?', output: 'Sorry, no weather.', metadata: { observation_type: 'agent' } });
    expect(agent.body).not.toHaveProperty('usageDetails');
    expect(gen.body).toMatchObject({
      traceId: traceBody!.id,
      startTime: new Date(T0 + 10).toISOString(),
      endTime: new Date(T0 + 400).toISOString(),
      completionStartTime: new Date(T0 + 260).toISOString(),
      level: 'WARNING',
      model: 'gpt-4o',
      modelParameters: { temperature: 0.1 },
      usageDetails: { input: 20, output: 20, total: 150, input_cached_tokens: 100, output_reasoning_tokens: 10 },
      promptName: 'qa',
      promptVersion: 3,
      environment: 'staging',
      metadata: { provider: 'openai' },
      input: [{ role: 'user', content: 'weather in Paris?' }],
    });
    expect(tool.body).toMatchObject({ level: 'ERROR', statusMessage: 'weather service down', input: { city: 'Paris' }, metadata: { observation_type: 'tool' } });
    expect(event.body).not.toHaveProperty('endTime');
    expect(new Set(receiver.events().map((e) => e.id)).size).toBe(6);
    expect(processor.stats()).toMatchObject({ ended: 5, exported: 5 });
    expectBalanced(processor.stats());
  });

  it('207 with one rejected event: exactly that span is rejected-4xx, the others exported, nothing resent', async () => {
    const logged: string[] = [];
    diag.setLogger({ error: (...a) => logged.push(a.join(' ')), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.ERROR);
    const { processor, exporter, tracer } = pipeline();
    receiver.failEvents((e) => e.body.name === 'get_weather', { status: 400, message: 'Invalid request data', error: ['body.input: too large'] });
    await workload(tracer);
    await processor.forceFlush();
    await processor.forceFlush();
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.errors).toHaveLength(1);
    expect(receiver.observations().map((e) => e.body.name).sort()).toEqual(['POST /ask', 'answer', 'cache-miss', 'chat gpt-4o']);
    const stats = processor.stats();
    expect(stats).toMatchObject({ ended: 5, exported: 4 });
    expect(stats.dropped['rejected-4xx']).toBe(1);
    expect(stats.destinations['langfuse-ingestion']).toMatchObject({ exported: 4, dropped: expect.objectContaining({ 'rejected-4xx': 1 }) });
    expect(stats.lastError).toContain('span-create "get_weather"');
    expect(stats.lastError).toContain('body.input: too large');
    expect(logged.filter((l) => l.includes('rejected 1 of 5'))).toHaveLength(1);
    expect(exporter.stats().requests).toBe(1);
    expectBalanced(stats);
    expect(JSON.stringify(stats)).not.toContain(receiver.secretKey);
  });

  it('keeps the books balanced across auth failure, throttling and success', async () => {
    const { processor, tracer } = pipeline({ exportDeadlineMillis: 600 });
    receiver.failNext({ status: 401 });
    await workload(tracer);
    await processor.forceFlush();
    receiver.failNext({ status: 429, count: 30, headers: { 'retry-after': '0.1' } });
    await workload(tracer);
    await processor.forceFlush();
    receiver.reset();
    await workload(tracer);
    await processor.forceFlush();
    const stats = processor.stats();
    expect(stats.dropped['rejected-4xx']).toBe(5);
    expect(stats.dropped['retries-exhausted']).toBe(5);
    expect(stats.exported).toBe(5);
    expect(receiver.observations()).toHaveLength(5);
    expect(receiver.violations()).toEqual([]);
    expectBalanced(stats);
  });
});
