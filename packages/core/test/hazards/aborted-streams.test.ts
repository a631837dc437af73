import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { normalize, toLangfuseAttributes } from '../../src/internal.js';
import { fixtureSpans } from '../golden/fixture-spans.js';
import { makeSpan } from '../span-factory.js';

/** name → [level, statusMessage] of every span of a captured fixture. */
function levels(path: string): Record<string, [string, string | undefined]> {
  return Object.fromEntries(fixtureSpans(path).map((s) => {
    const o = normalize(s);
    return [o.name, [o.level, o.statusMessage]];
  }));
}

describe('hazard: aborted streams (status UNSET, no finish reason) → WARN "aborted"', () => {
  it('captured from the real AI SDK: every dialect', () => {
    // v5/v6 never end the inner doStream span of an aborted stream; the outer one is the witness
    expect(levels('ai-sdk-v5/stream-text-aborted.json')).toEqual({ 'ai.streamText': ['WARN', 'aborted'] });
    expect(levels('ai-sdk-v6/stream-text-aborted.json')).toEqual({ 'ai.streamText': ['WARN', 'aborted'] });
    expect(levels('ai-sdk-v7-legacy/stream-text-aborted.json')).toEqual({
      'ai.streamText.doStream': ['WARN', 'aborted'],
      'ai.streamText': ['WARN', 'aborted'],
    });
    expect(levels('ai-sdk-v7-gen-ai/stream-text-aborted.json')).toEqual({
      'chat gpt-4o-mini': ['WARN', 'aborted'],
      'step 1': ['INFO', undefined],
      'invoke_agent gpt-4o-mini': ['WARN', 'aborted'],
    });
  });

  it('completed streams stay INFO', () => {
    for (const path of ['ai-sdk-v5/stream-text.json', 'ai-sdk-v6/stream-text.json', 'ai-sdk-v7-legacy/stream-text.json', 'ai-sdk-v7-gen-ai/stream-text.json']) {
      for (const [level, message] of Object.values(levels(path))) expect([level, message]).toEqual(['INFO', undefined]);
    }
  });

  it('renders as Langfuse level WARNING with status message "aborted"', () => {
    const [doStream] = fixtureSpans('ai-sdk-v7-legacy/stream-text-aborted.json');
    const attrs = toLangfuseAttributes(normalize(doStream!));
    expect([attrs['langfuse.observation.level'], attrs['langfuse.observation.status_message']]).toEqual(['WARNING', 'aborted']);
  });

  it('an error is an error, never "aborted"', () => {
    const attrs = { 'ai.operationId': 'ai.streamText.doStream', 'ai.model.id': 'm' };
    const failed = normalize(makeSpan(attrs, { status: { code: SpanStatusCode.ERROR, message: 'boom' } }));
    expect([failed.level, failed.statusMessage, failed.aborted]).toEqual(['ERROR', 'boom', undefined]);
    const withException = normalize(makeSpan(attrs, { events: [{ name: 'exception', time: [1, 0], attributes: { 'exception.message': 'reset' } }] }));
    expect([withException.level, withException.statusMessage]).toEqual(['ERROR', 'reset']);
    const explicitOk = normalize(makeSpan(attrs, { status: { code: SpanStatusCode.OK } }));
    expect(explicitOk.level).toBe('INFO');
  });

  it('OTel GenAI: only when the span says it streamed (gen_ai.request.stream or a time to first chunk)', () => {
    const chat = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' };
    expect(normalize(makeSpan({ ...chat, 'gen_ai.request.stream': true })).level).toBe('WARN');
    expect(normalize(makeSpan({ ...chat, 'gen_ai.response.time_to_first_chunk': 0.2 })).statusMessage).toBe('aborted');
    expect(normalize(makeSpan({ ...chat, 'gen_ai.request.stream': true, 'gen_ai.response.finish_reasons': ['stop'] })).level).toBe('INFO');
    // another instrumentation's chat span without a stream flag: nothing says it was a stream
    expect(normalize(makeSpan(chat)).level).toBe('INFO');
    // the AI SDK v7 gen_ai scope never records stream mode, but always records finish reasons
    expect(normalize(makeSpan(chat, { scope: 'gen_ai' })).level).toBe('WARN');
    expect(normalize(makeSpan({ ...chat, 'gen_ai.operation.name': 'execute_tool' }, { scope: 'gen_ai' })).level).toBe('INFO');
  });

  it('OpenLLMetry: llm.is_streaming without a completion finish reason', () => {
    const span = { 'llm.request.type': 'chat', 'gen_ai.request.model': 'gpt-4o', 'llm.is_streaming': true };
    expect(normalize(makeSpan(span)).level).toBe('WARN');
    expect(normalize(makeSpan({ ...span, 'gen_ai.completion.0.finish_reason': 'stop' })).level).toBe('INFO');
  });

  it('an explicit level wins over the derived WARN', () => {
    const obs = normalize(makeSpan({ 'ai.operationId': 'ai.streamText', 'lamplight.observation.level': 'DEBUG' }));
    expect([obs.level, obs.statusMessage, obs.aborted]).toEqual(['DEBUG', 'aborted', true]);
  });
});
