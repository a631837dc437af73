import { SpanStatusCode } from '@opentelemetry/api';
import { observe, startObservation, withTraceAttributes } from '@lamplight/core';
import { MASK_FAILED } from '@lamplight/core/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrivacyPipeline, type PrivacyPipeline } from './privacy-harness.js';

/**
 * Budgets for everything that leaves and the mask on every field, end to end: a 50 MB span
 * name, 10^6 tags, 2·10^5 metadata keys, hundreds of events and attributes arrive cut with
 * a visible marker (or counted as dropped) at both receivers, and `observe` runs `fn`
 * whatever garbage it is given as options.
 */
let p: PrivacyPipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const CUT = /…\[truncated \d+ bytes\]$/;

describe('budgets for every field', () => {
  it('a 50 MB span name, a huge exception and hundreds of events and attributes arrive bounded and counted', async () => {
    p = await startPrivacyPipeline({ maxFieldBytes: 4_096 });
    const attributes: Record<string, string> = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm'.repeat(5_000), 'acme.big': 'b'.repeat(100_000), [`acme.${'k'.repeat(1_000)}`]: 'long key' };
    for (let i = 0; i < 400; i++) attributes[`acme.field.${i}`] = 'v'.repeat(100);
    const span = p.tracer.startSpan('n'.repeat(50 * 1024 * 1024), { attributes });
    for (let i = 0; i < 200; i++) span.addEvent(`e${i}`, { detail: 'd'.repeat(20_000) });
    const error = new Error('m'.repeat(100_000));
    error.stack = 's'.repeat(200_000);
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'x'.repeat(100_000) });
    span.end();
    await p.flush(1);

    const lf = p.langfuse.spans()[0]!;
    expect(Buffer.byteLength(lf.name)).toBeLessThanOrEqual(1_024);
    expect(lf.name).toMatch(CUT);
    expect(String(lf.attributes['langfuse.observation.model.name'])).toMatch(CUT);
    expect(String(lf.attributes['acme.big'])).toMatch(CUT);
    expect(Buffer.byteLength(String(lf.attributes['acme.big']))).toBeLessThanOrEqual(4_096);
    expect(Object.keys(lf.attributes).filter((k) => k.startsWith('acme.field.')).length).toBeLessThanOrEqual(256);
    expect(Object.keys(lf.attributes).some((k) => k.length > 256)).toBe(false);
    expect(lf.events.length).toBeLessThanOrEqual(64);
    for (const event of lf.events) for (const value of Object.values(event.attributes)) expect(Buffer.byteLength(String(value))).toBeLessThanOrEqual(32_768);
    expect(Buffer.byteLength(String(lf.attributes['langfuse.observation.status_message']))).toBeLessThanOrEqual(8_192);

    const fog = p.foglamp.spans()[0]!;
    expect(Buffer.byteLength(fog.name)).toBeLessThanOrEqual(1_024);
    expect(Buffer.byteLength(fog.errorMessage ?? '')).toBeLessThanOrEqual(8_192);
    expect(Buffer.byteLength(fog.modelId ?? '')).toBeLessThanOrEqual(1_024);

    const stats = p.privacyStats();
    expect(stats.cut).toMatchObject({ name: 1, model: 1, statusMessage: 1 });
    expect(stats.cut.attribute).toBeGreaterThanOrEqual(1);
    expect(stats.dropped.attribute).toBeGreaterThan(100);
    expect(stats.dropped['attribute-key']).toBe(1);
    expect(stats.dropped.event).toBeGreaterThan(100);
  });

  it('10^6 tags and 2·10^5 metadata keys in withTraceAttributes: bounded, fn runs, both receivers get the first ones', async () => {
    p = await startPrivacyPipeline();
    const tags = Array.from({ length: 1_000_000 }, (_, i) => `t${i}`);
    const metadata: Record<string, string> = {};
    for (let i = 0; i < 200_000; i++) metadata[`k${i}`] = 'v';
    let ran = false;
    withTraceAttributes({ tags, metadata, sessionId: 's-1' }, () =>
      observe('work', { kind: 'tool' }, () => {
        ran = true;
      }),
    );
    expect(ran).toBe(true);
    await p.flush(1);
    const lf = p.langfuse.spans()[0]!;
    const sent = lf.attributes['langfuse.trace.tags'] as string[];
    expect(sent.length).toBeLessThanOrEqual(100);
    expect(sent.slice(0, 3)).toEqual(['t0', 't1', 't2']);
    expect(Object.keys(lf.attributes).filter((k) => k.startsWith('langfuse.trace.metadata.')).length).toBeLessThanOrEqual(64);
    const trace = p.foglamp.traces()[0]!;
    expect(Object.keys(trace.metadata ?? {}).filter((k) => /^k\d+$/.test(k)).length).toBeLessThanOrEqual(64);
    expect(trace.metadata?.k0).toBe('v');
  });
});

