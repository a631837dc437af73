import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/internal.js';
import { makeSpan } from '../span-factory.js';

/**
 * DESIGN §4, row by row: with every source of a field present, the first one in the table
 * wins; removing it hands the field to the next.
 */
function winners(field: 'model' | 'provider' | 'inputTokens' | 'outputTokens' | 'totalTokens' | 'ttftMs' | 'input' | 'output', sources: Array<[string, unknown]>, base: Record<string, unknown> = {}): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < sources.length; i++) {
    const attrs = { ...base, ...Object.fromEntries(sources.slice(i)) } as Record<string, never>;
    out.push(normalize(makeSpan(attrs))[field]);
  }
  return out;
}

describe('DESIGN §4 source order', () => {
  it('model: gen_ai.response.model → gen_ai.request.model → ai.response.model → ai.model.id → llm.model_name', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.response.model', 'a'],
      ['gen_ai.request.model', 'b'],
      ['ai.response.model', 'c'],
      ['ai.model.id', 'd'],
      ['llm.model_name', 'e'],
    ];
    expect(winners('model', sources, { 'ai.operationId': 'ai.generateText.doGenerate' })).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('provider: gen_ai.provider.name → gen_ai.system → ai.model.provider (suffix stripped)', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.provider.name', 'azure.ai.openai'],
      ['gen_ai.system', 'anthropic'],
      ['ai.model.provider', 'mistral.chat'],
    ];
    expect(winners('provider', sources, { 'ai.operationId': 'ai.generateText.doGenerate' })).toEqual(['azure.ai.openai', 'anthropic', 'mistral_ai']);
    expect(normalize(makeSpan({ 'ai.operationId': 'ai.generateText', 'ai.model.provider': 'togetherai.chat' })).provider).toBe('togetherai');
  });

  it('input tokens: gen_ai.usage.input_tokens → ai.usage.inputTokens → ai.usage.promptTokens → gen_ai.usage.prompt_tokens → llm.token_count.prompt', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.usage.input_tokens', 1],
      ['ai.usage.inputTokens', 2],
      ['ai.usage.promptTokens', 3],
      ['gen_ai.usage.prompt_tokens', 4],
      ['llm.token_count.prompt', 5],
    ];
    expect(winners('inputTokens', sources, { 'ai.operationId': 'ai.generateText.doGenerate' })).toEqual([1, 2, 3, 4, 5]);
  });

  it('output tokens: gen_ai.usage.output_tokens → ai.usage.outputTokens → ai.usage.completionTokens → gen_ai.usage.completion_tokens → llm.token_count.completion', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.usage.output_tokens', 1],
      ['ai.usage.outputTokens', 2],
      ['ai.usage.completionTokens', 3],
      ['gen_ai.usage.completion_tokens', 4],
      ['llm.token_count.completion', 5],
    ];
    expect(winners('outputTokens', sources, { 'ai.operationId': 'ai.generateText.doGenerate' })).toEqual([1, 2, 3, 4, 5]);
  });

  it('total: ai.usage.totalTokens → llm.token_count.total → input + output', () => {
    const sources: Array<[string, unknown]> = [
      ['ai.usage.totalTokens', 100],
      ['llm.token_count.total', 50],
      ['gen_ai.usage.input_tokens', 3],
    ];
    expect(winners('totalTokens', sources, { 'ai.operationId': 'ai.generateText.doGenerate', 'gen_ai.usage.output_tokens': 4 })).toEqual([100, 50, 7]);
  });

  it('time to first token: GenAI seconds → GenAI client seconds → AI SDK ms → lamplight.ttft_ms', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.response.time_to_first_chunk', 0.1],
      ['gen_ai.client.operation.time_to_first_chunk', 0.2],
      ['ai.response.msToFirstChunk', 300],
      ['lamplight.ttft_ms', 400],
    ];
    expect(winners('ttftMs', sources, { 'ai.operationId': 'ai.streamText.doStream', 'ai.response.finishReason': 'stop' })).toEqual([100, 200, 300, 400]);
  });

  it('input: gen_ai.input.messages → ai.prompt.messages → ai.prompt → tool args → input.value → traceloop.entity.input → gen_ai.prompt.N.*', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.input.messages', '"a"'],
      ['ai.prompt.messages', '"b"'],
      ['ai.prompt', '"c"'],
      ['ai.toolCall.args', '"d"'],
      ['input.value', 'e'],
      ['traceloop.entity.input', '"f"'],
      ['gen_ai.prompt.0.content', 'g'],
    ];
    expect(winners('input', sources, { 'ai.operationId': 'ai.toolCall' })).toEqual(['a', 'b', 'c', 'd', 'e', 'f', [{ content: 'g' }]]);
  });

  it('output: gen_ai.output.messages → ai.response.text → ai.response.object → tool result → output.value → traceloop.entity.output → gen_ai.completion.N.*', () => {
    const sources: Array<[string, unknown]> = [
      ['gen_ai.output.messages', '"a"'],
      ['ai.response.text', 'b'],
      ['ai.response.object', '"c"'],
      ['ai.toolCall.result', '"d"'],
      ['output.value', 'e'],
      ['traceloop.entity.output', '"f"'],
      ['gen_ai.completion.0.content', 'g'],
    ];
    expect(winners('output', sources, { 'ai.operationId': 'ai.toolCall' })).toEqual(['a', 'b', 'c', 'd', 'e', 'f', [{ content: 'g' }]]);
  });

  it('kind: our key / langfuse.* → gen_ai.operation.name → AI SDK names → openinference.span.kind → model → span', () => {
    const sources: Array<[string, unknown]> = [
      ['lamplight.observation.kind', 'evaluator'],
      ['gen_ai.operation.name', 'execute_tool'],
      ['ai.operationId', 'ai.embed.doEmbed'],
      ['openinference.span.kind', 'RETRIEVER'],
      ['llm.model_name', 'm'],
    ];
    const kinds = sources.map((_, i) => normalize(makeSpan(Object.fromEntries(sources.slice(i)) as Record<string, never>)).kind);
    expect(kinds).toEqual(['evaluator', 'tool', 'embedding', 'retriever', 'generation']);
    expect(normalize(makeSpan({ 'langfuse.observation.type': 'guardrail', 'gen_ai.operation.name': 'chat' })).kind).toBe('guardrail');
    expect(normalize(makeSpan({})).kind).toBe('span');
  });

  it('user / session: user.id, session.id → gen_ai.conversation.id → AI SDK metadata → AI SDK v7 context', () => {
    const obs = (a: Record<string, string>) => normalize(makeSpan({ 'ai.operationId': 'ai.generateText', ...a }));
    expect(obs({ 'session.id': 's1', 'gen_ai.conversation.id': 's2', 'ai.telemetry.metadata.sessionId': 's3' }).sessionId).toBe('s1');
    expect(obs({ 'gen_ai.conversation.id': 's2', 'ai.telemetry.metadata.sessionId': 's3' }).sessionId).toBe('s2');
    expect(obs({ 'ai.telemetry.metadata.sessionId': 's3', 'ai.settings.context.sessionId': 's4' }).sessionId).toBe('s3');
    expect(obs({ 'ai.settings.context.userId': 'u4' }).userId).toBe('u4');
  });
});
