import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';
import { ANSWER, QUESTION, STEP1_MESSAGES, STEP2_MESSAGES, SYSTEM, TOOL_DEFINITION_V5, WEATHER } from './weather-scenario.js';

/**
 * Golden vector: `ai` 6.0.x `generateText` with a two-step tool loop, captured from the real
 * package (`experimental_telemetry` with metadata userId/sessionId/tags/tenant).
 */
const { spans, byId } = renderFixture('ai-sdk-v6/generate-text-tools.json');
const step1 = spanNamed(spans, 'ai.generateText.doGenerate', 0);
const tool = spanNamed(spans, 'ai.toolCall');
const step2 = spanNamed(spans, 'ai.generateText.doGenerate', 1);
const outer = spanNamed(spans, 'ai.generateText');

const TRACE = { userId: 'user-42', sessionId: 'session-7', tags: ['capture', 'weather'] };
const TRACE_ATTRS = { 'user.id': 'user-42', 'session.id': 'session-7', 'langfuse.trace.tags': ['capture', 'weather'] };
const PARAMS = { max_tokens: 200, temperature: 0.2, tool_choice: 'auto' };

describe('golden: AI SDK v6 (`ai` scope), generateText with a tool loop', () => {
  it('step 1 model call: generation with its own usage, tool call as output', () => {
    const { observation, langfuse } = byId.get(step1.spanId)!;
    const output = { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_weather_1', toolName: 'getWeather', input: '{"city":"Paris"}' }] };
    expect(observation).toEqual({
      ...identity(step1),
      ...TRACE,
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      modelParameters: PARAMS,
      inputTokens: 118,
      outputTokens: 17,
      totalTokens: 135,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      input: STEP1_MESSAGES,
      output,
      toolDefinitions: [TOOL_DEFINITION_V5],
      metadata: { tenant: 'acme', function_id: 'weather-agent', response_id: 'chatcmpl-tools-1', finish_reasons: 'tool-calls' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(STEP1_MESSAGES),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
      'langfuse.observation.model.parameters': json(PARAMS),
      'langfuse.observation.usage_details': json({ input: 118, output: 17, total: 135, input_cached_tokens: 0, output_reasoning_tokens: 0 }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json([TOOL_DEFINITION_V5]),
      'langfuse.observation.metadata.tenant': 'acme',
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.response_id': 'chatcmpl-tools-1',
      'langfuse.observation.metadata.finish_reasons': 'tool-calls',
      ...TRACE_ATTRS,
    });
  });

  it('tool call: JSON-text args and result parsed, no usage', () => {
    const { observation, langfuse } = byId.get(tool.spanId)!;
    expect(observation).toEqual({
      ...identity(tool),
      ...TRACE,
      kind: 'tool',
      level: 'INFO',
      error: false,
      input: { city: 'Paris' },
      output: WEATHER,
      metadata: { tenant: 'acme', function_id: 'weather-agent', tool_name: 'getWeather', tool_call_id: 'call_weather_1' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': json({ city: 'Paris' }),
      'langfuse.observation.output': json(WEATHER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.tenant': 'acme',
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.tool_name': 'getWeather',
      'langfuse.observation.metadata.tool_call_id': 'call_weather_1',
      ...TRACE_ATTRS,
    });
  });

  it('step 2 model call: inclusive cached count, rendered exclusive for Langfuse', () => {
    const { observation, langfuse } = byId.get(step2.spanId)!;
    expect(observation).toEqual({
      ...identity(step2),
      ...TRACE,
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      modelParameters: PARAMS,
      inputTokens: 164,
      outputTokens: 24,
      totalTokens: 188,
      cachedInputTokens: 64,
      reasoningTokens: 0,
      input: STEP2_MESSAGES,
      output: ANSWER,
      toolDefinitions: [TOOL_DEFINITION_V5],
      metadata: { tenant: 'acme', function_id: 'weather-agent', response_id: 'chatcmpl-answer-1', finish_reasons: 'stop' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(STEP2_MESSAGES),
      'langfuse.observation.output': json(ANSWER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
      'langfuse.observation.model.parameters': json(PARAMS),
      'langfuse.observation.usage_details': json({ input: 100, output: 24, total: 188, input_cached_tokens: 64, output_reasoning_tokens: 0 }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json([TOOL_DEFINITION_V5]),
      'langfuse.observation.metadata.tenant': 'acme',
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.response_id': 'chatcmpl-answer-1',
      'langfuse.observation.metadata.finish_reasons': 'stop',
      ...TRACE_ATTRS,
    });
  });

  it('outer ai.generateText: a chain without the aggregate usage it carries', () => {
    const { observation, langfuse } = byId.get(outer.spanId)!;
    expect(outer.attributes['ai.usage.inputTokens']).toBe(282); // the sum is there in the source…
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
      metadata: { tenant: 'acme', function_id: 'weather-agent', finish_reasons: 'stop' },
    });
    // …and is not rendered: Langfuse would count every token twice.
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'chain',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(ANSWER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.model': 'gpt-4o-mini',
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tenant': 'acme',
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.finish_reasons': 'stop',
      ...TRACE_ATTRS,
    });
  });
});
