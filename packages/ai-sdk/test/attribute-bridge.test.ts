import { ROOT_CONTEXT, trace, type Attributes, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { bridgeAttributes, bridgeTracer } from '../src/attribute-bridge.js';

/** A tracer recording what reached the underlying spans. */
function recordingTracer() {
  const spans: Array<{ name: string; attributes: Attributes; ended: boolean }> = [];
  const tracer = {
    startSpan(name: string, options?: SpanOptions): Span {
      const record = { name, attributes: { ...options?.attributes }, ended: false };
      spans.push(record);
      const span = trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: String(spans.length).padStart(16, '0'), traceFlags: 1 });
      span.setAttribute = (key, value) => ((record.attributes[key] = value), span);
      span.setAttributes = (attributes) => (Object.assign(record.attributes, attributes), span);
      span.end = () => void (record.ended = true);
      return span;
    },
  } as unknown as Tracer;
  return { tracer, spans };
}

describe("bridge from @ai-sdk/otel's extra keys to the ones readers know", () => {
  it('adds gen_ai.usage.reasoning.output_tokens next to the AI SDK reasoning count', () => {
    expect(bridgeAttributes({ 'ai.usage.outputTokenDetails.reasoningTokens': 5, x: 1 }, false)).toEqual({
      'ai.usage.outputTokenDetails.reasoningTokens': 5,
      'gen_ai.usage.reasoning.output_tokens': 5,
      x: 1,
    });
  });

  it('moves embedding values and vectors to the observation input/output, as one JSON text each', () => {
    expect(bridgeAttributes({ 'ai.values': ['"a"', '"b"'], 'ai.embeddings': ['[1,2]', '[3,4]'] }, false)).toEqual({
      'lamplight.observation.input': '["a","b"]',
      'lamplight.observation.output': '[[1,2],[3,4]]',
    });
    expect(bridgeAttributes({ 'ai.value': '"a"', 'ai.embedding': '[1,2]' }, true)).toEqual({ 'lamplight.observation.input': '"a"' });
  });

  it('returns the very same object when nothing applies', () => {
    const attributes = { 'gen_ai.operation.name': 'chat' };
    expect(bridgeAttributes(attributes, false)).toBe(attributes);
  });

  it('translates on startSpan, setAttribute and setAttributes; the embed operation span keeps no vectors', () => {
    const { tracer, spans } = recordingTracer();
    const bridged = bridgeTracer(tracer);
    const operation = bridged.startSpan('embeddings m', { attributes: { 'lamplight.observation.kind': 'chain', 'gen_ai.operation.name': 'embeddings', 'ai.value': '"v"' } }, ROOT_CONTEXT);
    operation.setAttributes({ 'ai.embedding': '[1]' });
    const call = bridged.startSpan('embeddings m', { attributes: { 'gen_ai.operation.name': 'embeddings', 'ai.values': ['"v"'] } });
    call.setAttribute('ai.embeddings', ['[1]']);
    call.setAttribute('plain', 'kept');
    call.end();
    expect(spans[0]?.attributes).toEqual({ 'lamplight.observation.kind': 'chain', 'gen_ai.operation.name': 'embeddings', 'lamplight.observation.input': '"v"' });
    expect(spans[1]).toEqual({
      name: 'embeddings m',
      attributes: { 'gen_ai.operation.name': 'embeddings', 'lamplight.observation.input': '["v"]', 'lamplight.observation.output': '[[1]]', plain: 'kept' },
      ended: true,
    });
    // The span context is the SDK span's, so children and other instrumentations parent correctly.
    expect(call.spanContext().spanId).toBe('0000000000000002');
  });
});
