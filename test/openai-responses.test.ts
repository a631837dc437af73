import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAI, Stream } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, type Harness } from './openai-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const client = () => new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });
const usage = { inputTokens: 200, outputTokens: 50, cachedInputTokens: 150, reasoningTokens: 20 };

describe('observeOpenAI: responses.create', () => {
  it('non-stream: instructions become system instructions; output, usage details and parameters are recorded', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'Bonjour', usage });
    const response = await openai.responses.create({
      model: 'gpt-4.1-mini',
      instructions: 'Answer in French.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
      temperature: 0.3,
      max_output_tokens: 100,
      tools: [{ type: 'function', name: 'noop', parameters: { type: 'object' }, strict: false }],
    });
    expect(response.output_text).toBe('Bonjour');
    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(span!.name).toBe('chat gpt-4.1-mini');
    expect(h.source(span!)['gen_ai.operation.name']).toBe('chat');
    // The core folds system instructions into the input as a leading system message.
    expect(g.input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Answer in French.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hello' }] },
    ]);
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Bonjour' }], finish_reason: 'stop' }]);
    expect(g.parameters).toEqual({ temperature: 0.3, max_tokens: 100 });
    expect(g.usage).toEqual({ input: 50, output: 30, total: 250, input_cached_tokens: 150, output_reasoning_tokens: 20 });
    expect(g.metadata('response_id')).toBe(response.id);
    const raw = h.rawSpans()[0]!;
    expect(JSON.parse(raw.attributes['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'Answer in French.' }]);
    expect(JSON.parse(raw.attributes['gen_ai.tool.definitions'] as string)).toEqual([{ type: 'function', name: 'noop', parameters: { type: 'object' } }]);
  });

  it('stream: usage details from response.completed, time to first chunk, the SDK’s Stream', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'streamed answer here', usage, chunkDelayMs: 2 });
    const stream = await openai.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', stream: true });
    expect(stream).toBeInstanceOf(Stream);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
    expect(h.fake.requests[0]!.body).not.toHaveProperty('stream_options');

    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(g.usage).toEqual({ input: 50, output: 30, total: 250, input_cached_tokens: 150, output_reasoning_tokens: 20 });
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'streamed answer here' }], finish_reason: 'stop' }]);
    expect(h.source(span!)['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('stream with a function call records the call; an interrupted stream keeps the text so far', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ toolCalls: [{ name: 'lookup', arguments: { id: 3 }, id: 'call_r' }] });
    for await (const _ of await openai.responses.create({ model: 'gpt-4o', input: 'call it', stream: true })) void _;
    h.fake.enqueue({ text: 'alpha beta gamma', chunks: ['alpha', ' beta', ' gamma'], chunkDelayMs: 10 });
    for await (const event of await openai.responses.create({ model: 'gpt-4o', input: 'stop early', stream: true })) {
      if (event.type === 'response.output_text.delta') break;
    }
    const spans = await h.exported(2);
    const [call, cut] = [...spans].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(generationView(call!).output).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_r', name: 'lookup', arguments: { id: 3 } }], finish_reason: 'tool_call' },
    ]);
    expect(generationView(cut!).statusMessage).toBe('aborted');
    expect(generationView(cut!).output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'alpha' }] }]);
  });

  it('responses.parse() and responses.stream() make one generation each, tagged with the helper', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue('{"ok":true}', 'helper stream');
    const parsed = await openai.responses.parse({
      model: 'gpt-4o',
      input: 'json please',
      text: { format: { type: 'json_schema', name: 'r', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
    });
    expect(parsed.output_parsed).toEqual({ ok: true });
    const runner = openai.responses.stream({ model: 'gpt-4o', input: 'stream please' });
    const final = await runner.finalResponse();
    expect(final.output_text).toBe('helper stream');

    const spans = await h.exported(2);
    expect(spans).toHaveLength(2);
    const helpers = spans.map((s) => generationView(s).metadata('helper')).sort();
    expect(helpers).toEqual(['responses.parse', 'responses.stream']);
    const parseSpan = spans.find((s) => generationView(s).metadata('helper') === 'responses.parse')!;
    expect(generationView(parseSpan).parameters).toMatchObject({ response_format: 'json' });
  });
});
