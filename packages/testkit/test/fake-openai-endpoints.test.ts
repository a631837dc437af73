import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FAKE_MODELS, defaultEmbedding, encodeFloat32Base64, startFakeOpenAI, type FakeOpenAI } from '@lamplight/testkit';

let fake: FakeOpenAI;
let client: OpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

describe('embeddings', () => {
  it('answers base64 by default, which the SDK decodes to the scripted float32 values', async () => {
    // Values exactly representable in float32, so the decoded numbers compare equal.
    fake.enqueue({ embeddings: [[0.5, -0.25, 0.125], [1, 2, -3]], usage: { inputTokens: 6 } });
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello', 'world'] });
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(result.data.map((entry) => entry.embedding)).toEqual([[0.5, -0.25, 0.125], [1, 2, -3]]);
    expect(result.data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(result.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    expect(result.model).toBe('text-embedding-3-small');
  });

  it('rounds base64 values to float32 like OpenAI does', async () => {
    fake.enqueue({ embeddings: [[0.1]] });
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    expect(result.data[0]?.embedding[0]).toBe(Math.fround(0.1));
    expect(result.data[0]?.embedding[0]).not.toBe(0.1);
  });

  it('answers plain floats for encoding_format float, with deterministic default vectors', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float', dimensions: 4 });
    expect(result.data.map((entry) => entry.embedding)).toEqual([defaultEmbedding('a', 4), defaultEmbedding('b', 4)]);
    expect(result.data[0]?.embedding).not.toEqual(result.data[1]?.embedding);
    const raw = (await fetch(`${fake.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'a', encoding_format: 'base64' }),
    }).then((response) => response.json())) as { data: Array<{ embedding: string }> };
    expect(raw.data[0]?.embedding).toBe(encodeFloat32Base64(defaultEmbedding('a')));
  });
});

describe('legacy completions', () => {
  it('answers non-stream with text, finish reason and usage', async () => {
    fake.enqueue({ text: ' world', usage: { inputTokens: 3, outputTokens: 2 } });
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hello' });
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0]).toMatchObject({ text: ' world', index: 0, finish_reason: 'stop' });
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('streams pieces, an empty finish chunk, and usage only when include_usage is set', async () => {
    fake.enqueue({ text: 'abc', chunks: 3 }, { text: 'abc', chunks: 3 });
    const texts: string[] = [];
    const finishes: Array<string | null | undefined> = [];
    for await (const chunk of await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'p', stream: true })) {
      texts.push(chunk.choices[0]?.text ?? '<none>');
      finishes.push(chunk.choices[0]?.finish_reason);
      expect(chunk.usage ?? null).toBeNull();
    }
    expect(texts).toEqual(['a', 'b', 'c', '']);
    expect(finishes).toEqual([null, null, null, 'stop']);

    const withUsage = [];
    for await (const chunk of await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'p', stream: true, stream_options: { include_usage: true } })) {
      withUsage.push(chunk);
    }
    expect(withUsage).toHaveLength(5);
    expect(withUsage[4]?.choices).toEqual([]);
    expect(withUsage[4]?.usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
  });

  it('echoes the prompt by default', async () => {
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'ping' });
    expect(completion.choices[0]?.text).toBe('echo: ping');
  });
});

describe('models and routing', () => {
  it('lists the default models and retrieves one', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual([...DEFAULT_FAKE_MODELS]);
    expect(await client.models.retrieve('gpt-4o')).toMatchObject({ id: 'gpt-4o', object: 'model' });
    await expect(client.models.retrieve('nope')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('lists the models given in the options', async () => {
    const custom = await startFakeOpenAI({ models: ['my-model'] });
    try {
      const page = await new OpenAI({ baseURL: custom.baseURL, apiKey: 'k', maxRetries: 0 }).models.list();
      expect(page.data.map((model) => model.id)).toEqual(['my-model']);
    } finally {
      await custom.close();
    }
  });

  it('answers unknown routes (and a baseURL missing /v1) with an OpenAI-style 404', async () => {
    const response = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'Invalid URL (POST /chat/completions)', type: 'invalid_request_error', param: null, code: null },
    });
    const noV1 = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });
    await expect(noV1.chat.completions.create({ model: 'gpt-4o-mini', messages: [] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(fake.requests.map((request) => request.endpoint)).toEqual(['unknown', 'unknown']);
  });

  it('rejects a request without a model or messages like OpenAI, without consuming a scripted reply', async () => {
    fake.enqueue('kept for the good request');
    const post = (body: unknown) =>
      fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const noModel = await post({ messages: [] });
    expect(noModel.status).toBe(400);
    expect(((await noModel.json()) as { error: { message: string } }).error.message).toBe('you must provide a model parameter');
    const noMessages = await post({ model: 'gpt-4o-mini' });
    expect(await noMessages.json()).toEqual({
      error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' },
    });
    const badJson = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', body: '{not json' });
    expect(badJson.status).toBe(400);
    expect(fake.pendingReplies).toBe(1);
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]?.message.content).toBe('kept for the good request');
    expect(fake.requests.map((request) => request.status)).toEqual([400, 400, 400, 200]);
  });

  it('sends an x-request-id the SDK exposes', async () => {
    const { request_id } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    expect(request_id).toMatch(/^req_fake_\d+$/);
  });
});
