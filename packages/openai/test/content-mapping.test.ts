import { describe, expect, it } from 'vitest';
import { chatInputMessages, chatOutputMessage } from '../src/content/chat-messages.js';
import { responsesFinishReason, responsesInputMessages, responsesOutputParts, responsesSystemInstructions } from '../src/content/responses-items.js';
import { toolDefinitions } from '../src/content/tool-definitions.js';
import { ChatStreamAccumulator } from '../src/operations/chat-stream.js';
import { ResponsesStreamAccumulator } from '../src/operations/responses-stream.js';
import { contentWriter } from '../src/operations/operation-spec.js';
import { TextBudget, TextBuffer } from '../src/operations/text-buffer.js';

describe('chat messages → OTel GenAI messages', () => {
  it('maps roles, multimodal parts, tool calls and tool results', () => {
    expect(
      chatInputMessages([
        { role: 'developer', content: 'rules' },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'https://x/cat.png' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'mp3' } },
          ],
        },
        { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }] },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'res' }] },
      ]),
    ).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'rules' }] },
      {
        role: 'user',
        name: 'ann',
        parts: [
          { type: 'text', content: 'look' },
          { type: 'uri', modality: 'image', uri: 'https://x/cat.png' },
          { type: 'blob', modality: 'audio', mime_type: 'audio/mp3', content: 'AAAA' },
        ],
      },
      { role: 'assistant', parts: [{ type: 'text', content: '' }, { type: 'tool_call', id: 'c1', name: 'f', arguments: 'not json' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'res' }] },
    ]);
  });

  it('maps an output message with refusal and the convention’s finish reason', () => {
    expect(chatOutputMessage({ role: 'assistant', content: null, refusal: 'no' }, 'content_filter')).toEqual({
      role: 'assistant',
      parts: [{ type: 'text', content: 'no' }],
      finish_reason: 'content_filter',
    });
  });

  it('returns undefined for a body without messages', () => {
    expect(chatInputMessages(undefined)).toBeUndefined();
  });
});

describe('Responses items → OTel GenAI messages', () => {
  it('maps messages, function calls and outputs, reasoning and built-in tool calls', () => {
    expect(
      responsesInputMessages([
        { role: 'user', content: 'plain' },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{"a":1}' },
        { type: 'function_call_output', call_id: 'c', output: 'ok' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thought' }] },
        { type: 'web_search_call', id: 'ws', status: 'completed' },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'plain' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c', name: 'f', arguments: { a: 1 } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c', response: 'ok' }] },
      { role: 'assistant', parts: [{ type: 'reasoning', content: 'thought' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'ws', name: 'web_search' }] },
    ]);
  });

  it('maps instructions, output parts and finish reasons', () => {
    expect(responsesSystemInstructions('be nice')).toEqual([{ type: 'text', content: 'be nice' }]);
    expect(responsesSystemInstructions('')).toBeUndefined();
    expect(responsesOutputParts([{ type: 'message', content: [{ type: 'output_text', text: 'hi' }] }])).toEqual([{ type: 'text', content: 'hi' }]);
    expect(responsesFinishReason({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })).toBe('length');
    expect(responsesFinishReason({ status: 'completed', output: [{ type: 'function_call' }] })).toBe('tool_call');
    expect(responsesFinishReason({ status: 'failed' })).toBe('error');
    expect(responsesFinishReason({ status: 'in_progress' })).toBeUndefined();
  });
});

describe('tool definitions', () => {
  it('flattens chat tools, Responses tools and legacy functions', () => {
    expect(
      toolDefinitions(
        [
          { type: 'function', function: { name: 'a', description: 'A', parameters: { type: 'object' } } },
          { type: 'web_search' },
          { type: 'function', name: 'b' },
        ],
        [{ name: 'legacy' }],
      ),
    ).toEqual([
      { type: 'function', name: 'a', description: 'A', parameters: { type: 'object' } },
      { type: 'web_search' },
      { type: 'function', name: 'b' },
      { type: 'function', name: 'legacy' },
    ]);
    expect(toolDefinitions(undefined)).toBeUndefined();
  });
});

describe('stream accumulation', () => {
  it('keeps parallel tool calls apart per index and per choice, even interleaved', () => {
    const acc = new ChatStreamAccumulator(contentWriter(true, 10_000));
    const chunk = (choice: number, calls: unknown[], finish: string | null = null) => ({
      id: 'x',
      model: 'm',
      choices: [{ index: choice, delta: { tool_calls: calls }, finish_reason: finish }],
    });
    acc.add(chunk(0, [{ index: 0, id: 'a', function: { name: 'fa', arguments: '{"x"' } }]));
    acc.add(chunk(0, [{ index: 1, id: 'b', function: { name: 'fb', arguments: '{"y"' } }]));
    acc.add(chunk(1, [{ index: 0, id: 'c', function: { name: 'fc', arguments: '{}' } }]));
    acc.add(chunk(0, [{ index: 1, function: { arguments: ':2}' } }, { index: 0, function: { arguments: ':1}' } }], 'tool_calls'));
    expect(acc.finished).toBe(false);
    acc.add(chunk(1, [], 'tool_calls'));
    expect(acc.finished).toBe(true);
    const output = JSON.parse(acc.attributes()['gen_ai.output.messages'] as string) as unknown;
    expect(output).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'a', name: 'fa', arguments: { x: 1 } },
          { type: 'tool_call', id: 'b', name: 'fb', arguments: { y: 2 } },
        ],
        finish_reason: 'tool_call',
      },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c', name: 'fc', arguments: {} }], finish_reason: 'tool_call' },
    ]);
    expect(acc.attributes()['gen_ai.response.finish_reasons']).toEqual(['tool_calls', 'tool_calls']);
  });

  it('accumulates nothing but finish reasons and usage when content is not captured', () => {
    const acc = new ChatStreamAccumulator(contentWriter(false, 10_000));
    acc.add({ id: 'x', choices: [{ index: 0, delta: { content: 'secret' }, finish_reason: 'stop' }] });
    acc.add({ id: 'x', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } });
    expect(acc.attributes()).toEqual({
      'gen_ai.response.id': 'x',
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('a text budget shared by a stream keeps memory bounded and says how much was dropped', () => {
    const budget = new TextBudget(10);
    const a = new TextBuffer(budget);
    const b = new TextBuffer(budget);
    a.append('123456');
    b.append('789012345');
    a.append('more');
    expect(a.toString()).toBe('123456…[lamplight: 4 more characters not recorded]');
    expect(b.toString()).toBe('7890…[lamplight: 5 more characters not recorded]');
  });

  it('a Responses stream reports an in-band failure and keeps partial text of an unfinished item', () => {
    const acc = new ResponsesStreamAccumulator(contentWriter(true, 10_000));
    acc.add({ type: 'response.created', response: { id: 'resp_1', model: 'm' } });
    acc.add({ type: 'response.output_text.delta', item_id: 'msg_1', delta: 'par' });
    acc.add({ type: 'response.output_text.delta', item_id: 'msg_1', delta: 'tial' });
    expect(acc.finished).toBe(false);
    expect(JSON.parse(acc.attributes()['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'partial' }] }]);
    expect(acc.attributes()['gen_ai.response.id']).toBe('resp_1');
    acc.add({ type: 'response.failed', response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] } });
    expect(acc.finished).toBe(true);
    expect(acc.failure()).toBe('server_error: boom');
    expect(acc.attributes()['gen_ai.response.finish_reasons']).toEqual(['error']);
  });
});
