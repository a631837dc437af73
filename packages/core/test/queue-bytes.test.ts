import { describe, expect, it } from 'vitest';
import { LamplightSpanProcessor, type ExportItem, type ObservationExporter } from '../src/index.js';
import { estimateSpanBytes } from '../src/internal.js';
import { makeSpan } from './span-factory.js';

const sink: ObservationExporter = { name: 'sink', exportObservations: async (items: readonly ExportItem[]) => ({ exported: items.length, dropped: {} }), shutdown: async () => undefined };
const base = () => estimateSpanBytes(makeSpan({}, { name: 'x' }));

describe('queue byte accounting', () => {
  it('counts every attribute type, events with their attributes and links toward the estimate', () => {
    const strings = estimateSpanBytes(makeSpan({ tags: Array.from({ length: 1000 }, () => 'y'.repeat(100)) }, { name: 'x' }));
    expect(strings - base()).toBeGreaterThanOrEqual(1000 * 100);
    const numbers = estimateSpanBytes(makeSpan({ values: Array.from({ length: 1000 }, (_, i) => i) }, { name: 'x' }));
    expect(numbers - base()).toBeGreaterThanOrEqual(1000 * 8);
    const events = estimateSpanBytes(makeSpan({}, { name: 'x', events: [{ name: 'e', time: [0, 0], attributes: { body: 'z'.repeat(50_000) } }] }));
    expect(events - base()).toBeGreaterThanOrEqual(50_000);
    const span = { ...makeSpan({}, { name: 'x' }), links: [{ context: { traceId: 't', spanId: 's', traceFlags: 1 }, attributes: { note: 'w'.repeat(20_000) } }] };
    expect(estimateSpanBytes(span) - base()).toBeGreaterThanOrEqual(20_000);
  });

  it('never turns into NaN, whatever a buggy instrumentation put into the name, attributes or events', () => {
    const odd = { ...makeSpan({ a: undefined as never, b: null as never, c: { nested: true } as never }), name: 42 as never, events: [null as never, { name: {} } as never], links: undefined as never };
    const bytes = estimateSpanBytes(odd);
    expect(Number.isFinite(bytes)).toBe(true);
    expect(bytes).toBeGreaterThan(0);
  });

  it('a span whose events hold the bulk is bounded by maxQueueBytes like any other', () => {
    const processor = new LamplightSpanProcessor({ exporter: sink, maxQueueBytes: 100_000, scheduledDelayMillis: 60_000 });
    const heavy = () => makeSpan({ 'gen_ai.request.model': 'm' }, { events: [{ name: 'gen_ai.choice', time: [0, 0], attributes: { body: 'q'.repeat(60_000) } }] });
    processor.onEnd(heavy());
    processor.onEnd(heavy());
    expect(processor.stats()).toMatchObject({ ended: 2, queued: 1 });
    expect(processor.stats().dropped['queue-full']).toBe(1);
    const weird = { ...makeSpan({ 'gen_ai.request.model': 'm' }), name: 7 as never };
    processor.onEnd(weird);
    expect(processor.stats().dropped['queue-full'] + processor.stats().queued).toBe(3);
    void processor.shutdown();
  });
});
