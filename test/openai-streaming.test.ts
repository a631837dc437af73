import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIPromise, OpenAI, Stream } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, withoutCreated, type Harness } from './openai-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const client = () => new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });
const ask = (content: string) => ({ model: 'gpt-4o', messages: [{ role: 'user' as const, content }], stream: true as const });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('observeOpenAI: streamed chat completions', () => {
  it('returns the SDK’s own Stream; records output, finish reason and time to first chunk', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'one two three', chunkDelayMs: 5 });
    const promise = openai.chat.completions.create(ask('count'));
    expect(promise).toBeInstanceOf(APIPromise);
    const stream = await promise;
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three');

    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(span!.name).toBe('chat gpt-4o');
    expect(g.level).toBe('DEFAULT');
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'one two three' }], finish_reason: 'stop' }]);
    const ttft = h.source(span!)['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttft).toBeGreaterThan(0);
    expect(ttft).toBeLessThan(5);
    expect(typeof g.completionStartTime).toBe('string');
  });

  it('regression: usage is reported for a stream without include_usage, and the caller sees exactly the untraced chunks', async () => {
    h.fake.enqueue({ text: 'a b c', id: 'chatcmpl-same' }, { text: 'a b c', id: 'chatcmpl-same' });
    const plain = await collect(await client().chat.completions.create(ask('x')));
    const traced = await collect(await observeOpenAI(client()).chat.completions.create(ask('x')));
    expect(traced).toHaveLength(plain.length);
    // Same chunks, field for field: no usage-only chunk, no `usage: null` on the others.
    expect(withoutCreated(traced)).toEqual(withoutCreated(plain));
    expect(traced.every((c) => !('usage' in c))).toBe(true);
    const sent = h.fake.requests.map((r) => (r.body as { stream_options?: unknown }).stream_options);
    expect(sent).toEqual([undefined, { include_usage: true }]);

    const [span] = await h.exported(1);
    expect(generationView(span!).usage).toEqual({ input: 11, output: 7, total: 18, input_cached_tokens: 0, output_reasoning_tokens: 0 });
  });

  it('a caller that asked for include_usage still gets its usage chunk', async () => {
    const openai = observeOpenAI(client());
    const chunks = await collect(await openai.chat.completions.create({ ...ask('x'), stream_options: { include_usage: true } }));
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(18);
    expect(chunks.at(-1)?.choices).toEqual([]);
    const [span] = await h.exported(1);
    expect(generationView(span!).usage).toMatchObject({ total: 18 });
  });

  it('a sampled-out call is left alone: no include_usage, no content work, nothing exported', async () => {
    const tracerProvider = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
    const openai = observeOpenAI(client(), { tracerProvider });
    const chunks = await collect(await openai.chat.completions.create(ask('x')));
    expect(chunks.length).toBeGreaterThan(0);
    expect((h.fake.requests[0]!.body as Record<string, unknown>).stream_options).toBeUndefined();
    await h.processor.forceFlush();
    expect(h.receiver.spans()).toHaveLength(0);
  });

  it('includeStreamUsage: false leaves the request alone', async () => {
    const openai = observeOpenAI(client(), { includeStreamUsage: false });
    await collect(await openai.chat.completions.create(ask('x')));
    expect((h.fake.requests[0]!.body as Record<string, unknown>).stream_options).toBeUndefined();
    const [span] = await h.exported(1);
    expect(generationView(span!).usage).toBeUndefined();
  });

  it('regression: two parallel streamed tool calls stay two, each with its own arguments', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_a', argumentChunks: 3 },
        { name: 'get_time', arguments: { zone: 'CET' }, id: 'call_b', argumentChunks: 4 },
      ],
    });
    const chunks = await collect(await openai.chat.completions.create({ ...ask('both'), parallel_tool_calls: true }));
    expect(chunks.some((c) => (c.choices[0]?.delta.tool_calls?.length ?? 0) > 0)).toBe(true);
    const [span] = await h.exported(1);
    expect(generationView(span!).output).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
          { type: 'tool_call', id: 'call_b', name: 'get_time', arguments: { zone: 'CET' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(h.source(span!)['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
  });

  it('regression: breaking out after one chunk still exports the generation as WARN aborted with the output so far', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'first second third fourth', chunks: ['first', ' second', ' third', ' fourth'], chunkDelayMs: 20 });
    const stream = await openai.chat.completions.create(ask('x'));
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        seen++;
        break;
      }
    }
    expect(seen).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
    const spans = await h.exported(1);
    expect(spans).toHaveLength(1);
    const g = generationView(spans[0]!);
    expect(g.level).toBe('WARNING');
    expect(g.statusMessage).toBe('aborted');
    expect(spans[0]!.status.code).toBe('unset');
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'first' }] }]);
  });

  it('an abort signal mid-stream ends the generation once, as WARN aborted', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'a b c d e f', chunkDelayMs: 30 });
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(ask('x'), { signal: controller.signal });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) {
          received.push(chunk.choices[0]?.delta.content ?? '');
          if (received.length === 2) controller.abort();
        }
      })(),
    ).resolves.toBeUndefined();
    const spans = await h.exported(1);
    expect(spans).toHaveLength(1);
    expect(generationView(spans[0]!).statusMessage).toBe('aborted');
    expect(generationView(spans[0]!).level).toBe('WARNING');
  });

  it('stream.controller.abort() while nobody iterates ends the generation as aborted', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'never read', chunkDelayMs: 50 });
    const stream = await openai.chat.completions.create(ask('x'));
    stream.controller.abort();
    const [span] = await h.exported(1);
    expect(generationView(span!).statusMessage).toBe('aborted');
  });

  it('a stream that is never iterated ends as not consumed after the timeout', async () => {
    const openai = observeOpenAI(client(), { unconsumedTimeoutMs: 50 });
    const stream = await openai.chat.completions.create(ask('x'));
    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(g.level).toBe('WARNING');
    expect(g.statusMessage).toBe('not consumed');
    // Still the caller's stream: iterating later works, and the span stays ended once.
    const chunks = await collect(stream);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    expect((await h.exported(1)).length).toBe(1);
  });

  it('a connection dropped mid-stream ends the generation as ERROR with the SDK’s error', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ text: 'a b c d', dropAfterChunks: 2 });
    const stream = await openai.chat.completions.create(ask('x'));
    const error = await collect(stream).then(
      () => undefined,
      (e: unknown) => e,
    );
    const [span] = await h.exported(1);
    // undici reports the cut connection as `TypeError: terminated`; the caller gets that very error.
    expect(error).toBeInstanceOf(TypeError);
    expect(span!.status.code).toBe('error');
    expect(generationView(span!).level).toBe('ERROR');
    expect(h.source(span!)['error.type']).toBe('TypeError');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
    // What arrived before the cut is kept.
    expect(JSON.stringify(generationView(span!).output)).toContain('a');
  });

  it('tee() and toReadableStream() go through the same accounting', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue('left right', 'readable stream');
    const [left, right] = (await openai.chat.completions.create(ask('tee'))).tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toHaveLength(b.length);
    expect(a.every((c) => !('usage' in c) || c.usage !== null)).toBe(true);

    const readable = (await openai.chat.completions.create(ask('readable'))).toReadableStream();
    const text = await new Response(readable as unknown as ReadableStream).text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { choices: unknown[] });
    expect(lines.every((l) => l.choices.length > 0)).toBe(true);

    const spans = await h.exported(2);
    const outputs = spans.map((s) => JSON.stringify(generationView(s).output));
    expect(outputs.some((o) => o.includes('left right'))).toBe(true);
    expect(outputs.some((o) => o.includes('readable stream'))).toBe(true);
    for (const s of spans) expect(generationView(s).usage).toMatchObject({ total: 18 });
  });

  it('chat.completions.stream() makes one generation per request, tagged with the helper', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue('streamed by helper');
    const runner = openai.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('streamed by helper');
    const spans = await h.exported(1);
    expect(spans).toHaveLength(1);
    const g = generationView(spans[0]!);
    expect(g.metadata('helper')).toBe('chat.completions.stream');
    expect(g.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'streamed by helper' }], finish_reason: 'stop' }]);
  });

  it('chat.completions.runTools() makes one generation per underlying request', async () => {
    const openai = observeOpenAI(client());
    h.fake.enqueue({ toolCalls: [{ name: 'lookup', arguments: { q: 'a' } }] }, 'done after tool');
    const runner = openai.chat.completions.runTools({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'use the tool' }],
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'Looks up q', parameters: { type: 'object', properties: { q: { type: 'string' } } }, function: (args: { q: string }) => `found ${args.q}`, parse: JSON.parse },
        },
      ],
    });
    expect(await runner.finalContent()).toBe('done after tool');
    const spans = await h.exported(2);
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(generationView(span).metadata('helper')).toBe('chat.completions.runTools');
    const second = spans.find((s) => JSON.stringify(generationView(s).output).includes('done after tool'))!;
    expect(JSON.stringify(generationView(second).input)).toContain('tool_call_response');
  });
});
