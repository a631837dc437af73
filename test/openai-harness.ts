/**
 * Shared set-up of the `@lamplight/openai` end-to-end tests: the testkit's fake OpenAI server,
 * the Langfuse receiver, and the real pipeline (LamplightSpanProcessor + LangfuseExporter over
 * HTTP). An in-memory exporter sits next to it only for the source attributes the Langfuse
 * rendering does not carry (e.g. `gen_ai.tool.definitions`).
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';
import { startFakeOpenAI, startLangfuseReceiver, type DecodedSpan, type FakeOpenAI, type LangfuseReceiver } from '@lamplight/testkit';

/** A running fake OpenAI + Langfuse receiver + tracing pipeline. */
export interface Harness {
  fake: FakeOpenAI;
  receiver: LangfuseReceiver;
  processor: LamplightSpanProcessor;
  provider: BasicTracerProvider;
  memory: InMemorySpanExporter;
  /** Flushes the pipeline and returns exactly `count` decoded spans (fails if more arrive). */
  exported(count: number): Promise<DecodedSpan[]>;
  /** The raw SDK spans (before the Langfuse rendering). */
  rawSpans(): ReadableSpan[];
  /**
   * The source attributes (`gen_ai.*`, `error.type`, …) of an exported span, from the SDK span
   * with the same id: the Langfuse view replaces the ones it renders, so tests of what this
   * package writes read them here, and tests of what Langfuse receives read the decoded span.
   */
  source(span: DecodedSpan): ReadableSpan['attributes'];
  close(): Promise<void>;
}

/** Starts everything and registers the provider and an async context manager globally. */
export async function startHarness(): Promise<Harness> {
  const [fake, receiver] = await Promise.all([startFakeOpenAI(), startLangfuseReceiver()]);
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter = new LangfuseExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey, env: {} });
  const processor = new LamplightSpanProcessor({ exporter, scheduledDelayMillis: 10_000 });
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor(memory)] });
  trace.setGlobalTracerProvider(provider);
  return {
    fake,
    receiver,
    processor,
    provider,
    memory,
    async exported(count) {
      // Generations may end a little later (timers, stream teardown): flush until they are all in.
      const deadline = Date.now() + 5_000;
      while (receiver.spans().length < count && Date.now() < deadline) {
        await processor.forceFlush();
        if (receiver.spans().length < count) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await receiver.waitForSpans(count, { timeoutMs: 100 });
      // Let a stray late span arrive, so "exactly one generation" is really exactly one.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await processor.forceFlush();
      return receiver.spans();
    },
    rawSpans: () => memory.getFinishedSpans(),
    source(span) {
      const raw = memory.getFinishedSpans().find((r) => r.spanContext().spanId === span.spanId);
      if (!raw) throw new Error(`no SDK span with id ${span.spanId}`);
      return raw.attributes;
    },
    async close() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      await Promise.all([fake.close(), receiver.close()]);
    },
  };
}

/** Observation metadata, usage and model parameters of a decoded generation, parsed. */
export function generationView(span: DecodedSpan) {
  const a = span.attributes;
  const json = (key: string): unknown => (typeof a[key] === 'string' ? JSON.parse(a[key] as string) : undefined);
  return {
    type: a['langfuse.observation.type'],
    level: a['langfuse.observation.level'],
    statusMessage: a['langfuse.observation.status_message'],
    model: a['langfuse.observation.model.name'],
    usage: json('langfuse.observation.usage_details') as Record<string, number> | undefined,
    parameters: json('langfuse.observation.model.parameters') as Record<string, unknown> | undefined,
    input: json('langfuse.observation.input'),
    output: json('langfuse.observation.output'),
    completionStartTime: a['langfuse.observation.completion_start_time'],
    metadata: (key: string) => a[`langfuse.observation.metadata.${key}`],
  };
}

/**
 * A response or chunk list with `created` zeroed: the fake stamps the current second, so two
 * otherwise identical answers differ when they straddle a second boundary.
 */
export function withoutCreated<T>(value: T): T {
  if (Array.isArray(value)) return (value as unknown[]).map((v) => withoutCreated(v)) as T;
  return value !== null && typeof value === 'object' && 'created' in value ? { ...value, created: 0 } : value;
}