describe('the mask sees every field and fails closed', () => {
  it('names, ids, tags, status messages, forwarded attributes and events go through the mask', async () => {
    const seen = new Set<string>();
    p = await startPrivacyPipeline({
      mask: (value, { field }) => {
        seen.add(field);
        if (typeof value === 'string') return value.replaceAll('alice', '[person]');
        if (Array.isArray(value) && field === 'tags') return value.map((t) => String(t).replaceAll('alice', '[person]'));
        if (field === 'attributes') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll('alice', '[person]') : v]));
        if (field === 'events') throw new Error('events are not for export');
        return value;
      },
    });
    await withTraceAttributes({ userId: 'alice', sessionId: 'alice-session', tags: ['alice'] }, async () => {
      const span = p!.tracer.startSpan('call for alice', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'acme.user': 'alice' } });
      span.addEvent('note', { who: 'alice' });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'alice was refused' });
      span.end();
    });
    await p.flush(1);
    const text = p.payloadText();
    expect(text.langfuse).not.toContain('alice');
    expect(text.foglamp).not.toContain('alice');
    expect([...seen].sort()).toEqual(['attributes', 'events', 'name', 'sessionId', 'statusMessage', 'tags', 'userId']);
    expect(p.langfuse.spans()[0]!.events).toEqual([]);
    expect(p.privacyStats().maskFailures).toBe(1);
  });

  it('a mask that throws on names and ids withholds them', async () => {
    p = await startPrivacyPipeline({
      mask: () => {
        throw new Error('no');
      },
    });
    withTraceAttributes({ userId: 'bob' }, () => observe('bob task', { kind: 'tool', input: 'bob' }, () => undefined));
    await p.flush(1);
    const lf = p.langfuse.spans()[0]!;
    expect(lf.name).toBe(MASK_FAILED);
    expect(lf.attributes['user.id']).toBeUndefined();
    expect(p.payloadText().langfuse).not.toContain('bob');
    expect(p.payloadText().foglamp).not.toContain('bob');
  });
});

describe('any garbage as options', () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      has() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
    },
  );
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'options'],
    ['a throwing Proxy', throwing],
    ['a revoked Proxy', revoked.proxy],
  ])('observe, startObservation and withTraceAttributes with %s run fn and export the span', async (_name, garbage) => {
    p = await startPrivacyPipeline();
    const calls: string[] = [];
    const result = observe('outer', garbage as never, () => {
      calls.push('observe');
      return withTraceAttributes(garbage as never, () => {
        calls.push('withTraceAttributes');
        const child = startObservation('inner', garbage as never);
        child.startObservation('grandchild', garbage as never).end();
        child.end();
        return 'value';
      });
    });
    expect(result).toBe('value');
    expect(calls).toEqual(['observe', 'withTraceAttributes']);
    await p.flush(3);
    expect(p.langfuse.spans().map((s) => s.name).sort()).toEqual(['grandchild', 'inner', 'outer']);
  });
});
