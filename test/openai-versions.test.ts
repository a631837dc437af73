import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BadRequestErrorV5, BadRequestErrorV6, OpenAIv5, OpenAIv6, StreamV5, StreamV6 } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, withoutCreated, type Harness } from './openai-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

/**
 * The same smaller run against each older major the peer range claims. The two majors'
 * types differ in detail but not in the surface used here, so the 5.x client is typed as
 * the 6.x one; at runtime each test talks to its own major.
 */
type Client = InstanceType<typeof OpenAIv6>;
const majors: Array<{ name: string; make: (options: { baseURL: string; apiKey: string; maxRetries: number }) => Client; Stream: unknown; BadRequestError: unknown }> = [
  { name: 'openai 6.x', make: (o) => new OpenAIv6(o), Stream: StreamV6, BadRequestError: BadRequestErrorV6 },
  { name: 'openai 5.x', make: (o) => new OpenAIv5(o) as unknown as Client, Stream: StreamV5, BadRequestError: BadRequestErrorV5 },
];

for (const { name, make, Stream, BadRequestError } of majors) {
  describe(name, () => {
    const client = () => make({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });
    const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hello' }] };

    it('non-stream chat with withResponse(): one generation with output and usage', async () => {
      const { data, response } = await observeOpenAI(client()).chat.completions.create(ask).withResponse();
      expect(data.choices[0]?.message.content).toBe('echo: hello');
      expect(response.status).toBe(200);
      const [span] = await h.exported(1);
      const g = generationView(span!);
      expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'echo: hello' }], finish_reason: 'stop' }]);
      expect(g.usage).toMatchObject({ input: 11, output: 7, total: 18 });
    });

    it('stream: the SDK’s Stream, usage added and hidden, same chunks as untraced; break → WARN aborted', async () => {
      h.fake.enqueue({ text: 'x y z', id: 'chatcmpl-same' }, { text: 'x y z', id: 'chatcmpl-same' });
      const plain: unknown[] = [];
      for await (const c of await client().chat.completions.create({ ...ask, stream: true })) plain.push(c);
      const stream = await observeOpenAI(client()).chat.completions.create({ ...ask, stream: true });
      expect(stream).toBeInstanceOf(Stream);
      const traced: unknown[] = [];
      for await (const c of stream) traced.push(c);
      expect(withoutCreated(traced)).toEqual(withoutCreated(plain));

      h.fake.enqueue({ text: 'p q r s', chunkDelayMs: 10 });
      for await (const _ of await observeOpenAI(client()).chat.completions.create({ ...ask, stream: true })) break;

      const spans = await h.exported(2);
      const [complete, aborted] = [...spans].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
      expect(generationView(complete!).usage).toMatchObject({ total: 18 });
      expect(generationView(complete!).output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'x y z' }], finish_reason: 'stop' }]);
      expect(generationView(aborted!).statusMessage).toBe('aborted');
    });

    it('chat.completions.parse() and the stream helper, tagged from the SDK’s helper header', async () => {
      h.fake.enqueue('{"a":1}', 'from helper');
      const parsed = await observeOpenAI(client()).chat.completions.parse({
        ...ask,
        response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object', properties: { a: { type: 'number' } } } } },
      });
      expect(parsed.choices[0]?.message.parsed).toEqual({ a: 1 });
      const final = await observeOpenAI(client()).chat.completions.stream(ask).finalChatCompletion();
      expect(final.choices[0]?.message.content).toBe('from helper');
      const spans = await h.exported(2);
      expect(spans.map((s) => generationView(s).metadata('helper')).sort()).toEqual(['chat.completions.parse', 'chat.completions.stream']);
    });

    it('a 400 reaches the caller as the SDK’s BadRequestError and exports an ERROR generation', async () => {
      h.fake.enqueue({ error: { status: 400, message: 'nope' } });
      const error = await observeOpenAI(client()).chat.completions.create(ask).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as object).constructor).toBe(BadRequestError);
      const [span] = await h.exported(1);
      expect(generationView(span!).level).toBe('ERROR');
      expect(generationView(span!).statusMessage).toBe('400 nope');
    });

    it('responses.create stream records usage details', async () => {
      h.fake.enqueue({ text: 'resp', usage: { inputTokens: 30, cachedInputTokens: 10, outputTokens: 5, reasoningTokens: 2 } });
      for await (const _ of await observeOpenAI(client()).responses.create({ model: 'gpt-4o', input: 'hi', stream: true })) void _;
      const [span] = await h.exported(1);
      expect(generationView(span!).usage).toEqual({ input: 20, output: 3, total: 35, input_cached_tokens: 10, output_reasoning_tokens: 2 });
    });
  });
}
