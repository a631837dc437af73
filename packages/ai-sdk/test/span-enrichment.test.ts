import { describe, expect, it } from 'vitest';
import { lamplightEnrichSpan, runtimeContextAttributes } from '../src/span-enrichment.js';

describe('runtime context on every span', () => {
  it('flattens nested objects with dots under ai.settings.context. (the key core reads)', () => {
    expect(runtimeContextAttributes({ userId: 'u', tags: ['a'], tenant: { id: 'acme', plan: { tier: 2 } }, empty: null })).toEqual({
      'ai.settings.context.userId': 'u',
      'ai.settings.context.tags': ['a'],
      'ai.settings.context.tenant.id': 'acme',
      'ai.settings.context.tenant.plan.tier': 2,
    });
    expect(runtimeContextAttributes(undefined)).toEqual({});
  });

  it('is bounded: values, depth and number of keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(runtimeContextAttributes(wide))).toHaveLength(64);
    const long = runtimeContextAttributes({ text: 'x'.repeat(10_000) })['ai.settings.context.text'] as string;
    expect(long.length).toBeLessThanOrEqual(2_000);
    expect(long).toContain('truncated');
    const deep = runtimeContextAttributes({ a: { b: { c: { d: { e: 1 } } } } });
    expect(Object.values(deep)).toEqual(['{"e":1}']);
    expect(runtimeContextAttributes({ when: new Date(0), mixed: [1, 'a'], fn: () => 1 })).toEqual({
      'ai.settings.context.when': '"1970-01-01T00:00:00.000Z"',
      'ai.settings.context.mixed': '[1,"a"]',
    });
  });

  it('marks the embed operation span a chain; other spans are not re-typed', () => {
    const enrich = lamplightEnrichSpan(undefined);
    expect(enrich({ spanType: 'operation', operationId: 'ai.embedMany', callId: 'c', runtimeContext: undefined })).toEqual({ 'lamplight.observation.kind': 'chain' });
    expect(enrich({ spanType: 'embedding', operationId: 'ai.embed', callId: 'c', runtimeContext: undefined })).toEqual({});
    expect(enrich({ spanType: 'operation', operationId: 'ai.generateText', callId: 'c', runtimeContext: { a: 1 } })).toEqual({ 'ai.settings.context.a': 1 });
  });

  it("runs the user's hook after its own (user wins); a throwing user hook keeps Lamplight's attributes", () => {
    const options = { spanType: 'step' as const, operationId: 'ai.generateText', callId: 'c', runtimeContext: { a: 1 } };
    expect(lamplightEnrichSpan(() => ({ 'ai.settings.context.a': 2, extra: true }))(options)).toEqual({ 'ai.settings.context.a': 2, extra: true });
    expect(
      lamplightEnrichSpan(() => {
        throw new Error('user bug');
      })(options),
    ).toEqual({ 'ai.settings.context.a': 1 });
  });
});
