import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startLangfuseReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let ours: LangfuseReceiver;
let stock: LangfuseReceiver;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  [ours, stock] = await Promise.all([startLangfuseReceiver(), startLangfuseReceiver()]);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  trace.disable();
  context.disable();
  await Promise.all([ours.close(), stock.close()]);
});

const exporterFor = (receiver: LangfuseReceiver, otlpEncoder?: 'stock') =>
  new LangfuseExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey, env: {}, media: false, ...(otlpEncoder ? { otlpEncoder } : {}) });

describe('Langfuse OTLP encoders, end to end over HTTP', () => {
  it("Lamplight's writer (default) and the stock serializer deliver the same spans to the receiver; the writer's requests are smaller", async () => {
    // One processor, both exporters: the very same prepared observations go through each encoder.
    const processor = new LamplightSpanProcessor({ exporters: [exporterFor(ours), exporterFor(stock, 'stock')], environment: 'e2e' });
    provider = new BasicTracerProvider({ spanProcessors: [processor] });
    trace.setGlobalTracerProvider(provider);
    await withTraceAttributes({ userId: 'user-ü', sessionId: 's-1', tags: ['e2e', '中文'] }, () =>
      observe('agent', { kind: 'agent', input: 'plan 😀' }, async () => {
        for (let i = 0; i < 24; i++) {
          await observe(`gen ${i}`, { kind: 'generation', model: 'gpt-4o' }, async (g) => {
            g.update({
              input: [{ role: 'user', content: `question ${i} — ${'ünïcödé 😀 '.repeat(400)}` }],
              output: { role: 'assistant', content: `answer ${i}` },
              usage: { inputTokens: 1000 + i, outputTokens: 30 },
              modelParameters: { temperature: 0.5, maxTokens: 256 },
              metadata: { attempt: i, big: 2 ** 60, ratio: i / 7 },
            });
          });
        }
        await observe('tool', { kind: 'tool', input: { q: 'x' } }, async () => {
          throw new Error('tool failed');
        }).catch(() => undefined);
      }),
    );
    await processor.forceFlush();
    const [mine, theirs] = await Promise.all([ours.waitForSpans(26), stock.waitForSpans(26)]);
    expect(ours.violations()).toEqual([]);
    expect(stock.violations()).toEqual([]);
    const bySpanId = <T extends { spanId: string }>(spans: T[]) => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
    expect(bySpanId(mine)).toEqual(bySpanId(theirs));
    expect(mine.find((s) => s.name === 'tool')?.status.code).toBe('error');
    expect(ours.requests.every((r) => r.status === 200 && r.headers['content-encoding'] === 'gzip')).toBe(true);
    // About 110 KB of prompts: the stock path sends it as two or more slices, each repeating resource and scope.
    const inflated = (r: LangfuseReceiver) => r.requests.reduce((n, q) => n + (q.decompressedBytes ?? 0), 0);
    expect(inflated(ours)).toBeLessThan(inflated(stock));
    expect(Object.values(processor.stats().destinations).map((d) => d.exported)).toEqual([26, 26]);
  });
});
