import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { ExportItem, ExportOutcome, ObservationExporter } from '../src/index.js';
import { LamplightSpanProcessor, type LamplightSpanProcessorOptions } from '../src/index.js';

/** Records what the processor hands to a destination; answers success. */
export class RecordingExporter implements ObservationExporter {
  readonly name = 'recording';
  readonly items: ExportItem[] = [];
  batches = 0;
  constructor(private readonly answer: (items: readonly ExportItem[]) => ExportOutcome = (items) => ({ exported: items.length, dropped: {} })) {}
  async exportObservations(items: readonly ExportItem[]): Promise<ExportOutcome> {
    this.batches++;
    this.items.push(...items);
    return this.answer(items);
  }
  async shutdown(): Promise<void> {}
  byName(name: string): ExportItem | undefined {
    return this.items.find((i) => i.observation.name === name);
  }
}

/** A tracer provider with one Lamplight processor, set as the global provider with an async context manager. */
export function setup(options: LamplightSpanProcessorOptions = {}) {
  const exporter = new RecordingExporter();
  const processor = new LamplightSpanProcessor({ exporter, scheduledDelayMillis: 10, ...options });
  const provider = new BasicTracerProvider({ spanProcessors: [processor as never] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('test');
  return {
    exporter,
    processor,
    provider,
    tracer,
    async teardown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
