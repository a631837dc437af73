import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, type ExportItem, type ObservationExporter } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

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

function pipeline(processor: LamplightSpanProcessor) {
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
}

/** `n` generations with a prompt, ended one after the other. */
async function generations(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await observe(`chat ${i}`, { kind: 'generation', model: 'gpt-4o-mini', input: `prompt ${i}` }, async (g) => {
      g.update({ output: `answer ${i}`, usage: { inputTokens: 5, outputTokens: 2 } });
    });
  }
}

/** Keeps what it is given; answers at once. */
class Recording implements ObservationExporter {
  readonly batches: ExportItem[][] = [];
  constructor(readonly name: string) {}
  async exportObservations(items: readonly ExportItem[]) {
    this.batches.push([...items]);
    return { exported: items.length, dropped: {} };
  }
  async shutdown(): Promise<void> {}
}

describe('destination lanes', () => {
  it('normalises and prepares each span once for two destinations: both get the very same observation', async () => {
    const masked: string[] = [];
    const a = new Recording('a');
    const b = new Recording('b');
    const processor = new LamplightSpanProcessor({
      exporters: [a, b],
      mask: (value, { field }) => {
        masked.push(field);
        return value;
      },
    });
    pipeline(processor);
    await generations(3);
    await processor.forceFlush();
    const fromA = a.batches.flat();
    const fromB = b.batches.flat();
    expect(fromA).toHaveLength(3);
    expect(fromB).toHaveLength(3);
    // One prepared observation object per span, shared: normalise and prepare ran once, not per destination.
    fromA.forEach((item, i) => expect(fromB[i]?.observation).toBe(item.observation));
    // The mask ran once per content field of each span (input and output), not once per destination.
    expect(masked.filter((f) => f === 'input')).toHaveLength(3);
    expect(masked.filter((f) => f === 'output')).toHaveLength(3);
  });

  it('a destination whose receiver hangs never delays the other: Foglamp gets every batch while Langfuse is stuck on its first', async () => {
    langfuse.failNext({ delayMs: 60_000, count: 100 });
    const hanging = new LangfuseExporter({ baseUrl: langfuse.url, publicKey: langfuse.publicKey, secretKey: langfuse.secretKey, env: {} });
    const healthy = new FoglampExporter({ baseUrl: foglamp.url, apiKey: foglamp.apiKey, env: {} });
    const processor = new LamplightSpanProcessor({ exporters: [hanging, healthy], maxExportBatchSize: 4, scheduledDelayMillis: 20, exportTimeoutMillis: 1000 });
    pipeline(processor);
    await generations(20);
    // Five batches of four: all of them reach Foglamp while Langfuse's first request hangs.
    await foglamp.waitForSpans(20, { timeoutMs: 5000 });
    expect(foglamp.requests.length).toBeGreaterThanOrEqual(5);
    expect(langfuse.spans()).toHaveLength(0);
    // The last answer may still be on its way back when the receiver has the spans.
    await vi.waitFor(() => expect(processor.stats().destinations.foglamp?.exported).toBe(20));
    const during = processor.stats();
    expect(during.destinations.foglamp).toMatchObject({ exported: 20, queued: 0, inFlight: 0 });
    expect(during.destinations.langfuse).toMatchObject({ exported: 0, inFlight: 4, queued: 16 });

    await processor.shutdown();
    const after = processor.stats();
    expect(after.ended).toBe(20);
    expect(after.destinations.foglamp).toMatchObject({ exported: 20 });
    expect(after.destinations.langfuse).toMatchObject({ exported: 0, queued: 0, inFlight: 0, dropped: expect.objectContaining({ shutdown: 20 }) });
    for (const d of Object.values(after.destinations)) {
      const dropped = Object.values(d.dropped).reduce((sum, n) => sum + n, 0);
      expect(d.exported + dropped).toBe(after.ended);
    }
  });

  it('honours the sampled flag: a record-only span is counted not-sampled and never exported', async () => {
    const a = new Recording('a');
    const processor = new LamplightSpanProcessor({ exporters: [a], exportAllSpans: true });
    pipeline(processor);
    const tracer = trace.getTracer('app');
    const sampled = tracer.startSpan('sampled');
    sampled.end();
    const span = tracer.startSpan('record-only') as unknown as { spanContext(): { traceFlags: number } };
    // What a RECORD-only sampler decision produces: a recording span whose context is not sampled.
    span.spanContext().traceFlags = 0;
    (span as unknown as { end(): void }).end();
    await processor.forceFlush();
    expect(a.batches.flat().map((item) => item.observation.name)).toEqual(['sampled']);
    expect(processor.stats().dropped['not-sampled']).toBe(1);
    expect(processor.stats().destinations.a?.dropped['not-sampled']).toBe(1);
  });
});
