import { getTraceAttributes, withTraceAttributes } from '@lamplight/core';
import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIPromise, AzureOpenAI, OpenAI } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, withoutCreated, type Harness } from './openai-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const client = (options: ConstructorParameters<typeof OpenAI>[0] = {}) =>
  new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0, ...options });

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('observeOpenAI: chat.completions.create (non-stream)', () => {
  it('records request parameters, messages, tools, response, tool calls and usage as OTel GenAI', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_1' }],
      usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 10 },
      model: 'gpt-4o-2024-08-06',
    });
    const result = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] },
        { role: 'tool', tool_call_id: 'call_0', content: 'sunny' },
      ],
      tools: [weatherTool],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 256,
      stop: ['END'],
      seed: 7,
      response_format: { type: 'json_object' },
    });
    expect(result.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_1');

    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(span!.name).toBe('chat gpt-4o');
    expect(span!.kind).toBe('client');
    expect(span!.scope.name).toBe('@lamplight/openai');
    expect(g.type).toBe('generation');
    expect(g.level).toBe('DEFAULT');
    expect(g.model).toBe('gpt-4o-2024-08-06');
    expect(g.metadata('provider')).toBe('openai');
    expect(g.metadata('response_id')).toBe(result.id);
    expect(g.metadata('finish_reasons')).toBe('tool_calls');
    expect(g.parameters).toEqual({ temperature: 0.2, top_p: 0.9, max_tokens: 256, stop: '["END"]', seed: 7, response_format: 'json' });
    expect(g.usage).toEqual({ input: 20, output: 20, total: 150, input_cached_tokens: 100, output_reasoning_tokens: 10 });
    expect(g.input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_0', name: 'get_weather', arguments: { city: 'Rome' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_0', response: 'sunny' }] },
    ]);
    expect(g.output).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' },
    ]);
    expect(h.source(span!)['gen_ai.operation.name']).toBe('chat');
    expect(h.source(span!)['gen_ai.provider.name']).toBe('openai');
    expect(h.source(span!)['gen_ai.request.model']).toBe('gpt-4o');
    expect(h.source(span!)['gen_ai.usage.cache_read.input_tokens']).toBe(100);
    expect(h.source(span!)['gen_ai.usage.reasoning.output_tokens']).toBe(10);
    expect(h.receiver.violations()).toEqual([]);

    // Tool definitions are not part of the Langfuse rendering; they are on the source span.
    const raw = h.rawSpans()[0]!;
    expect(JSON.parse(raw.attributes['gen_ai.tool.definitions'] as string)).toEqual([
      { type: 'function', name: 'get_weather', description: 'Weather by city', parameters: weatherTool.function.parameters },
    ]);
  });

  it('returns the SDK’s own APIPromise, with the same value as an untraced client', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'same?' }] };
    h.fake.enqueue({ text: 'yes', id: 'chatcmpl-a' }, { text: 'yes', id: 'chatcmpl-a' });
    const plain = await client().chat.completions.create(body);
    const promise = observeOpenAI(client()).chat.completions.create(body);
    expect(promise).toBeInstanceOf(APIPromise);
    const traced = await promise;
    expect(withoutCreated(traced)).toEqual(withoutCreated(plain));
    expect(traced._request_id).toMatch(/^req_/);
  });

  it('regression: .withResponse() works and yields data, Response and request id', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'with response', headers: { 'x-request-id': 'req_123' } });
    const { data, response, request_id } = await openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('with response');
    expect(response.status).toBe(200);
    expect(request_id).toBe('req_123');
    const [span] = await h.exported(1);
    expect(generationView(span!).output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'with response' }], finish_reason: 'stop' }]);
  });

  it('asResponse() hands the caller the unread body and the generation still ends', async () => {
    const openai = observeOpenAI(client(), { unconsumedTimeoutMs: 50 });
    h.fake.enqueue('raw body');
    const response = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).asResponse();
    expect(response.bodyUsed).toBe(false);
    const json = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(json.choices[0]?.message.content).toBe('raw body');
    const [span] = await h.exported(1);
    // The caller read the body itself: the generation ends when the unconsumed timer fires.
    expect(generationView(span!).statusMessage).toBe('not consumed');
  });

  it('_thenUnwrap on the returned promise keeps working and is observed once', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue('unwrap me');
    const text = await openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      ._thenUnwrap((completion) => completion.choices[0]?.message.content?.toUpperCase());
    expect(text).toBe('UNWRAP ME');
    const spans = await h.exported(1);
    expect(spans).toHaveLength(1);
    expect(generationView(spans[0]!).output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'unwrap me' }], finish_reason: 'stop' }]);
  });

  it('regression: chat.completions.parse() works and makes one generation tagged with the helper', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue('{"answer":42}');
    const parsed = await openai.chat.completions.parse({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'answer' }],
      response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object', properties: { answer: { type: 'number' } } } } },
    });
    expect(parsed.choices[0]?.message.parsed).toEqual({ answer: 42 });
    const spans = await h.exported(1);
    expect(spans).toHaveLength(1);
    const g = generationView(spans[0]!);
    expect(g.metadata('helper')).toBe('chat.completions.parse');
    expect(g.parameters).toMatchObject({ response_format: 'json' });
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: '{"answer":42}' }], finish_reason: 'stop' }]);
  });

  it('regression: models.list().data is an array and other methods are not traced', async () => {
    const openai = observeOpenAI(client());
    const page = await openai.models.list();
    expect(Array.isArray(page.data)).toBe(true);
    expect(page.data.map((m) => m.id)).toContain('gpt-4o');
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(page.data.map((m) => m.id));
    await h.processor.forceFlush();
    expect(h.rawSpans()).toHaveLength(0);
  });

  it('client.withOptions() returns a traced client of the same class', async () => {
    const openai = observeOpenAI(client());
    const derived = openai.withOptions({ timeout: 5_000 });
    expect(derived).toBeInstanceOf(OpenAI);
    expect(derived).not.toBe(openai);
    h.fake.enqueue('derived');
    await derived.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    const spans = await h.exported(1);
    expect(generationView(spans[0]!).output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'derived' }], finish_reason: 'stop' }]);
  });

  it('returns the same client object; observing twice does not trace twice', async () => {
    const original = client();
    const openai = observeOpenAI(original);
    expect(openai).toBe(original);
    expect(observeOpenAI(openai)).toBe(original);
    expect(Object.keys(openai.chat.completions)).toEqual(Object.keys(client().chat.completions));
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(await h.exported(1)).toHaveLength(1);
  });

  it('AzureOpenAI reports provider azure.ai.openai', async () => {
    const azure = observeOpenAI(
      new AzureOpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, apiVersion: '2024-10-21', maxRetries: 0 }),
    );
    // The fake answers every path under /v1; Azure deployment routing is not under test here.
    await azure.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    const [span] = await h.exported(1);
    expect(h.source(span!)['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(generationView(span!).metadata('provider')).toBe('azure.ai.openai');
  });
});

