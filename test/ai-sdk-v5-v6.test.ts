import { aiSdkTelemetry } from '@lamplight/ai-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ai5,
  ai6,
  attr,
  createOpenAIv2,
  createOpenAIv3,
  expectTraceFields,
  foglampTree,
  foglampUsage,
  langfuseTree,
  langfuseUsage,
  named,
  one,
  startPipeline,
  totalTokens,
  usageDetails,
  z,
  type AiSdkPipeline,
  type ProviderUsage,
} from './ai-sdk-harness.js';

/**
 * AI SDK 6.x and 5.x (installed under npm aliases) create `ai.*` spans themselves when a
 * call passes `experimental_telemetry`; `aiSdkTelemetry()` builds those settings with the
 * trace fields core reads from the telemetry metadata. Same scenarios as v7's core ones.
 */
const TRACE = { userId: 'user-legacy', sessionId: 'session-legacy', tags: ['ai-sdk', 'legacy'] };
const MODEL = 'gpt-4o-mini';

let p: AiSdkPipeline;
beforeEach(async () => {
  p = await startPipeline();
});
afterEach(async () => {
  await p.close();
});

// Both versions share the call shapes used here; typed loosely so one body serves both.
type LegacyAi = typeof ai6;
// `details`: whether the version records cached and reasoning tokens on its model-call spans
// (5.x's `doGenerate` spans carry only prompt and completion tokens; nothing downstream can add them).
const VERSIONS = [
  ['6', ai6, (baseURL: string, apiKey: string) => createOpenAIv3({ baseURL, apiKey }), { details: true }],
  ['5', ai5 as unknown as LegacyAi, (baseURL: string, apiKey: string) => createOpenAIv2({ baseURL, apiKey }) as unknown as ReturnType<typeof createOpenAIv3>, { details: false }],
] as const;

