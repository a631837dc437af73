import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Observation } from '../../src/index.js';
import { normalize, toLangfuseAttributes, usageDetails } from '../../src/internal.js';
import { fixtureSpans } from '../golden/fixture-spans.js';
import { makeSpan } from '../span-factory.js';

const START_MS = 1_700_000_000_000;

describe('hazard: seconds vs milliseconds', () => {
  it('OTel GenAI time to first chunk is seconds; AI SDK msToFirstChunk is milliseconds', () => {
    expect(normalize(makeSpan({ 'gen_ai.request.model': 'm', 'gen_ai.response.time_to_first_chunk': 0.25 })).ttftMs).toBe(250);
    expect(normalize(makeSpan({ 'gen_ai.request.model': 'm', 'gen_ai.client.operation.time_to_first_chunk': 1.5 })).ttftMs).toBe(1500);
    const aiSdk = normalize(makeSpan({ 'ai.operationId': 'ai.streamText.doStream', 'ai.model.id': 'm', 'ai.response.msToFirstChunk': 250, 'ai.response.finishReason': 'stop' }));
    expect(aiSdk.ttftMs).toBe(250);
    expect(aiSdk.completionStartTime).toBe(START_MS + 250);
    expect(normalize(makeSpan({ 'gen_ai.request.model': 'm', 'lamplight.ttft_ms': 80 })).ttftMs).toBe(80);
  });

  it('captured streams: v5/v6/v7-legacy ms as recorded, v7 gen_ai seconds × 1000', () => {
    for (const path of ['ai-sdk-v5/stream-text.json', 'ai-sdk-v6/stream-text.json', 'ai-sdk-v7-legacy/stream-text.json']) {
      const doStream = fixtureSpans(path).find((s) => s.name === 'ai.streamText.doStream')!;
      const ms = doStream.attributes['ai.response.msToFirstChunk'] as number;
      expect(ms).toBeLessThan(1000); // a local stream: milliseconds, not seconds
      expect(normalize(doStream).ttftMs).toBe(ms);
    }
    const chat = fixtureSpans('ai-sdk-v7-gen-ai/stream-text.json').find((s) => s.name === 'chat gpt-4o-mini')!;
    const seconds = chat.attributes['gen_ai.client.operation.time_to_first_chunk'] as number;
    expect(seconds).toBeLessThan(1);
    expect(normalize(chat).ttftMs).toBeCloseTo(seconds * 1000, 9);
  });

  it('a Langfuse completion start time is rendered from the converted ttft', () => {
    const attrs = toLangfuseAttributes(normalize(makeSpan({ 'gen_ai.request.model': 'm', 'gen_ai.response.time_to_first_chunk': 0.25 })));
    expect(attrs['langfuse.observation.completion_start_time']).toBe(new Date(START_MS + 250).toISOString());
  });
});

describe('hazard: inclusive cached and reasoning counts', () => {
  const base = normalize(makeSpan({ 'gen_ai.request.model': 'm' }));
  const render = (u: Partial<Observation>): Record<string, number> => JSON.parse(usageDetails({ ...base, ...u })!) as Record<string, number>;

  it('Langfuse gets input without cached/cache-write, output without reasoning, totals preserved', () => {
    expect(render({ inputTokens: 1000, outputTokens: 300, totalTokens: 1300, cachedInputTokens: 600, cacheWriteInputTokens: 100, reasoningTokens: 200 })).toEqual({
      input: 300,
      output: 100,
      total: 1300,
      input_cached_tokens: 600,
      input_cache_creation: 100,
      output_reasoning_tokens: 200,
    });
  });

  it('never below zero when a source reports details larger than the total', () => {
    expect(render({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 50, reasoningTokens: 9 })).toEqual({
      input: 0,
      output: 0,
      total: 15,
      input_cached_tokens: 50,
      output_reasoning_tokens: 9,
    });
  });

  it('the parts always add up to the total and are non-negative integers (property)', () => {
    fc.assert(
      fc.property(fc.nat(1e7), fc.nat(1e7), fc.nat(1e7), fc.nat(1e7), fc.nat(1e7), (input, output, cached, cacheWrite, reasoning) => {
        // a consistent source: details within their totals
        const c = Math.min(cached, input);
        const w = Math.min(cacheWrite, input - c);
        const r = Math.min(reasoning, output);
        const d = render({ inputTokens: input, outputTokens: output, totalTokens: input + output, cachedInputTokens: c, cacheWriteInputTokens: w, reasoningTokens: r });
        for (const v of Object.values(d)) expect(Number.isInteger(v) && v >= 0).toBe(true);
        expect(d.input! + d.input_cached_tokens! + d.input_cache_creation! + d.output! + d.output_reasoning_tokens!).toBe(d.total);
      }),
    );
  });

  it('AI SDK and OTel sources are both read as inclusive', () => {
    const ai = normalize(
      makeSpan({
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'm',
        'ai.usage.inputTokens': 164,
        'ai.usage.inputTokenDetails.cacheReadTokens': 64,
        'ai.usage.inputTokenDetails.cacheWriteTokens': 10,
        'ai.usage.outputTokens': 24,
        'ai.usage.outputTokenDetails.reasoningTokens': 4,
      }),
    );
    expect([ai.inputTokens, ai.cachedInputTokens, ai.cacheWriteInputTokens, ai.outputTokens, ai.reasoningTokens, ai.totalTokens]).toEqual([164, 64, 10, 24, 4, 188]);
    expect(JSON.parse(usageDetails(ai)!)).toEqual({ input: 90, output: 20, total: 188, input_cached_tokens: 64, input_cache_creation: 10, output_reasoning_tokens: 4 });
  });
});
