import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_OPENAI_DEFAULT_USAGE, startFakeOpenAI, type FakeOpenAI } from '@lamplight/testkit';

let fake: FakeOpenAI;
let client: OpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

const messages = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'What is the capital of France?' },
];

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('chat completions, non-stream', () => {
  it('answers the scripted text, model, finish reason and usage with details', async () => {
    fake.enqueue({ text: 'Paris.', model: 'gpt-4o-2024-08-06', usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 12 } });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Paris.' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it('echoes the last user message with the default usage when nothing is scripted', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]?.message.content).toBe('echo: What is the capital of France?');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.usage?.prompt_tokens).toBe(FAKE_OPENAI_DEFAULT_USAGE.inputTokens);
    expect(completion.usage?.completion_tokens).toBe(FAKE_OPENAI_DEFAULT_USAGE.outputTokens);
    expect(completion.usage?.total_tokens).toBe(FAKE_OPENAI_DEFAULT_USAGE.inputTokens + FAKE_OPENAI_DEFAULT_USAGE.outputTokens);
  });

  it('reads text parts of array content for the echo', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'part one, ' }, { type: 'text', text: 'part two' }] }],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: part one, part two');
  });

  it('records the request with the body parsed and the key redacted', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      index: 0,
      method: 'POST',
      path: '/v1/chat/completions',
      endpoint: 'chat.completions',
      stream: false,
      model: 'gpt-4o-mini',
      status: 200,
      dropped: false,
      hasAuthorization: true,
    });
    expect(request?.body).toEqual({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
    expect(request?.headers.authorization).toBe('Bearer ***');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.stringify(fake.requests)).not.toContain(fake.apiKey);
  });

  it('answers tool calls with null content and finish reason tool_calls', async () => {
    fake.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_abc' }] });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const message = completion.choices[0]?.message;
    expect(message?.content).toBeNull();
    expect(message?.tool_calls).toEqual([{ id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

describe('chat completions, streaming', () => {
  it('streams role, N content pieces and a finish chunk, and no usage chunk without include_usage', async () => {
    fake.enqueue({ text: 'The capital is Paris.', chunks: 4 });
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    // role chunk + 4 content chunks + finish chunk
    expect(chunks).toHaveLength(6);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const pieces = chunks.slice(1, 5).map((chunk) => chunk.choices[0]?.delta.content);
    expect(pieces).toEqual(['The ca', 'pital', ' is P', 'aris.']);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, null, null, null, null, 'stop']);
    expect(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]?.id)).toBe(true);
    expect(fake.requests[0]?.stream).toBe(true);
  });

  it('adds a final usage-only chunk with choices [] when include_usage is true', async () => {
    fake.enqueue({ text: 'Paris', chunks: ['Pa', 'ris'], usage: { inputTokens: 50, outputTokens: 9, cachedInputTokens: 32, reasoningTokens: 4 } });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } }),
    );
    // role + 2 content + finish + usage
    expect(chunks).toHaveLength(5);
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({
      prompt_tokens: 50,
      completion_tokens: 9,
      total_tokens: 59,
      prompt_tokens_details: { cached_tokens: 32 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    // Like OpenAI, earlier chunks carry `usage: null`, never numbers.
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks[3]?.choices[0]?.finish_reason).toBe('stop');
  });

  it('splits text into words by default, each with its leading space', async () => {
    fake.enqueue('one two three');
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    expect(chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual(['one', ' two', ' three']);
  });

  it('streams two parallel tool calls that the SDK stream helper reassembles', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' }, argumentChunks: 3 },
        { name: 'get_time', arguments: '{"timezone":"Europe/Paris"}', argumentChunks: ['{"timezone":', '"Europe/', 'Paris"}'] },
      ],
      usage: { inputTokens: 80, outputTokens: 40 },
    });
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages,
      stream_options: { include_usage: true },
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { timezone: { type: 'string' } } } } },
      ],
    });
    const doneCalls: string[] = [];
    stream.on('tool_calls.function.arguments.done', (event) => doneCalls.push(`${event.name}:${event.arguments}`));
    const final = await stream.finalChatCompletion();
    const choice = final.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, call.function.arguments])).toEqual([
      ['call_fake_1_0', 'get_weather', '{"city":"Paris","unit":"celsius"}'],
      ['call_fake_1_1', 'get_time', '{"timezone":"Europe/Paris"}'],
    ]);
    expect(doneCalls).toEqual(['get_weather:{"city":"Paris","unit":"celsius"}', 'get_time:{"timezone":"Europe/Paris"}']);
    expect(final.usage?.total_tokens).toBe(120);
  });

  it('streams tool-call deltas in OpenAI form: id and name first, then argument fragments by index', async () => {
    fake.enqueue({ toolCalls: [{ name: 'a', arguments: '{"x":1}', argumentChunks: 2 }, { name: 'b', arguments: '{}', argumentChunks: 1 }] });
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    // role + (1 header + 2 fragments) + (1 header + 1 fragment) + finish
    expect(chunks).toHaveLength(7);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: null });
    const deltas = chunks.slice(1, 6).map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]);
    expect(deltas).toEqual([
      { index: 0, id: 'call_fake_1_0', type: 'function', function: { name: 'a', arguments: '' } },
      { index: 0, function: { arguments: '{"x"' } },
      { index: 0, function: { arguments: ':1}' } },
      { index: 1, id: 'call_fake_1_1', type: 'function', function: { name: 'b', arguments: '' } },
      { index: 1, function: { arguments: '{}' } },
    ]);
    const byIndex = new Map<number, string>();
    for (const delta of deltas) if (delta) byIndex.set(delta.index, (byIndex.get(delta.index) ?? '') + (delta.function?.arguments ?? ''));
    expect([...byIndex.values()]).toEqual(['{"x":1}', '{}']);
    expect(chunks[6]?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('spaces chunks by chunkDelayMs and still delivers them all', async () => {
    fake.enqueue({ text: 'a b c', chunkDelayMs: 40 });
    const started = Date.now();
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
    // 5 events after the first, 40 ms apart (role, 3 pieces, finish, [DONE] → 5 gaps).
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(chunks).toHaveLength(5);
  });
});
