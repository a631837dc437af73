import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '../src/index.js';
import { MASK_FAILED } from '../src/internal.js';
import { RecordingExporter, setup } from './helpers.js';
import { makeSpan } from './span-factory.js';

let env: ReturnType<typeof setup> | undefined;
afterEach(async () => {
  await env?.teardown();
  env = undefined;
});

describe('LamplightSpanProcessor filter', () => {
  it('exports LLM spans and their ancestors, not unrelated spans', async () => {
    env = setup();
    const { tracer, processor, exporter } = env;
    tracer.startActiveSpan('http GET /unrelated', (s) => s.end());
    tracer.startActiveSpan('http POST /chat', (root) => {
      tracer.startActiveSpan('db query', (db) => db.end());
      tracer.startActiveSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }, (gen) =>
        gen.end(),
      );
      root.end();
    });
    await processor.forceFlush();
    expect(exporter.items.map((i) => i.observation.name).sort()).toEqual(['chat gpt-4o', 'http POST /chat']);
    const stats = processor.stats();
    expect(stats.ended).toBe(4);
    expect(stats.exported).toBe(2);
    expect(stats.dropped.filtered).toBe(2);
    expect(stats.exported + Object.values(stats.dropped).reduce((a, b) => a + b, 0)).toBe(stats.ended);
  });

  it('exportAllSpans keeps everything; a throwing predicate keeps the default decision', async () => {
    env = setup({
      shouldExportSpan: () => {
        throw new Error('predicate bug');
      },
    });
    const { tracer, processor, exporter } = env;
    expect(() => tracer.startActiveSpan('plain', (s) => s.end())).not.toThrow();
    tracer.startActiveSpan('gen', { attributes: { 'gen_ai.request.model': 'm' } }, (s) => s.end());
    await processor.forceFlush();
    expect(exporter.items.map((i) => i.observation.name)).toEqual(['gen']);
    await env.teardown();
    env = setup({ exportAllSpans: true });
    env.tracer.startActiveSpan('plain', (s) => s.end());
    await env.processor.forceFlush();
    expect(env.exporter.items.map((i) => i.observation.name)).toEqual(['plain']);
  });
});

describe('LamplightSpanProcessor accounting', () => {
  it('counts queue-full drops and never throws from span.end()', async () => {
    env = setup({ maxQueueSize: 3, maxExportBatchSize: 3, scheduledDelayMillis: 60_000 });
    const { tracer, processor } = env;
    for (let i = 0; i < 5; i++) tracer.startSpan(`g${i}`, { attributes: { 'gen_ai.request.model': 'm' } }).end();
    // the batch threshold schedules an export on setImmediate; nothing ran synchronously
    expect(processor.stats().queued).toBe(3);
    expect(processor.stats().dropped['queue-full']).toBe(2);
    await processor.forceFlush();
    expect(processor.stats().exported).toBe(3);
  });

  it('counts spans ending after shutdown and makes a second shutdown a no-op', async () => {
    env = setup();
    const { tracer, processor, exporter } = env;
    tracer.startSpan('before', { attributes: { 'gen_ai.request.model': 'm' } }).end();
    await processor.shutdown();
    await processor.shutdown();
    tracer.startSpan('after', { attributes: { 'gen_ai.request.model': 'm' } }).end();
    expect(exporter.items.map((i) => i.observation.name)).toEqual(['before']);
    const stats = processor.stats();
    expect(stats.dropped.shutdown).toBe(1);
    expect(stats.exported + stats.dropped.shutdown).toBe(stats.ended);
  });

  it('balances an exporter outcome that does not account for every span', async () => {
    const exporter = new RecordingExporter(() => ({ exported: 1, dropped: {} }));
    const processor = new LamplightSpanProcessor({ exporter });
    for (const name of ['a', 'b', 'c']) processor.onEnd(fakeSpan(name));
    await processor.forceFlush();
    expect(processor.stats().exported).toBe(1);
    expect(processor.stats().dropped['export-failed']).toBe(2);
  });

  it('applies mask fail-closed and the content switch at export time', async () => {
    env = setup({
      mask: (value, { field }) => {
        if (field === 'output') throw new Error('mask bug');
        return typeof value === 'string' ? value.replace(/secret/g, '***') : value;
      },
    });
    const { processor, exporter } = env;
    expect(() =>
      observe('gen', { kind: 'generation', input: 'my secret', output: 'answer' }, () => 1),
    ).not.toThrow();
    await processor.forceFlush();
    const obs = exporter.byName('gen')!.observation;
    expect(obs.input).toBe('my ***');
    expect(obs.output).toBe(MASK_FAILED);
  });

  it('drops content everywhere with captureContent: false and per call with withTraceAttributes', async () => {
    env = setup({ captureContent: false });
    observe('gen', { kind: 'generation', input: 'hello', output: 'world' }, () => undefined);
    await env.processor.forceFlush();
    expect(env.exporter.byName('gen')!.observation.input).toBeUndefined();
    await env.teardown();
    env = setup();
    withTraceAttributes({ captureContent: false }, () => observe('quiet', { kind: 'generation', input: 'x' }, () => undefined));
    observe('loud', { kind: 'generation', input: 'y' }, () => undefined);
    await env.processor.forceFlush();
    expect(env.exporter.byName('quiet')!.observation.input).toBeUndefined();
    expect(env.exporter.byName('loud')!.observation.input).toBe('y');
  });
});

