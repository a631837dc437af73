import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ContentEventStore, GenAiLogBridge, mergeContentEvents, normalize, type ContentEvent } from '../../src/internal.js';
import { makeSpan } from '../span-factory.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = '00000000000000c1';
const spanCtx = { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED };

const contribEvents: ContentEvent[] = [
  { name: 'gen_ai.system.message', body: { content: 'Be brief.' }, attributes: { 'event.name': 'gen_ai.system.message' } },
  { name: 'gen_ai.user.message', body: { content: 'What is 2+2?' }, attributes: { 'event.name': 'gen_ai.user.message' } },
  { name: 'gen_ai.choice', body: { index: 0, finish_reason: 'stop', message: { content: '4' } }, attributes: { 'event.name': 'gen_ai.choice' } },
];

const generation = () => normalize(makeSpan({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }, { spanId: SPAN }));

describe('mergeContentEvents', () => {
  it('per-message events become the generation’s input and output in the OTel GenAI message shape', () => {
    const obs = mergeContentEvents(generation(), contribEvents);
    expect(obs.input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is 2+2?' }] },
    ]);
    expect(obs.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: '4' }], finish_reason: 'stop' }]);
  });

  it('operation.details carries input, output and system instructions (structured or JSON text)', () => {
    const obs = mergeContentEvents(generation(), [
      {
        name: 'gen_ai.client.inference.operation.details',
        body: undefined,
        attributes: {
          'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }] }]),
          'gen_ai.system_instructions': [{ type: 'text', content: 'sys' }],
        },
      },
    ]);
    expect(obs.input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(obs.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }] }]);
    expect(obs.systemInstructions).toEqual([{ type: 'text', content: 'sys' }]);
  });

  it('what the span itself says wins; choices are ordered by index; tool calls are kept', () => {
    const obs = generation();
    obs.input = 'from the span';
    mergeContentEvents(obs, [
      { name: 'gen_ai.user.message', body: { content: 'ignored' }, attributes: {} },
      { name: 'gen_ai.choice', body: { index: 1, message: { content: 'second' } }, attributes: {} },
      { name: 'gen_ai.choice', body: { index: 0, message: { tool_calls: [{ id: 'c1', function: { name: 'lookup', arguments: '{}' } }] } }, attributes: {} },
    ]);
    expect(obs.input).toBe('from the span');
    expect(obs.output).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'lookup', arguments: '{}' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'second' }] },
    ]);
  });
});

describe('GenAiLogBridge and ContentEventStore', () => {
  it('keeps content records by span context and merges them once, right after normalize', () => {
    const store = new ContentEventStore();
    const bridge = new GenAiLogBridge(store);
    const ctx = trace.setSpanContext(ROOT_CONTEXT, spanCtx);
    for (const e of contribEvents) bridge.onEmit({ body: e.body, attributes: e.attributes }, ctx);
    // A record with the span context on the record itself and the newer eventName field.
    bridge.onEmit({ eventName: 'gen_ai.client.inference.operation.details', spanContext: spanCtx, attributes: { 'gen_ai.system_instructions': 'sys' } });
    // Not a content event: ignored, not counted.
    bridge.onEmit({ eventName: 'app.log', body: 'hello' }, ctx);
    const obs = store.enrich(generation());
    expect(obs.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: '4' }], finish_reason: 'stop' }]);
    expect(obs.systemInstructions).toBe('sys');
    expect(store.stats()).toEqual({ stored: 4, merged: 4, noSpan: 0, afterExport: 0, overflow: 0 });
  });

  it('counts records with no span and records that arrive after their span was exported', () => {
    const store = new ContentEventStore();
    const bridge = new GenAiLogBridge(store);
    bridge.onEmit({ body: { content: 'x' }, attributes: { 'event.name': 'gen_ai.user.message' } }, ROOT_CONTEXT);
    bridge.onEmit({ body: { content: 'x' }, attributes: { 'event.name': 'gen_ai.user.message' } });
    store.enrich(generation());
    bridge.onEmit({ eventName: 'gen_ai.choice', spanContext: spanCtx, body: { index: 0, message: { content: 'late' } } });
    expect(store.stats()).toMatchObject({ noSpan: 2, afterExport: 1, stored: 0, merged: 0 });
  });

  it('is bounded: the oldest span’s records leave first and are counted', () => {
    const store = new ContentEventStore({ maxSpans: 2, maxEventsPerSpan: 1 });
    store.add(TRACE, 'a'.repeat(16), contribEvents[0]!);
    store.add(TRACE, 'a'.repeat(16), contribEvents[1]!); // over the per-span limit
    store.add(TRACE, 'b'.repeat(16), contribEvents[0]!);
    store.add(TRACE, 'c'.repeat(16), contribEvents[0]!); // evicts span a
    expect(store.stats()).toMatchObject({ stored: 3, overflow: 2 });
  });

  it('never throws on a malformed record', () => {
    const bridge = new GenAiLogBridge(new ContentEventStore());
    const hostile = { get eventName(): string { throw new Error('boom'); } };
    expect(() => bridge.onEmit(hostile)).not.toThrow();
  });
});
