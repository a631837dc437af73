import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FoglampExporter } from '@lamplight/foglamp';

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let provider: BasicTracerProvider | undefined;

beforeEach(async () => {
  [langfuse, foglamp] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver()]);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  trace.disable();
  context.disable();
  await Promise.all([langfuse.close(), foglamp.close()]);
});

/**
 * Dual export is one processor with both exporters, not two processors. With one processor
 * each span is filtered, normalised, masked and budgeted once and both backends get the
 * very same prepared observations (a user mask runs once, so both see the same masked
 * text; the default filter decides once, so both see the same spans). Each destination
 * has its own lane — queue, export loop and ledger in `stats()` — so a backend that is
 * down never delays the other (test/export-lanes.test.ts).
 */
function dualPipeline() {
  const langfuseExporter = new LangfuseExporter({ baseUrl: langfuse.url, publicKey: langfuse.publicKey, secretKey: langfuse.secretKey, env: {} });
  const foglampExporter = new FoglampExporter({ baseUrl: foglamp.url, apiKey: foglamp.apiKey, env: {} });
  const processor = new LamplightSpanProcessor({ exporters: [langfuseExporter, foglampExporter], maxExportBatchSize: 64 });
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  return { processor, tracer: provider.getTracer('app') };
}

/** A request span (kept: it contains LLM spans), a DB span (filtered), an agent, a generation, a tool. */
async function workload(tracer: ReturnType<BasicTracerProvider['getTracer']>, i: number): Promise<void> {
  await withTraceAttributes({ sessionId: `s-${i % 3}`, userId: 'u-1' }, () =>
    tracer.startActiveSpan(`POST /ask/${i}`, async (http) => {
      tracer.startActiveSpan('db query', (db) => db.end());
      await observe('agent', { kind: 'agent', input: `q${i}` }, async () => {
        await observe('chat', { kind: 'generation', model: 'gpt-4o-mini', provider: 'openai' }, async (g) => {
          g.update({ output: `a${i}`, usage: { inputTokens: 10 + i, outputTokens: 3 } });
        });
        if (i % 2 === 0) await observe('lookup', { kind: 'tool', input: { i } }, async () => 'ok');
      });
      http.end();
    }),
  );
}

describe('dual export: one processor, Langfuse and Foglamp at once', () => {
  it('delivers the same spans to both receivers', async () => {
    const { processor, tracer } = dualPipeline();
    for (let i = 0; i < 40; i++) await workload(tracer, i);
    await processor.forceFlush();
    // 40 × (http + agent + chat) + 20 tools; the 40 db spans are filtered for both.
    const expected = 40 * 3 + 20;
    const [viaLangfuse, viaFoglamp] = await Promise.all([langfuse.waitForSpans(expected), foglamp.waitForSpans(expected)]);
    expect(viaLangfuse).toHaveLength(expected);
    expect(viaFoglamp).toHaveLength(expected);
    const key = (traceId: string, spanId: string) => `${traceId.toLowerCase()}/${spanId.toLowerCase()}`;
    const langfuseIds = new Set(viaLangfuse.map((s) => key(s.traceId, s.spanId)));
    const foglampIds = new Set(viaFoglamp.map((s) => key(s.traceId, s.spanId)));
    expect(foglampIds).toEqual(langfuseIds);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);

    // Token totals agree too: usage only on the generations, in both renderings.
    const foglampInput = viaFoglamp.reduce((sum, s) => sum + (s.usage?.inputTokens ?? 0), 0);
    const langfuseInput = viaLangfuse.reduce((sum, s) => {
      const usage = s.attributes['langfuse.observation.usage_details'];
      return sum + (typeof usage === 'string' ? (JSON.parse(usage) as { input?: number }).input ?? 0 : 0);
    }, 0);
    expect(foglampInput).toBe(langfuseInput);
    expect(foglampInput).toBe(Array.from({ length: 40 }, (_, i) => 10 + i).reduce((a, b) => a + b, 0));

    const stats = processor.stats();
    expect(stats.destinations.langfuse?.exported).toBe(expected);
    expect(stats.destinations.foglamp?.exported).toBe(expected);
    expect(stats.dropped.filtered).toBe(40);
  });

  it('keeps separate books: a Foglamp rejection does not cost Langfuse a span', async () => {
    const { processor, tracer } = dualPipeline();
    foglamp.failNext({ status: 400, body: { error: 'nope' } });
    for (let i = 0; i < 4; i++) await workload(tracer, i);
    await processor.forceFlush();
    const stats = processor.stats();
    expect(stats.destinations.langfuse).toMatchObject({ exported: 14 });
    expect(stats.destinations.foglamp).toMatchObject({ exported: 0, dropped: expect.objectContaining({ 'rejected-4xx': 14 }) });
    expect(langfuse.spans()).toHaveLength(14);
    expect(foglamp.requests).toHaveLength(1);
  });
});
