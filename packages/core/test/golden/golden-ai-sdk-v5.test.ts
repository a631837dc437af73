import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';
import { ANSWER, QUESTION, STEP1_MESSAGES, STEP2_MESSAGES, SYSTEM, TOOL_DEFINITION_V5, WEATHER } from './weather-scenario.js';

/**
 * Golden vector: `ai` 5.0.x `generateText` with a two-step tool loop, captured from the real
 * package. v5 spells usage `ai.usage.promptTokens`/`completionTokens` here and reports no
 * cache details; its outer span carries the *last step's* usage, not the sum.
 */
const { spans, byId } = renderFixture('ai-sdk-v5/generate-text-tools.json');
const step1 = spanNamed(spans, 'ai.generateText.doGenerate', 0);
const tool = spanNamed(spans, 'ai.toolCall');
const step2 = spanNamed(spans, 'ai.generateText.doGenerate', 1);
const outer = spanNamed(spans, 'ai.generateText');

const TRACE = { userId: 'user-42', sessionId: 'session-7', tags: ['capture', 'weather'] };
const TRACE_ATTRS = { 'user.id': 'user-42', 'session.id': 'session-7', 'langfuse.trace.tags': ['capture', 'weather'] };
const PARAMS = { max_tokens: 200, temperature: 0.2, tool_choice: 'auto' };
const META = { tenant: 'acme', function_id: 'weather-agent' };
const META_ATTRS = { 'langfuse.observation.metadata.tenant': 'acme', 'langfuse.observation.metadata.function_id': 'weather-agent' };

function generation(step: typeof step1, tokens: { input: number; output: number }, input: unknown, output: unknown, responseId: string, finish: string) {
  return {
    observation: {
      ...identity(step),
      ...TRACE,
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      modelParameters: PARAMS,
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      totalTokens: tokens.input + tokens.output,
      input,
      output,
      toolDefinitions: [TOOL_DEFINITION_V5],
      metadata: { ...META, response_id: responseId, finish_reasons: finish },
    },
    langfuse: {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
      'langfuse.observation.model.parameters': json(PARAMS),
      'langfuse.observation.usage_details': json({ input: tokens.input, output: tokens.output, total: tokens.input + tokens.output }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json([TOOL_DEFINITION_V5]),
      ...META_ATTRS,
      'langfuse.observation.metadata.response_id': responseId,
      'langfuse.observation.metadata.finish_reasons': finish,
      ...TRACE_ATTRS,
    },
  };
}

describe('golden: AI SDK v5 (`ai` scope), generateText with a tool loop', () => {
  it('step 1 model call', () => {
    const toolCall = { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_weather_1', toolName: 'getWeather', input: '{"city":"Paris"}' }] };
    const expected = generation(step1, { input: 118, output: 17 }, STEP1_MESSAGES, toolCall, 'chatcmpl-tools-1', 'tool-calls');
    expect(byId.get(step1.spanId)!.observation).toEqual(expected.observation);
    expect(byId.get(step1.spanId)!.langfuse).toEqual(expected.langfuse);
  });

  it('tool call', () => {
    const { observation, langfuse } = byId.get(tool.spanId)!;
    expect(observation).toEqual({
      ...identity(tool),
      ...TRACE,
      kind: 'tool',
      level: 'INFO',
      error: false,
      input: { city: 'Paris' },
      output: WEATHER,
      metadata: { ...META, tool_name: 'getWeather', tool_call_id: 'call_weather_1' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': json({ city: 'Paris' }),
      'langfuse.observation.output': json(WEATHER),
      'langfuse.observation.level': 'DEFAULT',
      ...META_ATTRS,
      'langfuse.observation.metadata.tool_name': 'getWeather',
      'langfuse.observation.metadata.tool_call_id': 'call_weather_1',
      ...TRACE_ATTRS,
    });
  });

  it('step 2 model call (v5 promptTokens/completionTokens spelling)', () => {
    expect(step2.attributes['ai.usage.promptTokens']).toBe(164);
    const expected = generation(step2, { input: 164, output: 24 }, STEP2_MESSAGES, ANSWER, 'chatcmpl-answer-1', 'stop');
    expect(byId.get(step2.spanId)!.observation).toEqual(expected.observation);
    expect(byId.get(step2.spanId)!.langfuse).toEqual(expected.langfuse);
  });

  it('outer ai.generateText: chain, its (last-step) usage not rendered', () => {
    expect(outer.attributes['ai.usage.promptTokens']).toBe(164);
    const { observation, langfuse } = byId.get(outer.spanId)!;
    const input = { system: SYSTEM, prompt: QUESTION };
    expect(observation).toEqual({
      ...identity(outer),
      ...TRACE,
      kind: 'chain',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-mini',
      modelParameters: { max_tokens: 200, temperature: 0.2 },
      input,
      output: ANSWER,
      metadata: { ...META, finish_reasons: 'stop' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'chain',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(ANSWER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.model': 'gpt-4o-mini',
      'langfuse.observation.metadata.provider': 'openai',
      ...META_ATTRS,
      'langfuse.observation.metadata.finish_reasons': 'stop',
      ...TRACE_ATTRS,
    });
  });
});
