import { diag, DiagLogLevel, type DiagLogger, type TracerProvider } from '@opentelemetry/api';
import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIError, BadRequestError, OpenAI } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, type Harness } from './openai-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  diag.disable();
  await h.close();
});

const client = () => new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });
const ask = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'x' }] };

describe('errors', () => {
  it('regression: a 400 exports an ERROR generation and the caller gets the SDK’s own BadRequestError', async () => {
    const generate = vi.spyOn(APIError, 'generate');
    h.fake.enqueue({ error: { status: 400, message: 'Invalid value for temperature', param: 'temperature' } });
    h.fake.enqueue({ error: { status: 400, message: 'Invalid value for temperature', param: 'temperature' } });
    const untraced = await client().chat.completions.create(ask).catch((e: unknown) => e);
    const traced = await observeOpenAI(client()).chat.completions.create(ask).catch((e: unknown) => e);

    // Same identity as the object the SDK created, same class and message as untraced.
    expect(traced).toBe(generate.mock.results[1]?.value);
    expect(traced).toBeInstanceOf(BadRequestError);
    expect((traced as object).constructor).toBe(BadRequestError);
    expect((traced as Error).message).toBe((untraced as Error).message);
    expect(Object.getPrototypeOf(traced)).toBe(Object.getPrototypeOf(untraced));
    expect((traced as BadRequestError).status).toBe(400);
    expect((traced as BadRequestError).param).toBe('temperature');

    const [span] = await h.exported(1);
    const g = generationView(span!);
    expect(g.level).toBe('ERROR');
    expect(g.statusMessage).toBe('400 Invalid value for temperature');
    expect(span!.status).toEqual({ code: 'error', message: '400 Invalid value for temperature' });
    expect(h.source(span!)['error.type']).toBe('BadRequestError');
    expect(h.source(span!)['http.response.status_code']).toBe(400);
    expect(g.metadata('http_status')).toBe('400');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('a streamed call that fails before streaming is an ERROR generation with the SDK’s error', async () => {
    h.fake.enqueue({ error: { status: 429, message: 'Slow down' } });
    const error = await observeOpenAI(client())
      .chat.completions.create({ ...ask, stream: true })
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(429);
    expect((error as object).constructor.name).toBe('RateLimitError');
    const [span] = await h.exported(1);
    expect(generationView(span!).statusMessage).toBe('429 Slow down');
    expect(h.source(span!)['error.type']).toBe('RateLimitError');
  });

  it('a 400 through withResponse() and through a helper also reaches the caller unchanged', async () => {
    h.fake.enqueue({ error: { status: 400, message: 'bad one' } }, { error: { status: 400, message: 'bad two' } });
    const openai = observeOpenAI(client());
    const a = await openai.chat.completions.create(ask).withResponse().catch((e: unknown) => e);
    const b = await openai.chat.completions
      .parse({ ...ask, response_format: { type: 'json_object' } })
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(BadRequestError);
    expect(b).toBeInstanceOf(BadRequestError);
    const spans = await h.exported(2);
    expect(spans.map((s) => generationView(s).statusMessage).sort()).toEqual(['400 bad one', '400 bad two']);
  });

  it('a user abort before the response is WARN aborted, not ERROR; the caller gets the SDK’s abort error', async () => {
    h.fake.enqueue({ text: 'late', delayMs: 300 });
    const controller = new AbortController();
    const pending = observeOpenAI(client()).chat.completions.create(ask, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    expect((error as object).constructor.name).toBe('APIUserAbortError');
    const [span] = await h.exported(1);
    expect(generationView(span!).level).toBe('WARNING');
    expect(generationView(span!).statusMessage).toBe('aborted');
  });

  it('an unconsumed failing call stays exactly as unhandled as without tracing', async () => {
    h.fake.enqueue({ error: { status: 400, message: 'nobody listens' } });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const openai = observeOpenAI(client(), { unconsumedTimeoutMs: 100 });
      // A helper consumes only the promise it derives; the call's own promise is never awaited.
      await openai.chat.completions.parse({ ...ask, response_format: { type: 'json_object' } }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    await h.exported(1);
  });
});

describe('internal failures never reach the caller', () => {
  it('a tracer that throws: the call runs untouched and the failure is logged once through diag', async () => {
    const warnings: string[] = [];
    const logger: DiagLogger = {
      // A component logger passes its namespace first, then the message.
      error: (...args: unknown[]) => void warnings.push(args.map(String).join(' ')),
      warn: (...args: unknown[]) => void warnings.push(args.map(String).join(' ')),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    };
    diag.setLogger(logger, DiagLogLevel.WARN);
    const broken: TracerProvider = {
      getTracer: () => {
        throw new Error('tracer exploded');
      },
    };
    const openai = observeOpenAI(client(), { tracerProvider: broken });
    h.fake.enqueue('first', 'second');
    const a = await openai.chat.completions.create(ask);
    const b = await openai.chat.completions.create(ask);
    expect([a.choices[0]?.message.content, b.choices[0]?.message.content]).toEqual(['first', 'second']);
    expect(h.fake.requests.map((r) => (r.body as Record<string, unknown>).stream_options)).toEqual([undefined, undefined]);
    expect(warnings.filter((w) => w.includes('internal error'))).toHaveLength(1);
    expect(warnings[0]).toContain('@lamplight/openai');
  });

  it('iterating a stream twice gets the SDK’s own error; the generation is recorded once', async () => {
    const openai = observeOpenAI(client());
    const stream = await openai.chat.completions.create({ ...ask, stream: true });
    const chunks: unknown[] = [];
    for await (const c of stream) chunks.push(c);
    const second = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    expect((second as Error).message).toMatch(/consumed stream/);
    const spans = await h.exported(1);
    expect(spans).toHaveLength(1);
    expect(generationView(spans[0]!).level).toBe('DEFAULT');
  });
});
