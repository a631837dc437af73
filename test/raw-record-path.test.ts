import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes, type ProcessorStats } from '@lamplight/core';
import { traceIdToUuid } from '@lamplight/core/internal';
import { startRawRecordReceiver, type RawRecordReceiver, type ReceivedRawRecord } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextWithTraceId, RawRecordExporter, type RawRecordExporterOptions } from '@lamplight/raw-record';

let receiver: RawRecordReceiver;
let provider: BasicTracerProvider | undefined;
const API_KEY = 'rk_e2e_key';

beforeEach(async () => {
  receiver = await startRawRecordReceiver({ apiKey: API_KEY });
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

/** Keeps the SDK spans, to compare the records' nanoseconds with each span's own HrTime. */
function spanCollector(): { spans: ReadableSpan[]; processor: SpanProcessor } {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    processor: { onStart: () => {}, onEnd: (span) => void spans.push(span), forceFlush: async () => {}, shutdown: async () => {} },
  };
}

function pipeline(options: RawRecordExporterOptions = {}) {
  const exporter = new RawRecordExporter({ baseUrl: receiver.url, apiKey: API_KEY, env: {}, ...options });
  const processor = new LamplightSpanProcessor({ exporter, environment: 'staging' });
  const collector = spanCollector();
  provider = new BasicTracerProvider({ spanProcessors: [processor, collector.processor] });
  trace.setGlobalTracerProvider(provider);
  return { exporter, processor, spans: collector.spans };
}

const T0 = Date.now() - 60_000;

/** An agent with a generation and a failing tool call. */
async function workload(): Promise<void> {
  await withTraceAttributes({ userId: 'user-1', sessionId: 'sess-1', traceName: 'weather question', metadata: { tenant: 'acme' } }, () =>
    observe('answer', { kind: 'agent', input: 'weather in Paris?', startTime: T0 }, async (agent) => {
      // A fractional start gives the span sub-millisecond nanoseconds that a double would garble.
      await observe('chat gpt-4o', { kind: 'generation', model: 'gpt-4o', provider: 'openai', startTime: T0 + 10.123457 }, async (g) => {
        g.update({
          input: [{ role: 'user', content: 'weather in Paris?' }],
          output: { role: 'assistant', content: 'calling get_weather' },
          usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100 },
          cost: { total: 0.0012 },
          completionStartTime: T0 + 260,
        });
        g.end(T0 + 400);
      });
      await observe('get_weather', { kind: 'tool', input: { city: 'Paris' }, startTime: T0 + 410 }, async () => {
        throw new Error('weather service down');
      }).catch(() => undefined);
      agent.update({ output: 'Sorry, no weather.' });
    }),
  );
}

function expectBalanced(stats: ProcessorStats): void {
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  expect(stats.exported + dropped).toBe(stats.ended);
}

