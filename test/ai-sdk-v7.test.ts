import { withTraceAttributes } from '@lamplight/core';
import { lamplightTelemetry } from '@lamplight/ai-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ai7 as ai,
  attr,
  createOpenAI,
  expectTraceFields,
  foglampTree,
  foglampUsage,
  langfuseTree,
  langfuseUsage,
  one,
  named,
  startPipeline,
  totalTokens,
  usageDetails,
  z,
  type AiSdkPipeline,
  type ProviderUsage,
} from './ai-sdk-harness.js';

/**
 * AI SDK v7 with `registerTelemetry(lamplightTelemetry())`, against both OpenAI APIs the
 * `@ai-sdk/openai` provider speaks (Chat Completions and Responses), end to end: real HTTP
 * to the fake OpenAI server, real export to both receivers, assertions on what they decoded.
 */
const TRACE = { userId: 'user-7', sessionId: 'session-7', tags: ['ai-sdk', 'v7'] };
const MODEL = 'gpt-4o-mini';

let p: AiSdkPipeline;
beforeEach(async () => {
  p = await startPipeline();
  ai.registerTelemetry(lamplightTelemetry());
});
afterEach(async () => {
  await p.close();
});

describe.each([
  ['chat', (baseURL: string, apiKey: string) => createOpenAI({ baseURL, apiKey }).chat(MODEL)],
  ['responses', (baseURL: string, apiKey: string) => createOpenAI({ baseURL, apiKey }).responses(MODEL)],
] as const)('AI SDK v7 + @ai-sdk/openai %s model', (_api, makeModel) => {
  const model = () => makeModel(p.fake.baseURL, p.fake.apiKey);
  const traced = <T>(fn: () => Promise<T>) => withTraceAttributes(TRACE, fn);

  it('generateText: agent → step → generation with model, usage details, input and output', async () => {
    const usage: ProviderUsage = { input: 40, output: 12, cached: 16, reasoning: 4 };
    p.fake.enqueue({ text: 'Paris is the capital of France.', usage: { inputTokens: 40, outputTokens: 12, cachedInputTokens: 16, reasoningTokens: 4 } });
    const result = await traced(() => ai.generateText({ model: model(), system: 'Be brief.', prompt: 'What is the capital of France?', temperature: 0.3 }));
    expect(result.text).toBe('Paris is the capital of France.');

    const got = await p.collect(3);
    const tree = [`invoke_agent ${MODEL} [agent]`, '  step 1 [chain]', `    chat ${MODEL} [generation]`];
    expect(langfuseTree(got.langfuse)).toEqual(tree);
    expect(foglampTree(got.foglamp)).toEqual([`invoke_agent ${MODEL} [agent]`, '  step 1 [workflow]', `    chat ${MODEL} [llm]`]);

    const gen = one(got.langfuse, `chat ${MODEL}`);
    expect(attr(gen, 'langfuse.observation.model.name')).toBe(MODEL);
    expect(usageDetails(gen)).toEqual(langfuseUsage(usage));
    expect(JSON.parse(attr(gen, 'langfuse.observation.model.parameters') ?? '{}')).toMatchObject({ temperature: 0.3 });
    expect(attr(gen, 'langfuse.observation.input')).toContain('What is the capital of France?');
    expect(attr(gen, 'langfuse.observation.input')).toContain('Be brief.');
    expect(attr(gen, 'langfuse.observation.output')).toContain('Paris is the capital of France.');
    // The aggregate on the agent span is not usage of its own.
    expect(usageDetails(one(got.langfuse, `invoke_agent ${MODEL}`))).toBeUndefined();
    expect(totalTokens(got)).toEqual({ langfuse: 52, foglamp: 52 });

    const fgen = one(got.foglamp, `chat ${MODEL}`);
    expect(fgen).toMatchObject({ spanType: 'llm', modelId: MODEL, provider: 'openai', status: 'ok', usage: foglampUsage(usage) });
    expect(fgen.input).toContain('What is the capital of France?');
    expect(fgen.output).toContain('Paris is the capital of France.');
    expect(one(got.foglamp, `invoke_agent ${MODEL}`).usage).toBeUndefined();
    expectTraceFields(p, got, TRACE);
  });

  it('streamText consumed fully: time to first token on the generation', async () => {
    p.fake.enqueue({ text: 'One two three four', chunks: 4, usage: { inputTokens: 9, outputTokens: 4 } });
    const text = await traced(async () => {
      const result = ai.streamText({ model: model(), prompt: 'Count to four.' });
      let all = '';
      for await (const delta of result.textStream) all += delta;
      return all;
    });
    expect(text).toBe('One two three four');

    const got = await p.collect(3);
    expect(langfuseTree(got.langfuse)).toEqual([`invoke_agent ${MODEL} [agent]`, '  step 1 [chain]', `    chat ${MODEL} [generation]`]);
    const gen = one(got.langfuse, `chat ${MODEL}`);
    expect(usageDetails(gen)).toEqual(langfuseUsage({ input: 9, output: 4 }));
    expect(attr(gen, 'langfuse.observation.output')).toContain('One two three four');
    const completionStart = Date.parse(attr(gen, 'langfuse.observation.completion_start_time') ?? '');
    expect(completionStart).toBeGreaterThanOrEqual(Math.floor(Number(gen.startTimeUnixNano / 1_000_000n)));
    expect(completionStart).toBeLessThanOrEqual(Math.ceil(Number(gen.endTimeUnixNano / 1_000_000n)));
    const fgen = one(got.foglamp, `chat ${MODEL}`);
    expect(fgen.ttftMs).toEqual(expect.any(Number));
    expect(fgen.ttftMs).toBeGreaterThanOrEqual(0);
    expect(fgen.ttftMs).toBeLessThanOrEqual(fgen.endTime - fgen.startTime);
    expect(fgen.usage).toEqual(foglampUsage({ input: 9, output: 4 }));
    expectTraceFields(p, got, TRACE);
  });

  it('streamText aborted mid-stream: generation and agent end with level WARN "aborted", not success', async () => {
    // The rest of the answer is held back long enough that the abort comes first.
    p.fake.enqueue({ text: 'Once upon a time in Paris', chunks: 6, chunkDelayMs: 100 });
    const controller = new AbortController();
    const seen = await traced(async () => {
      const result = ai.streamText({ model: model(), prompt: 'Tell me a long story.', abortSignal: controller.signal, onError: () => undefined });
      let first = '';
      try {
        for await (const delta of result.textStream) {
          first += delta;
          controller.abort();
        }
      } catch {
        // the abort may surface as an AbortError; either way the stream is over
      }
      return first;
    });
    expect(seen.length).toBeGreaterThan(0);

    const got = await p.collect(3);
    for (const name of [`invoke_agent ${MODEL}`, `chat ${MODEL}`]) {
      const span = one(got.langfuse, name);
      expect(attr(span, 'langfuse.observation.level'), name).toBe('WARNING');
      expect(attr(span, 'langfuse.observation.status_message'), name).toBe('aborted');
      const row = one(got.foglamp, name);
      expect(row.status, name).toBe('ok');
      expect(row.metadata, name).toMatchObject({ level: 'WARN', statusMessage: 'aborted' });
    }
    expectTraceFields(p, got, TRACE);
  });

  it('two-step tool loop: one generation per step, the tool with arguments and result, usage summing to the provider totals', async () => {
    const steps: ProviderUsage[] = [
      { input: 100, output: 20, cached: 30, reasoning: 5 },
      { input: 150, output: 12, cached: 64 },
    ];
    p.fake.enqueue(
      { toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' }, id: 'call_paris' }], usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 30, reasoningTokens: 5 } },
      { text: 'It is 18 °C and cloudy in Paris.', usage: { inputTokens: 150, outputTokens: 12, cachedInputTokens: 64 } },
    );
    const getWeather = ai.tool({
      description: 'Current weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, temperatureC: 18, conditions: 'cloudy' }),
    });
    const result = await traced(() =>
      ai.generateText({ model: model(), prompt: 'What is the weather in Paris?', tools: { getWeather }, stopWhen: ai.isStepCount(3), telemetry: { functionId: 'weather-agent' } }),
    );
    expect(result.text).toBe('It is 18 °C and cloudy in Paris.');

    const got = await p.collect(6);
    expect(langfuseTree(got.langfuse)).toEqual([
      `invoke_agent ${MODEL} [agent]`,
      '  step 1 [chain]',
      `    chat ${MODEL} [generation]`,
      '    execute_tool getWeather [tool]',
      '  step 2 [chain]',
      `    chat ${MODEL} [generation]`,
    ]);
    expect(foglampTree(got.foglamp)).toEqual([
      `invoke_agent ${MODEL} [agent]`,
      '  step 1 [workflow]',
      `    chat ${MODEL} [llm]`,
      '    execute_tool getWeather [tool]',
      '  step 2 [workflow]',
      `    chat ${MODEL} [llm]`,
    ]);
    const gens = named(got.langfuse, `chat ${MODEL}`).sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(gens.map(usageDetails)).toEqual(steps.map(langfuseUsage));
    expect(attr(gens[0]!, 'langfuse.observation.output')).toContain('getWeather');
    const fgens = named(got.foglamp, `chat ${MODEL}`).sort((a, b) => a.startTime - b.startTime || (a.usage?.inputTokens ?? 0) - (b.usage?.inputTokens ?? 0));
    expect(fgens.map((s) => s.usage)).toEqual(steps.map(foglampUsage));

    // The sum over the generations is what the provider reported, and what the app saw.
    const providerTotal = steps.reduce((sum, u) => sum + u.input + u.output, 0);
    expect(result.usage.totalTokens).toBe(providerTotal);
    expect(totalTokens(got)).toEqual({ langfuse: providerTotal, foglamp: providerTotal });

    const tool = one(got.langfuse, 'execute_tool getWeather');
    expect(JSON.parse(attr(tool, 'langfuse.observation.input') ?? 'null')).toEqual({ city: 'Paris' });
    expect(JSON.parse(attr(tool, 'langfuse.observation.output') ?? 'null')).toEqual({ city: 'Paris', temperatureC: 18, conditions: 'cloudy' });
    expect(usageDetails(tool)).toBeUndefined();
    const ftool = one(got.foglamp, 'execute_tool getWeather');
    expect(ftool).toMatchObject({ spanType: 'tool', status: 'ok' });
    expect(JSON.parse(ftool.input ?? 'null')).toEqual({ city: 'Paris' });
    // The entry that holds the agent span carries the trace's agent name (a trace may span several requests).
    const agentEntry = p.foglamp.traces().find((t) => t.spans.some((span) => span.name === `invoke_agent ${MODEL}`));
    expect(agentEntry?.agentName).toBe('weather-agent');
    expectTraceFields(p, got, TRACE);
  });

  it('structured output (generateObject and generateText with Output.object): the JSON as the generation output', async () => {
    const schema = z.object({ city: z.string(), temperatureC: z.number() });
    p.fake.enqueue({ text: '{"city":"Paris","temperatureC":18}', usage: { inputTokens: 30, outputTokens: 10 } }, { text: '{"city":"Lyon","temperatureC":21}', usage: { inputTokens: 31, outputTokens: 11 } });
    const viaObject = await traced(() => ai.generateObject({ model: model(), schema, prompt: 'Weather in Paris as JSON.' }));
    const viaOutput = await traced(() => ai.generateText({ model: model(), output: ai.Output.object({ schema }), prompt: 'Weather in Lyon as JSON.' }));
    expect(viaObject.object).toEqual({ city: 'Paris', temperatureC: 18 });
    expect(viaOutput.output).toEqual({ city: 'Lyon', temperatureC: 21 });

    // generateObject has no steps: agent → generation; generateText: agent → step → generation.
    const got = await p.collect(5);
    const gens = named(got.langfuse, `chat ${MODEL}`);
    expect(gens.map(usageDetails).sort((a, b) => (a?.total ?? 0) - (b?.total ?? 0))).toEqual([langfuseUsage({ input: 30, output: 10 }), langfuseUsage({ input: 31, output: 11 })]);
    const outputs = gens.map((g) => attr(g, 'langfuse.observation.output') ?? '').join('\n');
    expect(outputs).toContain('Paris');
    expect(outputs).toContain('Lyon');
    expect(totalTokens(got)).toEqual({ langfuse: 82, foglamp: 82 });
    expect(named(got.langfuse, `invoke_agent ${MODEL}`)).toHaveLength(2);
    expectTraceFields(p, got, TRACE);
  });

  it('API error: status ERROR with the provider message and HTTP status on every span of the call', async () => {
    p.fake.enqueue({ error: { status: 401, message: 'Incorrect API key provided: sk-test***' } });
    const failure = await traced(() => ai.generateText({ model: model(), prompt: 'Hello?', maxRetries: 0 })).catch((error: unknown) => error);
    expect(ai.APICallError.isInstance(failure)).toBe(true);

    const got = await p.collect(3);
    for (const span of got.langfuse) {
      expect(span.status.code, span.name).toBe('error');
      expect(attr(span, 'langfuse.observation.level'), span.name).toBe('ERROR');
      expect(attr(span, 'langfuse.observation.status_message'), span.name).toContain('Incorrect API key provided');
      expect(span.attributes['http.response.status_code'], span.name).toBe(401);
    }
    for (const row of got.foglamp) {
      expect(row.status, row.name).toBe('error');
      expect(row.errorMessage, row.name).toContain('Incorrect API key provided');
      // Foglamp has no span attributes: the status travels as metadata.
      expect(row.metadata?.http_status, row.name).toBe('401');
    }
    expectTraceFields(p, got, TRACE);
  });
});