describe('trace attributes', () => {
  it('land on every span started inside withTraceAttributes, also after await', async () => {
    env = setup();
    const { tracer, processor, exporter } = env;
    await withTraceAttributes({ userId: 'u-1', sessionId: 's-1', tags: ['a'], metadata: { plan: 'pro', n: 3 } }, async () => {
      await tracer.startActiveSpan('root', async (root) => {
        await new Promise((r) => setTimeout(r, 5));
        await withTraceAttributes({ tags: ['b'] }, async () => {
          await Promise.resolve();
          tracer.startSpan('child', { attributes: { 'gen_ai.request.model': 'm' } }).end();
        });
        root.end();
      });
    });
    await processor.forceFlush();
    for (const name of ['root', 'child']) {
      const obs = exporter.byName(name)!.observation;
      expect(obs.userId).toBe('u-1');
      expect(obs.sessionId).toBe('s-1');
      expect(obs.traceMetadata).toEqual({ plan: 'pro', n: '3' });
    }
    expect(exporter.byName('child')!.observation.tags).toEqual(['a', 'b']);
    expect(exporter.byName('root')!.observation.tags).toEqual(['a']);
  });
});

describe('observe', () => {
  it('returns the same value and promise, rethrows the same error and records it', async () => {
    env = setup();
    const value = { x: 1 };
    expect(observe('sync', {}, () => value)).toBe(value);
    const promise = Promise.resolve(42);
    expect(observe('async', {}, () => promise)).toBe(promise);
    const error = new Error('boom');
    expect(() =>
      observe('throws', { kind: 'tool' }, () => {
        throw error;
      }),
    ).toThrow(error);
    const rejected = observe('rejects', { kind: 'tool' }, async () => {
      await Promise.resolve();
      throw error;
    });
    await expect(rejected).rejects.toBe(error);
    await env.processor.forceFlush();
    const obs = env.exporter.byName('rejects')!.observation;
    expect(obs.error).toBe(true);
    expect(obs.level).toBe('ERROR');
    expect(obs.statusMessage).toBe('boom');
    expect(env.exporter.byName('throws')!.span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('nests child observations under the active one', async () => {
    env = setup();
    await observe('agent', { kind: 'agent' }, async (agent) => {
      await Promise.resolve();
      observe('tool', { kind: 'tool', input: { q: 1 } }, () => 'ok');
      agent.startObservation('gen', { kind: 'generation', model: 'm' }).end();
    });
    await env.processor.forceFlush();
    const agent = env.exporter.byName('agent')!.observation;
    expect(env.exporter.byName('tool')!.observation.parentSpanId).toBe(agent.spanId);
    expect(env.exporter.byName('gen')!.observation.parentSpanId).toBe(agent.spanId);
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(context.active()).toBeDefined();
  });
});

/** A minimal ended LLM span, as the SDK hands it to onEnd. */
function fakeSpan(name: string) {
  return makeSpan({ 'gen_ai.request.model': 'm' }, { name, spanId: Math.random().toString(16).slice(2, 18).padEnd(16, '0') });
}
