import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';

/** Golden vectors: OTel GenAI current keys and the deprecated keys, from hand-written fixtures. */
describe('golden: OTel GenAI current keys (agent → chat → tool)', () => {
  const { spans, byId } = renderFixture('otel-gen-ai/agent-chat-tool.json');
  const chat = spanNamed(spans, 'chat o4-mini');
  const tool = spanNamed(spans, 'execute_tool get_weather');
  const agent = spanNamed(spans, 'invoke_agent TravelPlanner');
  const system = [{ type: 'text', content: 'You are a travel assistant. Answer in two sentences.' }];
  const callId = 'call_VSPygqKTWdrhaFErNvMV18Yl';
  const input = [
    { role: 'user', parts: [{ type: 'text', content: 'Plan a morning in Lisbon.' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: callId, name: 'get_weather', arguments: { city: 'Lisbon' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response: 'sunny, 21°C' }] },
  ];
  const output = [
    {
      role: 'assistant',
      parts: [{ type: 'text', content: 'Start in Belém with pastéis de nata. It is sunny, so walk along the river to the MAAT.' }],
      finish_reason: 'stop',
    },
  ];
  const tools = [
    {
      type: 'function',
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ];
  const params = { temperature: 1, max_tokens: 1024, top_p: 0.9, seed: 42, stop: '["END"]' };

  it('chat: usage with cache and reasoning, ttft in seconds → ms, content parsed, conversation → session', () => {
    const { observation, langfuse } = byId.get(chat.spanId)!;
    const start = identity(chat).startTime;
    expect(observation).toEqual({
      ...identity(chat),
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'o4-mini-2025-04-16',
      modelParameters: params,
      inputTokens: 2048,
      outputTokens: 350,
      totalTokens: 2398,
      cachedInputTokens: 1536,
      reasoningTokens: 192,
      ttftMs: 412,
      completionStartTime: start + 412,
      systemInstructions: system,
      toolDefinitions: tools,
      input,
      output,
      sessionId: 'conv_5j66UpCpwteGg4YSxUnt7lPY',
      metadata: { response_id: 'chatcmpl-CsV3Kq7', finish_reasons: 'stop' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json([{ role: 'system', parts: system }, ...input]),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'o4-mini-2025-04-16',
      'langfuse.observation.model.parameters': json(params),
      // 2048 − 1536 cached = 512; 350 − 192 reasoning = 158; total unchanged
      'langfuse.observation.usage_details': json({ input: 512, output: 158, total: 2398, input_cached_tokens: 1536, output_reasoning_tokens: 192 }),
      'langfuse.observation.completion_start_time': '2026-01-01T00:00:00.512Z',
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json(tools),
      'langfuse.observation.metadata.response_id': 'chatcmpl-CsV3Kq7',
      'langfuse.observation.metadata.finish_reasons': 'stop',
      'session.id': 'conv_5j66UpCpwteGg4YSxUnt7lPY',
    });
  });

  it('execute_tool: arguments parsed as JSON, a JSON-string result stays that string', () => {
    const { observation, langfuse } = byId.get(tool.spanId)!;
    expect(observation).toEqual({
      ...identity(tool),
      kind: 'tool',
      level: 'INFO',
      error: false,
      input: { city: 'Lisbon' },
      output: 'sunny, 21°C',
      metadata: { tool_name: 'get_weather', tool_call_id: callId, tool_type: 'function' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'tool',
      'langfuse.observation.input': json({ city: 'Lisbon' }),
      'langfuse.observation.output': json('sunny, 21°C'),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.tool_name': 'get_weather',
      'langfuse.observation.metadata.tool_call_id': callId,
      'langfuse.observation.metadata.tool_type': 'function',
    });
  });

  it('invoke_agent: agent, aggregate usage dropped, agent name to the trace', () => {
    const { observation, langfuse } = byId.get(agent.spanId)!;
    expect(observation).toEqual({
      ...identity(agent),
      kind: 'agent',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'o4-mini',
      sessionId: 'conv_5j66UpCpwteGg4YSxUnt7lPY',
      agentName: 'TravelPlanner',
      metadata: { finish_reasons: 'stop', agent_id: 'asst_5j66UpCpwteGg4YSxUnt7lPY' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'agent',
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.model': 'o4-mini',
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.finish_reasons': 'stop',
      'langfuse.observation.metadata.agent_id': 'asst_5j66UpCpwteGg4YSxUnt7lPY',
      'session.id': 'conv_5j66UpCpwteGg4YSxUnt7lPY',
      'langfuse.trace.metadata.agent_name': 'TravelPlanner',
    });
  });
});

describe('golden: deprecated OTel GenAI keys', () => {
  it('semconv 1.26: gen_ai.system, prompt/completion tokens, content from gen_ai.content.* events', () => {
    const { spans, byId } = renderFixture('otel-gen-ai-deprecated/chat-content-events.json');
    const span = spanNamed(spans, 'chat gpt-4');
    const input = [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Say hello in Portuguese.' },
    ];
    const output = [{ role: 'assistant', content: 'Olá! Como posso ajudar?' }];
    const { observation, langfuse } = byId.get(span.spanId)!;
    expect(observation).toEqual({
      ...identity(span),
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4-0613',
      modelParameters: { temperature: 0.5, max_tokens: 200 },
      inputTokens: 56,
      outputTokens: 31,
      totalTokens: 87,
      input,
      output,
      metadata: { response_id: 'chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l', finish_reasons: 'stop' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4-0613',
      'langfuse.observation.model.parameters': json({ temperature: 0.5, max_tokens: 200 }),
      'langfuse.observation.usage_details': json({ input: 56, output: 31, total: 87 }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.response_id': 'chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l',
      'langfuse.observation.metadata.finish_reasons': 'stop',
    });
  });

  it('flattened gen_ai.prompt.N.* / gen_ai.completion.N.*; provider name canonicalised', () => {
    const { spans, byId } = renderFixture('otel-gen-ai-deprecated/chat-flattened.json');
    const span = spanNamed(spans, 'anthropic.chat');
    const input = [{ role: 'user', content: 'Name three rivers in Portugal.' }];
    const output = [{ role: 'assistant', content: 'Tagus, Douro and Mondego.', finish_reason: 'end_turn' }];
    const { observation, langfuse } = byId.get(span.spanId)!;
    expect(span.attributes['gen_ai.system']).toBe('Anthropic');
    expect(observation).toEqual({
      ...identity(span),
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-20241022',
      modelParameters: { max_tokens: 1024 },
      inputTokens: 14,
      outputTokens: 11,
      totalTokens: 25,
      input,
      output,
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'claude-3-5-sonnet-20241022',
      'langfuse.observation.model.parameters': json({ max_tokens: 1024 }),
      'langfuse.observation.usage_details': json({ input: 14, output: 11, total: 25 }),
      'langfuse.observation.metadata.provider': 'anthropic',
    });
  });
});
