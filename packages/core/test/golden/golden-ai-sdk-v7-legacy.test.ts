import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';
import { ANSWER, QUESTION, STEP1_MESSAGES, STEP2_MESSAGES, SYSTEM, TOOL_DEFINITION_V7, WEATHER } from './weather-scenario.js';

/**
 * Golden vector: `ai` 7.0.x with `@ai-sdk/otel` `LegacyOpenTelemetry` (scope `ai`), captured
 * from the real packages. User, session and tags come from `runtimeContext` with
 * `includeRuntimeContext` (→ `ai.settings.context.*`); `tenant` was not included, so it
 * never reaches the span.
 */
const { spans, byId } = renderFixture('ai-sdk-v7-legacy/generate-text-tools.json');
const step1 = spanNamed(spans, 'ai.generateText.doGenerate', 0);
const tool = spanNamed(spans, 'ai.toolCall');
const step2 = spanNamed(spans, 'ai.generateText.doGenerate', 1);
const outer = spanNamed(spans, 'ai.generateText');

const TRACE = { userId: 'user-42', sessionId: 'session-7', tags: ['capture', 'weather'] };
const TRACE_ATTRS = { 'user.id': 'user-42', 'session.id': 'session-7', 'langfuse.trace.tags': ['capture', 'weather'] };
const PARAMS = { max_tokens: 200, temperature: 0.2, tool_choice: 'auto' };
const TOOL_CALL_PART = { type: 'tool-call', toolCallId: 'call_weather_1', toolName: 'getWeather', input: { city: 'Paris' } };

function generation(step: typeof step1, u: { input: number; output: number; cached: number }, input: unknown, output: unknown, id: string, finish: string) {
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
      inputTokens: u.input,
      outputTokens: u.output,
      totalTokens: u.input + u.output,
      cachedInputTokens: u.cached,
      reasoningTokens: 0,
      input,
      output,
      toolDefinitions: [TOOL_DEFINITION_V7],
      metadata: { function_id: 'weather-agent', response_id: id, finish_reasons: finish },
    },
    langfuse: {
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
      'langfuse.observation.model.parameters': json(PARAMS),
      'langfuse.observation.usage_details': json({
        input: u.input - u.cached,
        output: u.output,
        total: u.input + u.output,
        input_cached_tokens: u.cached,
        output_reasoning_tokens: 0,
      }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json([TOOL_DEFINITION_V7]),
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.response_id': id,
      'langfuse.observation.metadata.finish_reasons': finish,
      ...TRACE_ATTRS,
    },
  };
}

describe('golden: AI SDK v7 legacy (`ai` scope via @ai-sdk/otel), generateText with a tool loop', () => {
  it('step 1: empty text plus a tool call becomes one assistant message', () => {
    expect(step1.attributes['ai.response.text']).toBe('');
    const output = { role: 'assistant', content: [TOOL_CALL_PART] };
    const expected = generation(step1, { input: 118, output: 17, cached: 0 }, STEP1_MESSAGES, output, 'chatcmpl-tools-1', 'tool-calls');
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
      metadata: { function_id: 'weather-agent', tool_name: 'getWeather', tool_call_id: 'call_weather_1' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': json({ city: 'Paris' }),
      'langfuse.observation.output': json(WEATHER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.tool_name': 'getWeather',
      'langfuse.observation.metadata.tool_call_id': 'call_weather_1',
      ...TRACE_ATTRS,
    });
  });

  it('step 2: cache read details (inputTokenDetails) read, input rendered without them', () => {
    const expected = generation(step2, { input: 164, output: 24, cached: 64 }, STEP2_MESSAGES, ANSWER, 'chatcmpl-answer-1', 'stop');
    expect(byId.get(step2.spanId)!.observation).toEqual(expected.observation);
    expect(byId.get(step2.spanId)!.langfuse).toEqual(expected.langfuse);
  });

  it('outer ai.generateText: chain without the summed usage', () => {
    expect(outer.attributes['ai.usage.inputTokens']).toBe(282);
    const { observation, langfuse } = byId.get(outer.spanId)!;
    const input = { system: SYSTEM, messages: [{ role: 'user', content: QUESTION }] };
    const output = { role: 'assistant', content: [{ type: 'text', text: ANSWER }, TOOL_CALL_PART] };
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
      output,
      metadata: { function_id: 'weather-agent', finish_reasons: 'stop' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'chain',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.model': 'gpt-4o-mini',
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.function_id': 'weather-agent',
      'langfuse.observation.metadata.finish_reasons': 'stop',
      ...TRACE_ATTRS,
    });
  });
});
