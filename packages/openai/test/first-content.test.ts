import { describe, expect, it } from 'vitest';
import { chatChunkHasContent, completionChunkHasContent, responsesEventHasContent } from '../src/stream/first-content.js';

const chunk = (delta: Record<string, unknown>) => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });

describe('which stream events carry output content (time to first token)', () => {
  it('chat: a role-only chunk, an empty content, a finish chunk and a usage-only chunk are not content', () => {
    expect(chatChunkHasContent(chunk({ role: 'assistant', content: '', refusal: null }))).toBe(false);
    expect(chatChunkHasContent(chunk({ role: 'assistant', content: null }))).toBe(false);
    expect(chatChunkHasContent(chunk({}))).toBe(false);
    expect(chatChunkHasContent({ choices: [], usage: { prompt_tokens: 1 } })).toBe(false);
    expect(chatChunkHasContent(chunk({ tool_calls: [{ index: 0, function: { arguments: '' } }] }))).toBe(false);
    for (const odd of [undefined, null, 'x', { choices: 'no' }, { choices: [null] }]) expect(chatChunkHasContent(odd)).toBe(false);
  });

  it('chat: text, refusal, reasoning text, a tool call name or arguments, a legacy function call, audio are content', () => {
    expect(chatChunkHasContent(chunk({ content: 'Hi' }))).toBe(true);
    expect(chatChunkHasContent(chunk({ refusal: 'No' }))).toBe(true);
    expect(chatChunkHasContent(chunk({ reasoning_content: 'Let me think' }))).toBe(true);
    expect(chatChunkHasContent(chunk({ reasoning: 'Let me think' }))).toBe(true);
    expect(chatChunkHasContent(chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'lookup', arguments: '' } }] }))).toBe(true);
    expect(chatChunkHasContent(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }))).toBe(true);
    expect(chatChunkHasContent(chunk({ function_call: { name: 'legacy' } }))).toBe(true);
    expect(chatChunkHasContent(chunk({ audio: { transcript: 'hello' } }))).toBe(true);
  });

  it('completions: only a non-empty text', () => {
    expect(completionChunkHasContent({ choices: [{ text: '' }] })).toBe(false);
    expect(completionChunkHasContent({ choices: [{ text: 'x' }] })).toBe(true);
  });

  it('responses: envelope events are not content', () => {
    for (const type of ['response.created', 'response.in_progress', 'response.content_part.added', 'response.output_text.done']) {
      expect(responsesEventHasContent({ type, response: { output: [] } }), type).toBe(false);
    }
    expect(responsesEventHasContent({ type: 'response.output_item.added', item: { type: 'message', content: [] } })).toBe(false);
    expect(responsesEventHasContent({ type: 'response.output_item.added', item: { type: 'reasoning', summary: [] } })).toBe(false);
    expect(responsesEventHasContent({ type: 'response.output_text.delta', delta: '' })).toBe(false);
    expect(responsesEventHasContent({ type: 'response.completed', response: { output: [] } })).toBe(false);
  });

  it('responses: deltas of text, refusal, reasoning, arguments; a named tool call; content in a finished item or response', () => {
    for (const type of [
      'response.output_text.delta',
      'response.refusal.delta',
      'response.reasoning_text.delta',
      'response.reasoning_summary_text.delta',
      'response.function_call_arguments.delta',
      'response.custom_tool_call_input.delta',
      'response.audio.transcript.delta',
    ]) {
      expect(responsesEventHasContent({ type, delta: 'x' }), type).toBe(true);
    }
    expect(responsesEventHasContent({ type: 'response.output_item.added', item: { type: 'function_call', name: 'lookup', arguments: '' } })).toBe(true);
    expect(responsesEventHasContent({ type: 'response.output_item.done', item: { type: 'message', content: [{ type: 'output_text', text: 'Hi' }] } })).toBe(true);
    expect(responsesEventHasContent({ type: 'response.completed', response: { output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi' }] }] } })).toBe(true);
  });
});