const nanos = (time: readonly [number, number]): string => (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
const named = (records: ReceivedRawRecord[], name: string): ReceivedRawRecord => {
  const found = records.find((r) => r.record.span_name === name);
  if (!found) throw new Error(`no record for ${name}`);
  return found;
};

describe('raw telemetry record path, end to end over HTTP', () => {
  it('posts one valid flat record per observation, with exact nanoseconds and everything else in extra', async () => {
    const { processor, spans } = pipeline();
    await workload();
    await processor.forceFlush();
    const records = await receiver.waitForRecords(3);
    expect(receiver.violations()).toEqual([]);
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests.every((r) => r.headers['x-api-key'] === API_KEY)).toBe(true);

    const agent = named(records, 'answer');
    const gen = named(records, 'chat gpt-4o');
    const tool = named(records, 'get_weather');
    const traceId = spans[0]!.spanContext().traceId;
    for (const r of records) {
      expect(r.record).toMatchObject({ trace_id: traceId, user_id: 'user-1', session_id: 'sess-1', trace_name: 'weather question' });
      const span = spans.find((s) => s.spanContext().spanId === r.record.span_id)!;
      // Exact digits end to end: the span's HrTime, not a rounded double.
      expect(r.startTimeUnixNano).toBe(nanos(span.startTime));
      expect(r.endTimeUnixNano).toBe(nanos(span.endTime));
    }
    expect(agent.startTimeUnixNano).toBe(`${T0}000000`);
    expect(gen.endTimeUnixNano).toBe(`${T0 + 400}000000`);
    expect(gen.startTimeUnixNano).toMatch(new RegExp(`^${T0 + 10}123\\d{3}$`));
    expect(agent.record).toMatchObject({ input: 'weather in Paris?', output: 'Sorry, no weather.', level: 'INFO', error: false });
    expect(agent.record.extra).toEqual({ kind: 'agent', trace_metadata: { tenant: 'acme' }, environment: 'staging' });
    expect(gen.record).toMatchObject({ input: '[{"role":"user","content":"weather in Paris?"}]', output: '{"role":"assistant","content":"calling get_weather"}' });
    expect(gen.record.extra).toMatchObject({
      kind: 'generation',
      parent_span_id: agent.record.span_id,
      model: 'gpt-4o',
      provider: 'openai',
      usage: { input_tokens: 120, output_tokens: 30, total_tokens: 150, cached_input_tokens: 100 },
      cost: { total: 0.0012 },
      completion_start_time: new Date(T0 + 260).toISOString(),
    });
    expect((gen.record.extra as { ttft_ms: number }).ttft_ms).toBeCloseTo(250 - 0.123457, 3);
    expect(tool.record).toMatchObject({ level: 'ERROR', error: true, status_message: 'weather service down', input: '{"city":"Paris"}' });
    expect(processor.stats()).toMatchObject({ ended: 3, exported: 3 });
    expectBalanced(processor.stats());
  });

  it('names every record after its trace: without an explicit trace name, the root span of the batch names it', async () => {
    const { processor } = pipeline();
    await observe('handle ticket', { kind: 'agent', input: 'q' }, async () => {
      await observe('chat gpt-4o', { kind: 'generation', model: 'gpt-4o' }, async () => 'a');
      await observe('lookup', { kind: 'tool' }, async () => 'b');
    });
    await processor.forceFlush();
    const records = await receiver.waitForRecords(3);
    expect(receiver.violations()).toEqual([]);
    expect(records.map((r) => r.record.trace_name)).toEqual(['handle ticket', 'handle ticket', 'handle ticket']);
  });

  it('a validation error is counted as rejected-4xx with its detail surfaced; the other records go through', async () => {
    const logged: string[] = [];
    diag.setLogger({ error: (...a) => logged.push(a.join(' ')), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.ERROR);
    const { processor } = pipeline();
    receiver.failRecords((r) => r.span_name === 'get_weather', {
      detail: [{ loc: ['body', 'status_message'], msg: 'String should have at most 10 characters', type: 'string_too_long', input: 'weather service down' }],
    });
    await workload();
    await processor.forceFlush();
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.records().map((r) => r.record.span_name).sort()).toEqual(['answer', 'chat gpt-4o']);
    const stats = processor.stats();
    expect(stats).toMatchObject({ ended: 3, exported: 2 });
    expect(stats.dropped['rejected-4xx']).toBe(1);
    expect(stats.destinations['raw-record']?.dropped['rejected-4xx']).toBe(1);
    expect(stats.lastError).toContain('span "get_weather"');
    expect(stats.lastError).toContain('HTTP 422 status_message: String should have at most 10 characters');
    expect(logged.filter((l) => l.includes('status_message: String should have at most 10 characters'))).toHaveLength(1);
    // The detail's `input` echoes content: it stays out of the diagnostic.
    expect(logged.join('\n')).not.toContain('"input"');
    expectBalanced(stats);
    expect(JSON.stringify(stats)).not.toContain(API_KEY);
  });

  it('a UUID trace id supplied by the user round-trips: sent as 32 hex, converts back to the same UUID', async () => {
    const { processor } = pipeline();
    const uuid = '1C563DCF-980B-449A-BB0D-CBEAF1784E81';
    const parent = contextWithTraceId(uuid);
    const remoteParentId = trace.getSpanContext(parent)!.spanId;
    await context.with(parent, workload);
    await processor.forceFlush();
    const records = await receiver.waitForRecords(3);
    expect(receiver.violations()).toEqual([]);
    for (const r of records) {
      expect(r.record.trace_id).toBe('1c563dcf980b449abb0dcbeaf1784e81');
      expect(traceIdToUuid(r.record.trace_id)).toBe(uuid.toLowerCase());
    }
    expect(receiver.trace(uuid)).toHaveLength(3);
    // The trace continues from a remote parent, as with an incoming traceparent header.
    expect((named(records, 'answer').record.extra as Record<string, unknown>).parent_span_id).toBe(remoteParentId);
    expectBalanced(processor.stats());
  });

  it('keeps the books balanced across a refused key, throttling and success', async () => {
    const { processor } = pipeline({ exportDeadlineMillis: 500, maxConcurrency: 2 });
    receiver.failNext({ status: 401, count: 2 });
    await workload();
    await processor.forceFlush();
    receiver.reset();
    receiver.failNext({ status: 503, count: 100, headers: { 'retry-after': '0.1' } });
    await workload();
    await processor.forceFlush();
    receiver.reset();
    await workload();
    await processor.forceFlush();
    const stats = processor.stats();
    expect(stats.dropped['rejected-4xx']).toBe(3);
    expect(stats.dropped['retries-exhausted']).toBe(3);
    expect(stats.exported).toBe(3);
    expect(receiver.records()).toHaveLength(3);
    expectBalanced(stats);
  });
});
