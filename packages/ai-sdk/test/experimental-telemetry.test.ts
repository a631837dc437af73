import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { aiSdkTelemetry } from '../src/index.js';

describe('aiSdkTelemetry (AI SDK v5/v6 experimental_telemetry)', () => {
  it('switches telemetry on and puts user, session and tags where core reads them', () => {
    expect(aiSdkTelemetry({ functionId: 'chat', userId: 'u-1', sessionId: 's-1', tags: ['a', 'b'] })).toEqual({
      isEnabled: true,
      functionId: 'chat',
      metadata: { userId: 'u-1', sessionId: 's-1', tags: ['a', 'b'] },
    });
    expect(aiSdkTelemetry()).toEqual({ isEnabled: true, metadata: {} });
  });

  it('keeps attribute values, renders other metadata values as JSON text, drops undefined and functions', () => {
    const { metadata } = aiSdkTelemetry({
      metadata: { tenant: 'acme', n: 3, ok: true, ids: [1, 2], nested: { plan: 'pro' }, gone: undefined, fn: () => 1, inf: Infinity },
    });
    expect(metadata).toEqual({ tenant: 'acme', n: 3, ok: true, ids: [1, 2], nested: '{"plan":"pro"}', inf: 'Infinity' });
  });

  it('explicit fields win over metadata keys of the same name; the prompt link travels as JSON text', () => {
    const { metadata } = aiSdkTelemetry({ userId: 'explicit', metadata: { userId: 'from-metadata' }, prompt: { name: 'qa', version: 3 } });
    expect(metadata.userId).toBe('explicit');
    expect(JSON.parse(metadata.langfusePrompt as string)).toEqual({ name: 'qa', version: 3 });
  });

  it('passes recordInputs/recordOutputs, isEnabled and a tracer through', () => {
    const tracer = trace.getTracer('x');
    const settings = aiSdkTelemetry({ recordInputs: false, recordOutputs: false, isEnabled: false, tracer });
    expect(settings).toMatchObject({ isEnabled: false, recordInputs: false, recordOutputs: false });
    expect(settings.tracer).toBe(tracer);
  });

  it('never throws on wrong types: the value is left out', () => {
    const bad = { userId: 42, sessionId: {}, tags: 'x', prompt: 'p' } as unknown as Parameters<typeof aiSdkTelemetry>[0];
    expect(aiSdkTelemetry(bad)).toEqual({ isEnabled: true, metadata: {} });
    expect(aiSdkTelemetry(null as never)).toEqual({ isEnabled: true, metadata: {} });
    expect(aiSdkTelemetry({ tags: ['ok', 1 as never] }).metadata.tags).toEqual(['ok']);
  });
});