describe('content capture', () => {
  it('captureContent: false keeps prompts and completions out, usage and model in', async () => {
    const openai = observeOpenAI(client(), { captureContent: false });
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'secret prompt' }], tools: [weatherTool] });
    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(g.input).toBeUndefined();
    expect(g.output).toBeUndefined();
    expect(g.usage).toMatchObject({ input: 11, output: 7 });
    expect(JSON.stringify(span!.attributes)).not.toContain('secret prompt');
    expect(h.rawSpans()[0]!.attributes['gen_ai.tool.definitions']).toBeUndefined();
  });

  it('withTraceAttributes({ captureContent: false }) switches capture off for calls inside', async () => {
    const openai = observeOpenAI(client());
    await withTraceAttributes({ captureContent: false, userId: 'u-1' }, async () => {
      expect(getTraceAttributes()?.captureContent).toBe(false);
      await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'private' }] });
    });
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'public' }] });
    const spans = await h.exported(2);
    const inside = spans.find((s) => s.attributes['user.id'] === 'u-1')!;
    const outside = spans.find((s) => s !== inside)!;
    expect(JSON.stringify(inside.attributes)).not.toContain('private');
    expect(generationView(inside).input).toBeUndefined();
    expect(generationView(outside).input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'public' }] }]);
  });

  it('bounds large content with a visible marker', async () => {
    const openai = observeOpenAI(client(), { maxContentBytes: 2_000 });
    const big = 'x'.repeat(50_000);
    await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: big }] });
    const raw = h.rawSpans()[0]!.attributes['gen_ai.input.messages'] as string;
    expect(raw.length).toBeLessThan(3_000);
    expect(raw).toMatch(/cut|truncat|more/i);
    await h.exported(1);
  });
});
