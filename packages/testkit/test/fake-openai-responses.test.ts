import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '@lamplight/testkit';

let fake: FakeOpenAI;
let client: OpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

const usage = { inputTokens: 200, outputTokens: 60, cachedInputTokens: 128, reasoningTokens: 20 };
const expectedUsage = {
  input_tokens: 200,
  input_tokens_details: { cached_tokens: 128 },
  output_tokens: 60,
  output_tokens_details: { reasoning_tokens: 20 },
  total_tokens: 260,
};

describe('responses, non-stream', () => {
  it('answers a completed response with output_text and usage details', async () => {
    fake.enqueue({ text: 'Bonjour!', usage, model: 'gpt-4.1-mini-2025-04-14' });
    const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Say hello in French', instructions: 'Be brief.' });
    expect(response.status).toBe('completed');
    expect(response.model).toBe('gpt-4.1-mini-2025-04-14');
    expect(response.output_text).toBe('Bonjour!');
    expect(response.instructions).toBe('Be brief.');
    expect(response.usage).toEqual(expectedUsage);
    expect(response.output).toEqual([
      { id: 'msg_fake_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Bonjour!', annotations: [], logprobs: [] }] },
    ]);
    expect(fake.requests[0]).toMatchObject({ path: '/v1/responses', endpoint: 'responses', stream: false });
  });

  it('echoes the last user input item by default', async () => {
    const response = await client.responses.create({
      model: 'gpt-4.1-mini',
      input: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'input_text', text: 'second' }] },
      ],
    });
    expect(response.output_text).toBe('echo: second');
  });

  it('answers function calls as function_call output items', async () => {
    fake.enqueue({ toolCalls: [{ name: 'lookup', arguments: { q: 'x' }, id: 'call_1' }] });
    const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'find x' });
    expect(response.output).toEqual([
      { id: 'fc_fake_1_0', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' },
    ]);
    expect(response.output_text).toBe('');
  });

  it('maps finishReason length to an incomplete response', async () => {
    fake.enqueue({ text: 'cut sho', finishReason: 'length' });
    const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'long story', max_output_tokens: 16 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.max_output_tokens).toBe(16);
  });
});

describe('responses, streaming', () => {
  it('sends OpenAI\'s event sequence with sequence numbers and usage on response.completed', async () => {
    fake.enqueue({ text: 'Hello there', chunks: ['Hel', 'lo', ' there'], usage });
    const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi', stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas).toEqual(['Hel', 'lo', ' there']);
    const completed = events[events.length - 1];
    expect(completed?.type === 'response.completed' && completed.response.usage).toEqual(expectedUsage);
    expect(completed?.type === 'response.completed' && completed.response.status).toBe('completed');
    const created = events[0];
    expect(created?.type === 'response.created' && created.response).toMatchObject({ status: 'in_progress', output: [], usage: null });
  });

  it('streams function calls with argument deltas that the ResponseStream helper accumulates', async () => {
    fake.enqueue({
      text: 'Checking both.',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Oslo' }, argumentChunks: 3 },
        { name: 'get_time', arguments: { tz: 'CET' }, argumentChunks: 2 },
      ],
      usage,
    });
    const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: 'weather and time' });
    const argumentDeltas: string[] = [];
    const argumentsDone: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    stream.on('response.function_call_arguments.done', (event) => argumentsDone.push(event.arguments));
    const final = await stream.finalResponse();
    expect(argumentDeltas).toEqual(['{"cit', 'y":"O', 'slo"}', '{"tz":', '"CET"}']);
    expect(argumentsDone).toEqual(['{"city":"Oslo"}', '{"tz":"CET"}']);
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Checking both.');
    expect(final.output.map((item) => (item.type === 'function_call' ? [item.call_id, item.name, item.arguments] : item.type))).toEqual([
      'message',
      ['call_fake_1_0', 'get_weather', '{"city":"Oslo"}'],
      ['call_fake_1_1', 'get_time', '{"tz":"CET"}'],
    ]);
    expect(final.usage).toEqual(expectedUsage);
  });

  it('ends an incomplete stream with response.incomplete', async () => {
    fake.enqueue({ text: 'partial', finishReason: 'length' });
    const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi', stream: true });
    const types: string[] = [];
    let last: ResponseStreamEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      last = event;
    }
    expect(types[types.length - 1]).toBe('response.incomplete');
    expect(last?.type === 'response.incomplete' && last.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });
});
