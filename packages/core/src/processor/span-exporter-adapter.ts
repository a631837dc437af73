import { toLangfuseSpan } from '../render/langfuse-span-view.js';
import type { ReadableSpanLike } from '../span-like.js';
import type { ExportItem, ExportOutcome, ObservationExporter } from './export-types.js';

/** The shape of an OTel `SpanExporter` (any SDK line). */
export interface SpanExporterLike {
  export(spans: ReadableSpanLike[], resultCallback: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** True when `x` is an OTel `SpanExporter` rather than an `ObservationExporter`. */
export function isSpanExporter(x: unknown): x is SpanExporterLike {
  return typeof x === 'object' && x !== null && typeof (x as SpanExporterLike).export === 'function' && !('exportObservations' in x);
}

/**
 * Lets any OTel span exporter (e.g. the stock OTLP exporter pointed at a Collector) ship
 * Langfuse-ready spans: each span is handed over as its Langfuse view. An OTel exporter
 * takes no abort signal, so an export still running at the processor's shutdown deadline
 * runs on; the processor counts it as `shutdown` then and ignores its late result.
 */
export class SpanExporterAdapter implements ObservationExporter {
  readonly name: string;

  constructor(
    private readonly exporter: SpanExporterLike,
    name = 'otlp',
  ) {
    this.name = name;
  }

  exportObservations(items: readonly ExportItem[]): Promise<ExportOutcome> {
    const spans = items.map((item) => toLangfuseSpan(item.span, item.observation));
    return new Promise((resolve) => {
      try {
        this.exporter.export(spans, (result) => {
          resolve(
            result.code === 0
              ? { exported: spans.length, dropped: {} }
              : { exported: 0, dropped: { 'export-failed': spans.length }, error: result.error ?? new Error('export failed') },
          );
        });
      } catch (error) {
        resolve({ exported: 0, dropped: { 'export-failed': spans.length }, error: error as Error });
      }
    });
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}