describe.each(VERSIONS)('AI SDK %s.x with experimental_telemetry: aiSdkTelemetry(...)', (_version, ai, makeProvider, { details }) => {
  const provider = () => makeProvider(p.fake.baseURL, p.fake.apiKey);
  /** Langfuse/Foglamp usage as this version reports it. */
  const expectedLangfuse = (u: ProviderUsage) => (details ? langfuseUsage(u) : { input: u.input, output: u.output, total: u.input + u.output });
  const expectedFoglamp = (u: ProviderUsage) => (details ? foglampUsage(u) : { inputTokens: u.input, outputTokens: u.output, totalTokens: u.input + u.output });
  const telemetry = (functionId: string) => aiSdkTelemetry({ ...TRACE, functionId, metadata: { tenant: 'acme' } });

  it('generateText: chain → generation with model, usage details, input and output, metadata', async () => {
    const usage: ProviderUsage = { input: 40, output: 12, cached: 16, reasoning: 4 };
    p.fake.enqueue({ text: 'Paris.', usage: { inputTokens: 40, outputTokens: 12, cachedInputTokens: 16, reasoningTokens: 4 } });
    const result = await ai.generateText({ model: provider().chat(MODEL), prompt: 'Capital of France?', experimental_telemetry: telemetry('capital') });
    expect(result.text).toBe('Paris.');

    const got = await p.collect(2);
    expect(langfuseTree(got.langfuse)).toEqual(['ai.generateText [chain]', '  ai.generateText.doGenerate [generation]']);
    expect(foglampTree(got.foglamp)).toEqual(['ai.generateText [workflow]', '  ai.generateText.doGenerate [llm]']);
    const gen = one(got.langfuse, 'ai.generateText.doGenerate');
    expect(attr(gen, 'langfuse.observation.model.name')).toBe(MODEL);
    expect(usageDetails(gen)).toEqual(expectedLangfuse(usage));
    expect(attr(gen, 'langfuse.observation.input')).toContain('Capital of France?');
    expect(attr(gen, 'langfuse.observation.output')).toContain('Paris.');
    expect(attr(gen, 'langfuse.observation.metadata.tenant')).toBe('acme');
    expect(usageDetails(one(got.langfuse, 'ai.generateText'))).toBeUndefined();
    expect(one(got.foglamp, 'ai.generateText.doGenerate')).toMatchObject({ spanType: 'llm', modelId: MODEL, usage: expectedFoglamp(usage) });
    expect(totalTokens(got)).toEqual({ langfuse: 52, foglamp: 52 });
    expectTraceFields(p, got, TRACE);
  });

  it('streamText consumed fully: generation with time to first token', async () => {
    p.fake.enqueue({ text: 'One two three', chunks: 3, usage: { inputTokens: 9, outputTokens: 3 } });
    const result = ai.streamText({ model: provider().chat(MODEL), prompt: 'Count to three.', experimental_telemetry: telemetry('count') });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('One two three');

    const got = await p.collect(2);
    expect(langfuseTree(got.langfuse)).toEqual(['ai.streamText [chain]', '  ai.streamText.doStream [generation]']);
    const gen = one(got.langfuse, 'ai.streamText.doStream');
    // 5.x records cache and reasoning details on streamed model calls (zero here), not on generated ones.
    expect(usageDetails(gen)).toMatchObject({ input: 9, output: 3, total: 12 });
    expect(attr(gen, 'langfuse.observation.output')).toContain('One two three');
    expect(attr(gen, 'langfuse.observation.completion_start_time')).toEqual(expect.any(String));
    const row = one(got.foglamp, 'ai.streamText.doStream');
    expect(row.ttftMs).toBeGreaterThanOrEqual(0);
    expect(row.ttftMs).toBeLessThanOrEqual(row.endTime - row.startTime);
    expectTraceFields(p, got, TRACE);
  });

  it('two-step tool loop: a generation per step, the tool call, usage summing to the provider totals', async () => {
    const steps: ProviderUsage[] = [
      { input: 100, output: 20, cached: 30 },
      { input: 150, output: 12, cached: 64 },
    ];
    p.fake.enqueue(
      { toolCalls: [{ name: 'getWeather', arguments: { city: 'Paris' } }], usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 30 } },
      { text: 'It is 18 °C in Paris.', usage: { inputTokens: 150, outputTokens: 12, cachedInputTokens: 64 } },
    );
    const getWeather = ai.tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }: { city: string }) => ({ city, temperatureC: 18 }) });
    const result = await ai.generateText({
      model: provider().chat(MODEL),
      prompt: 'Weather in Paris?',
      tools: { getWeather },
      stopWhen: ai.stepCountIs(3),
      experimental_telemetry: telemetry('weather'),
    });
    expect(result.text).toBe('It is 18 °C in Paris.');

    const got = await p.collect(4);
    expect(langfuseTree(got.langfuse)).toEqual([
      'ai.generateText [chain]',
      '  ai.generateText.doGenerate [generation]',
      '  ai.generateText.doGenerate [generation]',
      '  ai.toolCall [tool]',
    ]);
    const gens = named(got.langfuse, 'ai.generateText.doGenerate').sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(gens.map(usageDetails)).toEqual(steps.map(expectedLangfuse));
    const tool = one(got.langfuse, 'ai.toolCall');
    expect(JSON.parse(attr(tool, 'langfuse.observation.input') ?? 'null')).toEqual({ city: 'Paris' });
    expect(JSON.parse(attr(tool, 'langfuse.observation.output') ?? 'null')).toEqual({ city: 'Paris', temperatureC: 18 });
    const providerTotal = 100 + 20 + 150 + 12;
    expect(result.totalUsage.totalTokens).toBe(providerTotal);
    expect(totalTokens(got)).toEqual({ langfuse: providerTotal, foglamp: providerTotal });
    expectTraceFields(p, got, TRACE);
  });

  it('embed: chain → embedding, tokens once', async () => {
    p.fake.enqueue({ embeddings: [[0.5, -0.5]], usage: { inputTokens: 6 } });
    const result = await ai.embed({ model: provider().embedding('text-embedding-3-small'), value: 'sunny', experimental_telemetry: telemetry('embed') });
    expect(result.embedding).toEqual([0.5, -0.5]);

    const got = await p.collect(2);
    expect(langfuseTree(got.langfuse)).toEqual(['ai.embed [chain]', '  ai.embed.doEmbed [embedding]']);
    expect(usageDetails(one(got.langfuse, 'ai.embed.doEmbed'))).toEqual({ input: 6, total: 6 });
    expect(JSON.parse(attr(one(got.langfuse, 'ai.embed.doEmbed'), 'langfuse.observation.input') ?? 'null')).toEqual(['sunny']);
    expect(totalTokens(got)).toEqual({ langfuse: 6, foglamp: 6 });
    expectTraceFields(p, got, TRACE);
  });
});
