import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatFoglampSpanTree, startLocalBackends, weatherModel, type FakeOpenAIRequest, type FoglampWireSpan, type LocalBackends } from '@lamplight/testkit';

const request = (body: unknown) => ({ body }) as FakeOpenAIRequest;

describe('weatherModel', () => {
  it('calls the first tool for Paris, then answers from the tool result (Chat Completions)', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather' } }];
    expect(weatherModel(request({ messages: [{ role: 'user', content: 'hi' }], tools }))).toEqual({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const answered = weatherModel(request({ messages: [{ role: 'tool', content: '{"tempC":18}' }], tools }));
    expect(answered).toEqual({ text: 'Here is the weather: {"tempC":18}' });
  });

  it('reads Responses API bodies too, and leaves anything else to the echo', () => {
    expect(weatherModel(request({ input: [], tools: [{ type: 'function', name: 'get_weather' }] }))).toEqual({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    expect(weatherModel(request({ input: [{ type: 'function_call_output', output: 'sunny' }] }))).toEqual({ text: 'Here is the weather: sunny' });
    expect(weatherModel(request({ messages: [{ role: 'user', content: 'hi' }] }))).toBeUndefined();
    expect(weatherModel(request(undefined))).toBeUndefined();
  });
});

describe('formatFoglampSpanTree', () => {
  const span = (spanId: string, startTime: number, extra: Partial<FoglampWireSpan> = {}): FoglampWireSpan => ({
    spanId, spanType: 'llm', name: `s${spanId}`, startTime, endTime: startTime + 1, status: 'ok', ...extra,
  });

  it('nests children by start time, shows model and tokens, and roots orphans', () => {
    const spans = [
      span('3', 30, { spanType: 'tool', parentSpanId: '1' }),
      span('2', 20, { parentSpanId: '1', modelId: 'gpt-4o-mini', usage: { inputTokens: 11 } }),
      span('1', 10, { spanType: 'agent' }),
      span('4', 40, { parentSpanId: 'missing', status: 'error' }),
    ];
    expect(formatFoglampSpanTree(spans)).toBe(['[agent] s1 ok', '  [llm] s2 ok gpt-4o-mini tokens 11/?', '  [tool] s3 ok', '[llm] s4 error'].join('\n'));
  });
});

describe('startLocalBackends', () => {
  let local: LocalBackends | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
    vi.restoreAllMocks();
  });

  it('starts a stand-in for each backend without keys and points a copy of the environment at it', async () => {
    const env = { PATH: '/bin' };
    local = await startLocalBackends(env);
    expect(env).toEqual({ PATH: '/bin' });
    expect(local.env).toMatchObject({
      PATH: '/bin',
      OPENAI_BASE_URL: local.openai?.baseURL,
      LANGFUSE_BASE_URL: local.langfuse?.url,
      LANGFUSE_PUBLIC_KEY: local.langfuse?.publicKey,
      FOGLAMP_BASE_URL: local.foglamp?.url,
      FOGLAMP_API_KEY: local.foglamp?.apiKey,
    });
    expect(local.summary).toBe('OpenAI: local fake server; Langfuse: embedded receiver; Foglamp: embedded receiver');
    // Nothing arrived: the report says so and fails.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(local.report()).toBe(false);
    expect(log).toHaveBeenCalledWith('\nLangfuse receiver: 0 request(s), 0 spans, 0 contract violations');
    expect(log).toHaveBeenCalledWith('\nFoglamp receiver: 0 request(s), 0 spans, 0 contract violations');
  });

  it('starts nothing for backends that have keys', async () => {
    const env = { OPENAI_API_KEY: 'k', LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk', FOGLAMP_API_KEY: 'f' };
    local = await startLocalBackends(env);
    expect([local.openai, local.langfuse, local.foglamp]).toEqual([undefined, undefined, undefined]);
    expect(local.env).toEqual(env);
    expect(local.summary).toBe('OpenAI: api.openai.com (OPENAI_API_KEY); Langfuse: your project (LANGFUSE_*); Foglamp: your instance (FOGLAMP_*)');
    expect(local.report()).toBe(true);
  });
});
