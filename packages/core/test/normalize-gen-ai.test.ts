import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { type ReadableSpanLike } from '../src/index.js';
import { normalize, toLangfuseAttributes } from '../src/internal.js';

function span(attributes: Record<string, unknown>, extra: Partial<ReadableSpanLike> = {}): ReadableSpanLike {
  const ctx = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
  return {
    name: 'chat gpt-4o',
    kind: 2,
    spanContext: () => ctx,
    parentSpanContext: { traceId: ctx.traceId, spanId: '00f067aa0ba902b7', traceFlags: 1 },
    startTime: [1_700_000_000, 0],
    endTime: [1_700_000_002, 500_000_000],
    status: { code: SpanStatusCode.UNSET },
    attributes: attributes as ReadableSpanLike['attributes'],
    links: [],
    events: [],
    duration: [2, 500_000_000],
    ended: true,
    resource: { attributes: {} },
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...extra,
  };
}

const chat = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.response.model': 'gpt-4o-2024-08-06',
  'gen_ai.request.temperature': 0.2,
  'gen_ai.request.max_tokens': 256,
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.output_tokens': 300,
  'gen_ai.usage.cache_read.input_tokens': 1000,
  'gen_ai.usage.reasoning.output_tokens': 100,
  'gen_ai.response.time_to_first_chunk': 0.25,
  'gen_ai.response.finish_reasons': ['stop'],
  'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'be brief' }]),
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }], finish_reason: 'stop' }]),
};

describe('normalize: OTel GenAI current keys', () => {
  it('reads kind, model, provider, parameters, usage, ttft and content', () => {
    const obs = normalize(span(chat));
    expect(obs).toMatchObject({
      kind: 'generation',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      modelParameters: { temperature: 0.2, max_tokens: 256 },
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      cachedInputTokens: 1000,
      reasoningTokens: 100,
      ttftMs: 250,
      completionStartTime: 1_700_000_000_250,
      parentSpanId: '00f067aa0ba902b7',
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_002_500,
      level: 'INFO',
      error: false,
      metadata: { finish_reasons: 'stop' },
    });
    expect(obs.input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(obs.systemInstructions).toEqual([{ type: 'text', content: 'be brief' }]);
  });

  it('maps each operation name to its kind', () => {
    const kinds = Object.entries({ embeddings: 'embedding', execute_tool: 'tool', invoke_agent: 'agent', retrieval: 'retriever', agent_step: 'chain' });
    for (const [operation, kind] of kinds) expect(normalize(span({ 'gen_ai.operation.name': operation })).kind).toBe(kind);
    expect(normalize(span({})).kind).toBe('span');
    expect(normalize(span({ 'gen_ai.request.model': 'x' })).kind).toBe('generation');
  });

  it('never yields usage it does not know, nor negative counts', () => {
    const obs = normalize(span({ 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': -3, 'gen_ai.usage.output_tokens': 'abc' }));
    expect(obs.inputTokens).toBeUndefined();
    expect(obs.outputTokens).toBeUndefined();
    expect(obs.totalTokens).toBeUndefined();
  });

  it('takes errors from status, exception events, error.type and HTTP status', () => {
    const failed = normalize(
      span(
        {},
        {
          status: { code: SpanStatusCode.ERROR },
          events: [{ name: 'exception', time: [1, 0], attributes: { 'exception.message': 'rate limited' } }],
        },
      ),
    );
    expect(failed).toMatchObject({ error: true, level: 'ERROR', statusMessage: 'rate limited' });
    expect(normalize(span({ 'error.type': 'timeout' }))).toMatchObject({ error: true, statusMessage: 'timeout' });
    expect(normalize(span({ 'http.response.status_code': 503 }))).toMatchObject({ error: true, statusMessage: 'HTTP 503' });
  });

  it('lets explicit langfuse.* keys win over gen_ai.* and reads a string prompt version as integer', () => {
    const obs = normalize(
      span({ ...chat, 'langfuse.observation.model.name': 'custom', 'langfuse.observation.prompt.name': 'p', 'langfuse.observation.prompt.version': '3' }),
    );
    expect(obs.model).toBe('custom');
    expect(obs.prompt).toEqual({ name: 'p', version: 3 });
  });
});

describe('toLangfuseAttributes', () => {
  it('renders exclusive usage with separate cached and reasoning counts, totals preserved', () => {
    const attrs = toLangfuseAttributes(normalize(span(chat)));
    expect(JSON.parse(attrs['langfuse.observation.usage_details'] as string)).toEqual({
      input: 200,
      output: 200,
      total: 1500,
      input_cached_tokens: 1000,
      output_reasoning_tokens: 100,
    });
    expect(attrs['langfuse.observation.type']).toBe('generation');
    expect(attrs['langfuse.observation.level']).toBe('DEFAULT');
    expect(attrs['langfuse.observation.completion_start_time']).toBe('2023-11-14T22:13:20.250Z');
    expect(JSON.parse(attrs['langfuse.observation.model.parameters'] as string)).toEqual({ temperature: 0.2, max_tokens: 256 });
  });

  it('never renders a negative exclusive count', () => {
    const obs = normalize(span({ 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read.input_tokens': 50 }));
    expect(JSON.parse(toLangfuseAttributes(obs)['langfuse.observation.usage_details'] as string)).toMatchObject({ input: 0, input_cached_tokens: 50 });
  });

  it('renders levels, environment and prompt version by the value rules', () => {
    const base = normalize(span({ 'gen_ai.request.model': 'm' }));
    expect(toLangfuseAttributes({ ...base, level: 'WARN' })['langfuse.observation.level']).toBe('WARNING');
    expect(toLangfuseAttributes({ ...base, environment: 'Prod EU' })['langfuse.environment']).toBe('prod-eu');
    expect(toLangfuseAttributes({ ...base, environment: 'langfuse-x' })['langfuse.environment']).toBeUndefined();
    expect(toLangfuseAttributes({ ...base, environment: 'x'.repeat(60) })['langfuse.environment']).toBe('x'.repeat(40));
    expect(toLangfuseAttributes({ ...base, prompt: { name: 'p', version: 2 } })['langfuse.observation.prompt.version']).toBe(2);
  });

  it('keeps usage off non-model kinds', () => {
    const obs = { ...normalize(span({ ...chat, 'gen_ai.operation.name': 'invoke_agent' })) };
    const attrs = toLangfuseAttributes(obs);
    expect(attrs['langfuse.observation.type']).toBe('agent');
    expect(attrs['langfuse.observation.usage_details']).toBeUndefined();
  });
});
