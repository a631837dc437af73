/**
 * The bad-input suites' pipeline: one LamplightSpanProcessor feeding both exporters (the
 * dual set-up users run), each to its testkit receiver, with a small per-field budget so
 * truncation runs on every big value. `checkDelivery` flushes and asserts the end-to-end
 * contract for the spans of one property run: both receivers accepted every request with
 * zero violations, each got exactly those spans, and the processor counted them exported.
 */
import { context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, setObservationTracerProvider, type DestinationStats } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import type { ExpectStatic } from 'vitest';
import { key } from './fault-harness.js';

export interface BadInputPipeline {
  readonly tracer: Tracer;
  readonly processor: LamplightSpanProcessor;
  readonly langfuse: LangfuseReceiver;
  readonly foglamp: FoglampReceiver;
  /** Flushes and checks that exactly `keys` (`traceId/spanId`) reached both receivers, validly. */
  checkDelivery(keys: readonly string[], expect: ExpectStatic): Promise<void>;
  /** Flushes whatever earlier tests left behind and starts the next check from here. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Per-field content budget: small, so big values are cut (with a marker) in every run. */
export const FIELD_BUDGET = 16_384;

export async function startBadInputPipeline(): Promise<BadInputPipeline> {
  const [langfuse, foglamp] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver()]);
  const processor = new LamplightSpanProcessor({
    exporters: [
      // The receiver serves only the OTLP route, and the checks below count every request it
      // got; media uploads of the data URIs among the bad inputs are tested in langfuse-media.test.ts.
      new LangfuseExporter({ baseUrl: langfuse.url, publicKey: langfuse.publicKey, secretKey: langfuse.secretKey, env: {}, media: false }),
      new FoglampExporter({ baseUrl: foglamp.url, apiKey: foglamp.apiKey, env: {} }),
    ],
    exportAllSpans: true,
    maxFieldBytes: FIELD_BUDGET,
    scheduledDelayMillis: 60_000,
    maxExportBatchSize: 512,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor as never] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  setObservationTracerProvider(provider);

  let langfuseMark = 0;
  let foglampMark = 0;
  let before = processor.stats();

  return {
    tracer: provider.getTracer('bad-input'),
    processor,
    langfuse,
    foglamp,
    async checkDelivery(keys, expect) {
      await processor.forceFlush();
      const stats = processor.stats();
      const lfRequests = langfuse.requests.slice(langfuseMark);
      const fgRequests = foglamp.requests.slice(foglampMark);
      langfuseMark = langfuse.requests.length;
      foglampMark = foglamp.requests.length;
      const previous = before;
      before = stats;

      // Every request valid and accepted, at both receivers.
      expect(lfRequests.flatMap((r) => r.violations)).toEqual([]);
      expect(lfRequests.map((r) => [r.status, r.accepted])).toEqual(lfRequests.map(() => [200, true]));
      expect(fgRequests.flatMap((r) => r.violations)).toEqual([]);
      expect(fgRequests.map((r) => [r.status, r.acceptedSpans])).toEqual(fgRequests.map((r) => [200, r.spanCount]));

      // Each receiver got exactly the spans of this run, once.
      const viaLangfuse = lfRequests.flatMap((r) => r.spans.map((s) => key(s.traceId, s.spanId)));
      const viaFoglamp = foglamp
        .spans()
        .filter((s) => fgRequests.some((r) => r.index === s.requestIndex))
        .map((s) => key(s.traceId, s.spanId));
      expect([...viaLangfuse].sort()).toEqual([...keys].sort());
      expect([...viaFoglamp].sort()).toEqual([...keys].sort());

      // The books: all ended spans exported to both destinations, nothing dropped.
      expect(stats.ended - previous.ended).toBe(keys.length);
      expect(stats.queued + stats.inFlight).toBe(0);
      for (const name of ['langfuse', 'foglamp']) {
        const now = stats.destinations[name] as DestinationStats;
        const then = previous.destinations[name] as DestinationStats;
        expect({ destination: name, exported: now.exported - then.exported }).toEqual({ destination: name, exported: keys.length });
      }
      const dropped = Object.entries(stats.dropped).filter(([reason, n]) => n !== previous.dropped[reason as keyof typeof stats.dropped]);
      expect(dropped).toEqual([]);
    },
    async settle() {
      await processor.forceFlush();
      langfuseMark = langfuse.requests.length;
      foglampMark = foglamp.requests.length;
      before = processor.stats();
    },
    async close() {
      setObservationTracerProvider(undefined);
      await provider.shutdown();
      trace.disable();
      context.disable();
      await Promise.all([langfuse.close(), foglamp.close()]);
    },
  };
}
