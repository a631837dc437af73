import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';
import { ANSWER, QUESTION, SYSTEM, TOOL_DEFINITION_V7, WEATHER } from './weather-scenario.js';

/**
 * Golden vector: `ai` 7.0.x with `@ai-sdk/otel` `OpenTelemetry({ runtimeContext: true })`
 * (scope `gen_ai`, OTel GenAI keys), captured from the real packages: `invoke_agent` →
 * `step N` (agent_step) → `chat` / `execute_tool`. The runtime context lands on the agent
 * and step spans only, so only those carry user, session and tags.
 */
const { spans, byId } = renderFixture('ai-sdk-v7-gen-ai/generate-text-tools.json');
const chat1 = spanNamed(spans, 'chat gpt-4o-mini', 0);
const tool = spanNamed(spans, 'execute_tool getWeather');
const step1 = spanNamed(spans, 'step 1');
const chat2 = spanNamed(spans, 'chat gpt-4o-mini', 1);
const agent = spanNamed(spans, 'invoke_agent gpt-4o-mini');

const TRACE = { userId: 'user-42', sessionId: 'session-7', tags: ['capture', 'weather'] };
const TRACE_ATTRS = { 'user.id': 'user-42', 'session.id': 'session-7', 'langfuse.trace.tags': ['capture', 'weather'] };
const SYSTEM_PARTS = [{ type: 'text', content: SYSTEM }];
const SYSTEM_MESSAGE = { role: 'system', parts: SYSTEM_PARTS };
const USER = { role: 'user', parts: [{ type: 'text', content: QUESTION }] };
const TOOL_CALL = { type: 'tool_call', id: 'call_weather_1', name: 'getWeather', arguments: { city: 'Paris' } };
const TOOL_RESPONSE = { type: 'tool_call_response', id: 'call_weather_1', response: WEATHER };
const PARAMS = { temperature: 0.2, max_tokens: 200 };

function chat(span: typeof chat1, u: { input: number; output: number; cached: number }, input: unknown[], output: unknown[], id: string, finish: string) {
  return {
    observation: {
      ...identity(span),
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
      systemInstructions: SYSTEM_PARTS,
      toolDefinitions: [TOOL_DEFINITION_V7],
      input,
      output,
      metadata: { response_id: id, finish_reasons: finish },
    },
    langfuse: {
      'langfuse.observation.type': 'generation',
      // system instructions are folded into the input messages for display
      'langfuse.observation.input': json([SYSTEM_MESSAGE, ...input]),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
      'langfuse.observation.model.parameters': json(PARAMS),
      'langfuse.observation.usage_details': json({ input: u.input - u.cached, output: u.output, total: u.input + u.output, input_cached_tokens: u.cached }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json([TOOL_DEFINITION_V7]),
      'langfuse.observation.metadata.response_id': id,
      'langfuse.observation.metadata.finish_reasons': finish,
    },
  };
}

describe('golden: AI SDK v7 GenAI mode (`gen_ai` scope via @ai-sdk/otel), generateText with a tool loop', () => {
  it('chat (step 1): generation; system instructions kept apart, folded when rendered', () => {
    const output = [{ role: 'assistant', parts: [TOOL_CALL], finish_reason: 'tool_call' }];
    const expected = chat(chat1, { input: 118, output: 17, cached: 0 }, [USER], output, 'chatcmpl-tools-1', 'tool-calls');
    expect(byId.get(chat1.spanId)!.observation).toEqual(expected.observation);
    expect(byId.get(chat1.spanId)!.langfuse).toEqual(expected.langfuse);
  });

  it('execute_tool: tool with parsed arguments and result', () => {
    const { observation, langfuse } = byId.get(tool.spanId)!;
    expect(observation).toEqual({
      ...identity(tool),
      kind: 'tool',
      level: 'INFO',
      error: false,
      input: { city: 'Paris' },
      output: WEATHER,
      metadata: { tool_name: 'getWeather', tool_call_id: 'call_weather_1', tool_type: 'function' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': json({ city: 'Paris' }),
      'langfuse.observation.output': json(WEATHER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.tool_name': 'getWeather',
      'langfuse.observation.metadata.tool_call_id': 'call_weather_1',
      'langfuse.observation.metadata.tool_type': 'function',
    });
  });

  it('step (agent_step): chain carrying the runtime context', () => {
    const { observation, langfuse } = byId.get(step1.spanId)!;
    expect(observation).toEqual({ ...identity(step1), ...TRACE, kind: 'chain', level: 'INFO', error: false });
    expect(langfuse).toEqual({ 'langfuse.observation.type': 'chain', 'langfuse.observation.level': 'DEFAULT', ...TRACE_ATTRS });
  });

  it('chat (step 2): cached tokens inclusive in the observation, exclusive for Langfuse', () => {
    const input = [USER, { role: 'assistant', parts: [TOOL_CALL] }, { role: 'tool', parts: [TOOL_RESPONSE] }];
    const output = [{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }];
    const expected = chat(chat2, { input: 164, output: 24, cached: 64 }, input, output, 'chatcmpl-answer-1', 'stop');
    expect(byId.get(chat2.spanId)!.observation).toEqual(expected.observation);
    expect(byId.get(chat2.spanId)!.langfuse).toEqual(expected.langfuse);
  });

  it('invoke_agent: agent without the aggregate gen_ai.usage it carries', () => {
    expect(agent.attributes['gen_ai.usage.input_tokens']).toBe(282);
    const { observation, langfuse } = byId.get(agent.spanId)!;
    const output = [{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }, TOOL_CALL, TOOL_RESPONSE], finish_reason: 'stop' }];
    expect(observation).toEqual({
      ...identity(agent),
      ...TRACE,
      kind: 'agent',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-mini',
      modelParameters: PARAMS,
      systemInstructions: SYSTEM_PARTS,
      input: [USER],
      output,
      agentName: 'weather-agent',
      metadata: { finish_reasons: 'stop' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'agent',
      'langfuse.observation.input': json([SYSTEM_MESSAGE, USER]),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.model': 'gpt-4o-mini',
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.finish_reasons': 'stop',
      ...TRACE_ATTRS,
      'langfuse.trace.metadata.agent_name': 'weather-agent',
    });
  });
});
