import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIRequest } from '@lamplight/testkit';

let fake: FakeOpenAI;
let client: OpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('scripted errors', () => {
  it('answers 400 in OpenAI\'s error shape, which the SDK throws as BadRequestError', async () => {
    fake.enqueue({ error: { status: 400, message: "Invalid value for 'temperature'.", param: 'temperature', code: 'invalid_value' } });
    const error = await caught(client.chat.completions.create(request));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(apiError.status).toBe(400);
    expect(apiError.message).toContain("Invalid value for 'temperature'.");
    expect(apiError.error).toEqual({ message: "Invalid value for 'temperature'.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' });
    expect(apiError.requestID).toMatch(/^req_fake_/);
  });

  it('answers 429 with Retry-After as a RateLimitError carrying the header', async () => {
    fake.enqueue({ error: { status: 429, message: 'Rate limit reached', retryAfter: 7 } });
    const error = await caught(client.chat.completions.create({ ...request, stream: true }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(apiError.headers.get('retry-after')).toBe('7');
    expect(apiError.code).toBe('rate_limit_exceeded');
    expect(apiError.type).toBe('requests');
    expect(fake.requests[0]?.status).toBe(429);
  });

  it('uses the status\'s default type for 5xx and lets the next request succeed', async () => {
    fake.enqueue({ error: { status: 503 } }, 'recovered');
    const error = await caught(client.responses.create({ model: 'gpt-4.1-mini', input: 'x' }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    expect((await client.responses.create({ model: 'gpt-4.1-mini', input: 'x' })).output_text).toBe('recovered');
  });

  it('is retried by an SDK with retries on, honouring Retry-After', async () => {
    const retrying = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 1 });
    fake.enqueue({ error: { status: 429, retryAfter: 0 } }, 'second try');
    const completion = await retrying.chat.completions.create(request);
    expect(completion.choices[0]?.message.content).toBe('second try');
    expect(fake.requests.map((entry) => entry.status)).toEqual([429, 200]);
  });
});

describe('dropped connections', () => {
  it('drops mid-stream: chunks before the drop arrive, then iteration throws', async () => {
    fake.enqueue({ text: 'one two three four', dropAfterChunks: 3 });
    const stream = await client.chat.completions.create({ ...request, stream: true });
    const contents: string[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(error).toBeInstanceOf(Error);
    // role chunk ('') + 'one' + ' two', then the socket dies.
    expect(contents).toEqual(['', 'one', ' two']);
    expect(fake.requests[0]).toMatchObject({ status: 200, dropped: true });
  });

  it('drops a Responses stream mid-way so the stream helper rejects', async () => {
    fake.enqueue({ text: 'a b c', dropAfterChunks: 5 });
    const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: 'x' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    await expect(stream.finalResponse()).rejects.toThrow();
    expect(deltas).toEqual(['a']);
  });

  it('drops before answering (dropAfterChunks 0) as a connection error', async () => {
    fake.enqueue({ dropAfterChunks: 0 });
    const error = await caught(client.chat.completions.create(request));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(fake.requests[0]).toMatchObject({ dropped: true });
    expect(fake.requests[0]?.status).toBeUndefined();
  });
});

describe('scripting', () => {
  it('uses enqueued replies first, then the respond option, then the echo default', async () => {
    const seen: FakeOpenAIRequest[] = [];
    const scripted = await startFakeOpenAI({
      respond: (incoming) => {
        seen.push(incoming);
        return incoming.endpoint === 'responses' ? { text: `responder saw ${String(incoming.model)}` } : undefined;
      },
    });
    try {
      const local = new OpenAI({ baseURL: scripted.baseURL, apiKey: 'any-key', maxRetries: 0 });
      scripted.enqueue('queued');
      expect((await local.responses.create({ model: 'm1', input: 'x' })).output_text).toBe('queued');
      expect((await local.responses.create({ model: 'm2', input: 'x' })).output_text).toBe('responder saw m2');
      expect((await local.chat.completions.create({ ...request })).choices[0]?.message.content).toBe('echo: hi');
      expect(seen.map((entry) => entry.endpoint)).toEqual(['responses', 'chat.completions']);
      scripted.respondWith(() => 'replaced');
      expect((await local.chat.completions.create(request)).choices[0]?.message.content).toBe('replaced');
      scripted.reset();
      expect(scripted.requests).toEqual([]);
      expect((await local.responses.create({ model: 'm3', input: 'x' })).output_text).toBe('responder saw m3');
    } finally {
      await scripted.close();
    }
  });

  it('answers a throwing responder with a 500 that names the problem', async () => {
    fake.respondWith(() => {
      throw new Error('boom in test script');
    });
    const error = await caught(client.chat.completions.create(request));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain('boom in test script');
  });

  it('rejects invalid replies at enqueue, naming the option, and queues none of the batch', () => {
    expect(() => fake.enqueue('fine', { usage: { inputTokens: -1 } })).toThrow(/usage\.inputTokens/);
    expect(() => fake.enqueue({ text: 'ab', chunks: ['a', 'c'] })).toThrow(/chunks must join to text/);
    expect(() => fake.enqueue({ error: { status: 200 } })).toThrow(/error\.status/);
    expect(() => fake.enqueue({ toolCalls: [{ name: '' }] })).toThrow(/toolCalls\[0\]\.name/);
    expect(fake.pendingReplies).toBe(0);
  });

  it('delays the answer by delayMs', async () => {
    fake.enqueue({ text: 'late', delayMs: 150 });
    const started = Date.now();
    await client.chat.completions.create(request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('waitForRequests resolves once requests arrive, and close() ends streams in flight and is idempotent', async () => {
    fake.enqueue({ text: 'a b c d e f', chunkDelayMs: 10_000 });
    const stream = await client.chat.completions.create({ ...request, stream: true });
    const requests = await fake.waitForRequests(1);
    expect(requests[0]?.stream).toBe(true);
    const iteration = caught(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    );
    const closed = fake.close();
    expect(fake.close()).toBe(closed);
    await closed;
    expect(await iteration).toBeInstanceOf(Error);
    await expect(fake.waitForRequests(5, { timeoutMs: 50 })).rejects.toThrow(/closed/);
  });
});
