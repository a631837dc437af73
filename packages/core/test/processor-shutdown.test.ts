/**
 * shutdown() at its deadline: the batch in flight is counted `shutdown` at once, its export
 * is asked to stop (the signal aborts), and an outcome that still arrives later — from an
 * exporter that ignores the signal, like an OTel SpanExporter behind the adapter — is
 * ignored, so nothing is counted twice. forceFlush never drops and never aborts.
 */
import { describe, expect, it } from 'vitest';
import { LamplightSpanProcessor, type ExportItem, type ExportOptions, type ExportOutcome, type ObservationExporter } from '../src/index.js';
import { makeSpan } from './span-factory.js';

/** Holds every export until `release()`, then reports all of it exported; ignores the signal. */
class StuckExporter implements ObservationExporter {
  readonly name = 'stuck';
  readonly signals: AbortSignal[] = [];
  private pending: Array<() => void> = [];

  exportObservations(items: readonly ExportItem[], options?: ExportOptions): Promise<ExportOutcome> {
    if (options?.signal) this.signals.push(options.signal);
    return new Promise((resolve) => this.pending.push(() => resolve({ exported: items.length, dropped: {} })));
  }

  release(): void {
    for (const resolve of this.pending.splice(0)) resolve();
  }

  async shutdown(): Promise<void> {}
}

/** A minimal ended LLM span, as the SDK hands it to onEnd. */
function fakeSpan(name: string) {
  return makeSpan({ 'gen_ai.request.model': 'm' }, { name, spanId: Math.random().toString(16).slice(2, 18).padEnd(16, '0') });
}

const options = { scheduledDelayMillis: 60_000, maxExportBatchSize: 4, exportTimeoutMillis: 100 };

describe('LamplightSpanProcessor shutdown deadline', () => {
  it('counts the batch in flight as shutdown, aborts its export and ignores its late outcome', async () => {
    const exporter = new StuckExporter();
    const processor = new LamplightSpanProcessor({ ...options, exporter });
    for (let i = 0; i < 10; i++) processor.onEnd(fakeSpan(`g${i}`) as never);
    await processor.shutdown();
    const atShutdown = processor.stats();
    expect(atShutdown).toMatchObject({ ended: 10, exported: 0, queued: 0, inFlight: 0 });
    expect(atShutdown.dropped.shutdown).toBe(10);
    // The lane had 4 spans in its export and 6 more queued behind it.
    expect(atShutdown.destinations.stuck?.dropped.shutdown).toBe(10);
    expect(exporter.signals).toHaveLength(1);
    expect(exporter.signals[0]?.aborted).toBe(true);

    exporter.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(processor.stats()).toEqual(atShutdown);
  });

  it('counts a late outcome once per destination when another destination had already answered', async () => {
    const stuck = new StuckExporter();
    const quick: ObservationExporter = { name: 'quick', exportObservations: async (items) => ({ exported: items.length, dropped: {} }), shutdown: async () => undefined };
    const processor = new LamplightSpanProcessor({ ...options, exporters: [stuck, quick] });
    for (let i = 0; i < 3; i++) processor.onEnd(fakeSpan(`g${i}`) as never);
    await processor.shutdown();
    stuck.release();
    await new Promise((resolve) => setImmediate(resolve));
    const { destinations } = processor.stats();
    expect(destinations.quick).toMatchObject({ exported: 3, dropped: expect.objectContaining({ shutdown: 0 }) });
    expect(destinations.stuck).toMatchObject({ exported: 0, dropped: expect.objectContaining({ shutdown: 3 }) });
  });

  it('forceFlush at its deadline neither drops nor aborts: the batch stays in flight and is counted when it ends', async () => {
    const exporter = new StuckExporter();
    const processor = new LamplightSpanProcessor({ ...options, exporter });
    for (let i = 0; i < 3; i++) processor.onEnd(fakeSpan(`g${i}`) as never);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ inFlight: 3, exported: 0 });
    expect(exporter.signals[0]?.aborted).toBe(false);
    exporter.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(processor.stats()).toMatchObject({ inFlight: 0, exported: 3 });
    await processor.shutdown();
    expect(processor.stats().dropped.shutdown).toBe(0);
  });
});
