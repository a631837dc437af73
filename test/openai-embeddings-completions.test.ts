import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAI } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, type Harness } from './openai-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const client = () => new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });

describe('observeOpenAI: embeddings.create', () => {
  it('returns the same vectors as an untraced client (base64 on the wire) and records an embeddings generation', async () => {
    const vectors = [
      [0.5, -0.25, 1],
      [0.125, 0, -1],
    ];
    h.fake.enqueue({ embeddings: vectors, usage: { inputTokens: 9 } }, { embeddings: vectors, usage: { inputTokens: 9 } });
    const body = { model: 'text-embedding-3-small', input: ['first text', 'second text'], dimensions: 3 };
    const plain = await client().embeddings.create(body);
    const traced = await observeOpenAI(client()).embeddings.create(body);
    expect(traced.data.map((d) => d.embedding)).toEqual(vectors);
    expect(traced).toEqual(plain);
    expect((h.fake.requests[1]!.body as { encoding_format?: string }).encoding_format).toBe('base64');

    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(span!.name).toBe('embeddings text-embedding-3-small');
    expect(g.type).toBe('embedding');
    expect(h.source(span!)['gen_ai.operation.name']).toBe('embeddings');
    expect(h.source(span!)['gen_ai.embeddings.dimension.count']).toBe(3);
    expect(g.usage).toMatchObject({ input: 9 });
    expect(g.input).toEqual(['first text', 'second text']);
    expect(g.output).toBeUndefined();
  });

  it('a caller asking for base64 gets base64 back', async () => {
    const traced = await observeOpenAI(client()).embeddings.create({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'base64' });
    expect(typeof traced.data[0]?.embedding).toBe('string');
    const [span] = await h.exported(1);
    expect(h.source(span!)['gen_ai.request.encoding_formats']).toEqual(['base64']);
  });
});

describe('observeOpenAI: legacy completions.create', () => {
  it('non-stream: a text_completion generation with prompt, text and usage', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue('legacy text');
    const completion = await openai.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say it', max_tokens: 20 });
    expect(completion.choices[0]?.text).toBe('legacy text');
    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(span!.name).toBe('text_completion gpt-3.5-turbo-instruct');
    expect(g.type).toBe('generation');
    expect(g.input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Say it' }] }]);
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'legacy text' }], finish_reason: 'stop' }]);
    expect(g.parameters).toEqual({ max_tokens: 20 });
    expect(g.usage).toMatchObject({ input: 11, output: 7 });
  });

  it('stream: usage added and hidden, text accumulated', async () => {
    h.fake.enqueue('streamed legacy words', 'streamed legacy words');
    const body = { model: 'gpt-3.5-turbo-instruct', prompt: 'go', stream: true as const };
    const plain: unknown[] = [];
    for await (const c of await client().completions.create(body)) plain.push(c);
    const traced: unknown[] = [];
    for await (const c of await observeOpenAI(client()).completions.create(body)) traced.push(c);
    expect(traced).toHaveLength(plain.length);
    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'streamed legacy words' }], finish_reason: 'stop' }]);
    expect(g.usage).toMatchObject({ total: 18 });
  });
});
