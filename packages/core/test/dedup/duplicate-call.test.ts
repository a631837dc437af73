import { describe, expect, it } from 'vitest';
import {
  isForeignModelCallSpan,
  isLamplightCall,
  isSteppedAside,
  markLamplightCall,
  markSteppedAside,
  MODEL_CALL_REGISTRY_LIMIT,
  normalize,
  stepAsideForInner,
} from '../../src/internal.js';
import { makeSpan } from '../span-factory.js';

const OPENINFERENCE = { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 11, 'llm.token_count.completion': 7 };
const TRACELOOP = { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 11, 'gen_ai.usage.output_tokens': 7 };

describe('isForeignModelCallSpan', () => {
  it('recognises the three OpenAI instrumentations by scope and model-call marker', () => {
    expect(isForeignModelCallSpan(makeSpan(OPENINFERENCE, { scope: '@arizeai/openinference-instrumentation-openai' }))).toBe(true);
    expect(isForeignModelCallSpan(makeSpan(TRACELOOP, { scope: '@traceloop/instrumentation-openai' }))).toBe(true);
    expect(isForeignModelCallSpan(makeSpan({ 'gen_ai.operation.name': 'chat' }, { scope: '@opentelemetry/instrumentation-openai' }))).toBe(true);
  });

  it('looks through a wrapper span (OpenInference OISpan keeps the SDK span in `.span`)', () => {
    const sdkSpan = makeSpan(OPENINFERENCE, { scope: '@arizeai/openinference-instrumentation-openai' });
    expect(isForeignModelCallSpan({ span: sdkSpan, config: {} })).toBe(true);
  });

  it('never counts our own spans, non-OpenAI scopes, non-model spans or odd values', () => {
    expect(isForeignModelCallSpan(makeSpan(TRACELOOP, { scope: '@lamplight/openai' }))).toBe(false);
    expect(isForeignModelCallSpan(makeSpan(TRACELOOP, { scope: '@opentelemetry/instrumentation-http' }))).toBe(false);
    expect(isForeignModelCallSpan(makeSpan({ 'openinference.span.kind': 'CHAIN' }, { scope: '@arizeai/openinference-instrumentation-openai' }))).toBe(false);
    expect(isForeignModelCallSpan(makeSpan({}, { scope: '@traceloop/instrumentation-openai' }))).toBe(false);
    for (const odd of [undefined, null, 1, 'span', {}, { span: { span: { span: { span: {} } } } }]) expect(isForeignModelCallSpan(odd)).toBe(false);
  });
});

describe('readDuplicateCall through normalize', () => {
  it('a foreign model-call span inside a Lamplight generation is a plain span without usage', () => {
    markLamplightCall('00000000000000a1');
    const inside = normalize(makeSpan(TRACELOOP, { scope: '@traceloop/instrumentation-openai', parentSpanId: '00000000000000a1' }));
    expect(inside.kind).toBe('span');
    expect(inside.inputTokens).toBeUndefined();
    expect(inside.metadata?.lamplight_stepped_aside).toBe('inside a lamplight generation');
    // The same span under any other parent stays a generation with its usage.
    const elsewhere = normalize(makeSpan(TRACELOOP, { scope: '@traceloop/instrumentation-openai', parentSpanId: '00000000000000b1' }));
    expect(elsewhere.kind).toBe('generation');
    expect(elsewhere.inputTokens).toBe(11);
  });

  it('a span marked as stepping aside (it wrapped a Lamplight generation) is a plain span', () => {
    markSteppedAside('00000000000000a2');
    const around = normalize(makeSpan(OPENINFERENCE, { scope: '@arizeai/openinference-instrumentation-openai', spanId: '00000000000000a2' }));
    expect(around.kind).toBe('span');
    expect(around.inputTokens).toBeUndefined();
  });

  it('a Lamplight generation that stepped aside for the span inside it lets that span stay the generation', () => {
    markLamplightCall('00000000000000a3');
    stepAsideForInner('00000000000000a3');
    expect(isLamplightCall('00000000000000a3')).toBe(false);
    expect(isSteppedAside('00000000000000a3')).toBe(true);
    const inner = normalize(makeSpan(TRACELOOP, { scope: '@traceloop/instrumentation-openai', parentSpanId: '00000000000000a3' }));
    expect(inner.kind).toBe('generation');
    expect(inner.outputTokens).toBe(7);
  });
});

describe('model-call registry', () => {
  it('is bounded: the oldest ids leave first', () => {
    markLamplightCall('first-of-many');
    for (let i = 0; i < MODEL_CALL_REGISTRY_LIMIT; i++) markLamplightCall(`id-${i}`);
    expect(isLamplightCall('first-of-many')).toBe(false);
    expect(isLamplightCall(`id-${MODEL_CALL_REGISTRY_LIMIT - 1}`)).toBe(true);
    // Every id stays for at least half the limit of later additions.
    markLamplightCall('kept');
    for (let i = 0; i < MODEL_CALL_REGISTRY_LIMIT / 2 - 1; i++) markLamplightCall(`more-${i}`);
    expect(isLamplightCall('kept')).toBe(true);
  });

  it('is shared through globalThis, so the ESM and CJS builds agree', () => {
    markSteppedAside('00000000000000a4');
    const state = (globalThis as Record<symbol, { steppedAside: { has(id: string): boolean } }>)[Symbol.for('@lamplight/core/model-call-registry')];
    expect(state?.steppedAside.has('00000000000000a4')).toBe(true);
  });
});
