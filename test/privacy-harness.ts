/**
 * Shared set-up of the privacy end-to-end tests: one processor with the Langfuse and the
 * Foglamp exporter (real HTTP) feeding the testkit receivers, and helpers that return the
 * whole decoded payload of both receivers as text, so a test can say "not one byte of X
 * arrived" over everything that was sent — attributes, events, names, status, links.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, type LamplightSpanProcessorOptions } from '@lamplight/core';
import { privacyStatsFor, type PrivacyGateOptions, type PrivacyStats } from '@lamplight/core/internal';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startFakeOpenAI, startFoglampReceiver, startLangfuseReceiver, type FakeOpenAI, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';

/** One test's world. */
export interface PrivacyPipeline {
  fake: FakeOpenAI;
  langfuse: LangfuseReceiver;
  foglamp: FoglampReceiver;
  processor: LamplightSpanProcessor;
  provider: BasicTracerProvider;
  tracer: ReturnType<BasicTracerProvider['getTracer']>;
  /** Flushes and waits for `count` spans at both receivers. */
  flush(count: number): Promise<void>;
  /** The privacy gate's counters of the processor. */
  privacyStats(): PrivacyStats;
  /** Everything both receivers decoded, as JSON text (bigints as strings). */
  payloadText(): { langfuse: string; foglamp: string };
  close(): Promise<void>;
}

/**
 * Starts everything. The SDK's own limits are raised far above ours (other SDK set-ups
 * may have none), so the tests see what Lamplight bounds, not what the SDK dropped first.
 */
export async function startPrivacyPipeline(options: LamplightSpanProcessorOptions = {}): Promise<PrivacyPipeline> {
  const [fake, langfuse, foglamp] = await Promise.all([startFakeOpenAI(), startLangfuseReceiver(), startFoglampReceiver()]);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const processor = new LamplightSpanProcessor({
    exporters: [
      new LangfuseExporter({ baseUrl: langfuse.url, publicKey: langfuse.publicKey, secretKey: langfuse.secretKey, env: {} }),
      new FoglampExporter({ baseUrl: foglamp.url, apiKey: foglamp.apiKey, env: {} }),
    ],
    scheduledDelayMillis: 20,
    exportAllSpans: true,
    ...options,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor], spanLimits: { attributeCountLimit: 1_000_000, eventCountLimit: 1_000_000 } });
  trace.setGlobalTracerProvider(provider);
  return {
    fake,
    langfuse,
    foglamp,
    processor,
    provider,
    tracer: provider.getTracer('privacy-test'),
    async flush(count) {
      await processor.forceFlush();
      await Promise.all([langfuse.waitForSpans(count), foglamp.waitForSpans(count)]);
      await processor.forceFlush();
    },
    privacyStats: () => privacyStatsOf(processor),
    payloadText() {
      const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('latin1') : x));
      return {
        langfuse: json(langfuse.requests.map((r) => r.spans)),
        foglamp: json(foglamp.requests.map((r) => r.body)),
      };
    },
    async close() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      await Promise.all([fake.close(), langfuse.close(), foglamp.close()]);
    },
  };
}

/**
 * The privacy counters of a processor: `stats().privacy` once the processor reports it,
 * else read through the gate of the processor's resolved options (the same object it
 * passes to `prepareObservation` for every span).
 */
export function privacyStatsOf(processor: LamplightSpanProcessor): PrivacyStats {
  const own = (processor.stats() as { privacy?: PrivacyStats }).privacy;
  if (own !== undefined) return own;
  return privacyStatsFor((processor as unknown as { options: PrivacyGateOptions }).options);
}
