import { describe, expect, it } from 'vitest';
import { identity, json, renderFixture, spanNamed } from './golden-helpers.js';

/** Golden vectors: OpenLLMetry (Traceloop), from a hand-written fixture. */
const { spans, byId } = renderFixture('openllmetry/workflow-chat.json');
const chat = spanNamed(spans, 'openai.chat');
const workflow = spanNamed(spans, 'plan_trip.workflow');
const ANSWER = 'Ribeira, a port-wine cellar in Gaia, sunset at Jardim do Morro.';

describe('golden: OpenLLMetry', () => {
  it('LLM span: flattened prompt/completion, deprecated usage keys, llm.usage.total_tokens, functions', () => {
    const { observation, langfuse } = byId.get(chat.spanId)!;
    const input = [
      { role: 'system', content: 'You plan trips.' },
      { role: 'user', content: 'One day in Porto?' },
    ];
    const output = [{ role: 'assistant', content: ANSWER, finish_reason: 'stop' }];
    const tools = [
      { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ];
    expect(observation).toEqual({
      ...identity(chat),
      kind: 'generation',
      level: 'INFO',
      error: false,
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      modelParameters: { temperature: 0.5, max_tokens: 400 },
      inputTokens: 85,
      outputTokens: 120,
      totalTokens: 205,
      cachedInputTokens: 0,
      input,
      output,
      toolDefinitions: tools,
      workflowName: 'plan_trip',
      userId: 'u-99',
      sessionId: 's-3',
      metadata: { tenant: 'acme', response_id: 'chatcmpl-AyQ8Vv1' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.input': json(input),
      'langfuse.observation.output': json(output),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.model.name': 'gpt-4o-2024-08-06',
      'langfuse.observation.model.parameters': json({ temperature: 0.5, max_tokens: 400 }),
      'langfuse.observation.usage_details': json({ input: 85, output: 120, total: 205, input_cached_tokens: 0 }),
      'langfuse.observation.metadata.provider': 'openai',
      'langfuse.observation.metadata.tool_definitions': json(tools),
      'langfuse.observation.metadata.response_id': 'chatcmpl-AyQ8Vv1',
      'langfuse.observation.metadata.tenant': 'acme',
      'user.id': 'u-99',
      'session.id': 's-3',
      'langfuse.trace.metadata.workflow_name': 'plan_trip',
    });
  });

  it('workflow span: chain with traceloop.entity.input/output parsed as JSON, association properties', () => {
    const { observation, langfuse } = byId.get(workflow.spanId)!;
    expect(observation).toEqual({
      ...identity(workflow),
      kind: 'chain',
      level: 'INFO',
      error: false,
      input: { args: ['Porto'], kwargs: {} },
      output: ANSWER,
      workflowName: 'plan_trip',
      userId: 'u-99',
      sessionId: 's-3',
      metadata: { tenant: 'acme' },
    });
    expect(langfuse).toEqual({
      'langfuse.observation.type': 'chain',
      'langfuse.observation.input': json({ args: ['Porto'], kwargs: {} }),
      'langfuse.observation.output': json(ANSWER),
      'langfuse.observation.level': 'DEFAULT',
      'langfuse.observation.metadata.tenant': 'acme',
      'user.id': 'u-99',
      'session.id': 's-3',
      'langfuse.trace.metadata.workflow_name': 'plan_trip',
    });
  });
});
