/**
 * Shared set-up of the fault, memory and shutdown suites: one exporter (Langfuse or Foglamp)
 * behind one LamplightSpanProcessor on its own tracer provider, sending through real HTTP to
 * the matching testkit receiver. Nothing here is global (no global tracer provider or
 * context manager), so tests built on it can run concurrently.
 */
import type { Tracer } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, type DropReason, type LamplightSpanProcessorOptions, type ProcessorStats } from '@lamplight/core';
import { FoglampExporter, type FoglampExporterOptions } from '@lamplight/foglamp';
import { LangfuseExporter, type LangfuseExporterOptions } from '@lamplight/langfuse';
import { startFoglampReceiver, startLangfuseReceiver, type FailNextOptions, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';

export type Backend = 'langfuse' | 'foglamp';
export const BACKENDS: readonly Backend[] = ['langfuse', 'foglamp'];

/** What both receivers have in common, as the suites use it. */
export interface AnyReceiver {
  readonly url: string;
  readonly requests: ReadonlyArray<{ status: number; injected: boolean; receivedAt: number }>;
  failNext(options: FailNextOptions): void;
  setDown(down: boolean): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

/** Exporter options both exporters understand (plus Foglamp's trace limit). */
export interface ExporterKnobs {
  timeoutMillis?: number;
  exportDeadlineMillis?: number;
  compression?: 'gzip' | 'none';
  maxRequestBytes?: number;
  /** Foglamp only. */
  maxTracesPerRequest?: number;
  /** Send credentials the receiver refuses (401). */
  wrongCredentials?: boolean;
  /** The exporter's HTTP client: `node:http` (default) or Web `fetch`. */
  httpClient?: 'node' | 'fetch';
}

export interface PipelineOptions {
  receiver?: { maxBodyBytes?: number };
  exporter?: ExporterKnobs;
  processor?: LamplightSpanProcessorOptions;
}

/** Options of `endSpans`. */
export interface SpanOptions {
  /** Bytes of prompt text in the span's input; default 40. */
  inputBytes?: number;
}

export interface Pipeline {
  readonly backend: Backend;
  readonly receiver: AnyReceiver;
  readonly processor: LamplightSpanProcessor;
  readonly tracer: Tracer;
  /** HTTP attempts the exporter made (retries included). */
  exporterRequests(): number;
  /** Ends `count` chat spans (each the root of its own trace); returns their `traceId/spanId` keys. */
  endSpans(count: number, options?: SpanOptions): string[];
  /** Keys of every span ended through `endSpans`. */
  readonly ended: readonly string[];
  /** Keys of every span the receiver accepted, duplicates included, in arrival order. */
  receivedKeys(): string[];
  /** Foglamp: contract violations; Langfuse: value-rule violations. */
  violations(): Array<{ reason: string }>;
  close(): Promise<void>;
}

export const key = (traceId: string, spanId: string): string => `${traceId.toLowerCase()}/${spanId.toLowerCase()}`;

/** Fault-suite defaults: short timeouts, and exports only when the test flushes. */
export const FAST_EXPORTER: ExporterKnobs = { timeoutMillis: 200, exportDeadlineMillis: 1500 };
export const FLUSH_ONLY: LamplightSpanProcessorOptions = { scheduledDelayMillis: 60_000, maxExportBatchSize: 100, exportTimeoutMillis: 10_000 };

export async function startPipeline(backend: Backend, options: PipelineOptions = {}): Promise<Pipeline> {
  const knobs = { ...FAST_EXPORTER, ...options.exporter };
  const { wrongCredentials, maxTracesPerRequest, ...common } = knobs;
  let receiver: AnyReceiver;
  let exporter: LangfuseExporter | FoglampExporter;
  let receivedKeys: () => string[];
  let violations: () => Array<{ reason: string }>;
  if (backend === 'langfuse') {
    const langfuse: LangfuseReceiver = await startLangfuseReceiver(options.receiver);
    const exporterOptions: LangfuseExporterOptions = {
      ...common,
      baseUrl: langfuse.url,
      publicKey: langfuse.publicKey,
      secretKey: wrongCredentials ? 'sk-lf-wrong' : langfuse.secretKey,
      env: {},
    };
    exporter = new LangfuseExporter(exporterOptions);
    receiver = langfuse;
    receivedKeys = () => langfuse.spans().map((s) => key(s.traceId, s.spanId));
    violations = () => langfuse.violations();
  } else {
    const foglamp: FoglampReceiver = await startFoglampReceiver(options.receiver);
    const exporterOptions: FoglampExporterOptions = {
      ...common,
      compression: common.compression ?? 'none',
      ...(maxTracesPerRequest === undefined ? {} : { maxTracesPerRequest }),
      baseUrl: foglamp.url,
      apiKey: wrongCredentials ? 'fl_wrong' : foglamp.apiKey,
      env: {},
    };
    exporter = new FoglampExporter(exporterOptions);
    receiver = foglamp;
    receivedKeys = () => foglamp.spans().map((s) => key(s.traceId, s.spanId));
    violations = () => foglamp.violations();
  }
  const processor = new LamplightSpanProcessor({ ...FLUSH_ONLY, ...options.processor, exporter });
  const provider = new BasicTracerProvider({ spanProcessors: [processor as never] });
  const tracer = provider.getTracer('fault-suite');
  const ended: string[] = [];
  return {
    backend,
    receiver,
    processor,
    tracer,
    ended,
    exporterRequests: () => exporter.stats().requests,
    endSpans(count, spanOptions = {}) {
      const keys: string[] = [];
      for (let i = 0; i < count; i++) {
        const n = ended.length;
        const prompt = `question ${n} `.padEnd(spanOptions.inputBytes ?? 40, 'x');
        const span = tracer.startSpan(`chat gpt-4o-mini #${n}`, {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.usage.input_tokens': 12,
            'gen_ai.usage.output_tokens': 3,
            'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
            'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `answer ${n}` }] }]),
          },
        });
        const { traceId, spanId } = span.spanContext();
        span.end();
        keys.push(key(traceId, spanId));
        ended.push(key(traceId, spanId));
      }
      return keys;
    },
    receivedKeys,
    violations,
    async close() {
      await receiver.close();
      // Shut the provider down without waiting for a flush against a closed receiver.
      await Promise.race([provider.shutdown().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 50))]);
    },
  };
}

/** The non-zero drop counters, for exact comparisons. */
export function nonZeroDrops(stats: ProcessorStats): Partial<Record<DropReason, number>> {
  const out: Partial<Record<DropReason, number>> = {};
  for (const [reason, n] of Object.entries(stats.dropped)) if (n > 0) out[reason as DropReason] = n;
  return out;
}

export function totalDrops(stats: ProcessorStats): number {
  return Object.values(stats.dropped).reduce((a, b) => a + b, 0);
}

/** Resolves once `condition()` holds; rejects after `timeoutMs` with `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * `promise`, or a rejection naming `what` once `limitMs` passed. Proves that something
 * returns within a bound without measuring how long it took.
 */
export function withinMs<T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not return within ${limitMs} ms`)), limitMs);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
