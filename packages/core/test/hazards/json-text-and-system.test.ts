import { describe, expect, it } from 'vitest';
import { normalize, prepareObservation } from '../../src/internal.js';
import { DEFAULT_PREPARE } from '../golden/golden-helpers.js';
import { makeSpan } from '../span-factory.js';

describe('hazard: JSON text vs structured values', () => {
  it('parses keys the convention defines as JSON; a broken JSON text is kept as text', () => {
    const messages = [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }];
    expect(normalize(makeSpan({ 'gen_ai.input.messages': JSON.stringify(messages) })).input).toEqual(messages);
    expect(normalize(makeSpan({ 'gen_ai.input.messages': '[{"role":' })).input).toBe('[{"role":');
    expect(normalize(makeSpan({ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.args': '{"q":1}' })).input).toEqual({ q: 1 });
    expect(normalize(makeSpan({ 'traceloop.span.kind': 'task', 'traceloop.entity.input': '{"args":[1]}' })).input).toEqual({ args: [1] });
  });

  it('never parses plain text that merely looks like JSON', () => {
    // the model answered "[1, 2]": that is text
    const ai = normalize(makeSpan({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'm', 'ai.response.text': '[1, 2]' }));
    expect(ai.output).toBe('[1, 2]');
    // OpenInference: JSON only when input.mime_type says application/json
    expect(normalize(makeSpan({ 'openinference.span.kind': 'CHAIN', 'input.value': '{"a":1}' })).input).toBe('{"a":1}');
    expect(normalize(makeSpan({ 'openinference.span.kind': 'CHAIN', 'input.value': '{"a":1}', 'input.mime_type': 'text/plain' })).input).toBe('{"a":1}');
    expect(normalize(makeSpan({ 'openinference.span.kind': 'CHAIN', 'input.value': '{"a":1}', 'input.mime_type': 'application/json' })).input).toEqual({ a: 1 });
    // flattened message content is text
    expect(normalize(makeSpan({ 'gen_ai.system': 'openai', 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': '{"a":1}' })).input).toEqual([
      { role: 'user', content: '{"a":1}' },
    ]);
  });

  it('arrays of JSON texts (ai.prompt.tools, ai.values) are parsed item by item', () => {
    const obs = normalize(
      makeSpan({ 'ai.operationId': 'ai.embedMany.doEmbed', 'ai.model.id': 'e', 'ai.values': ['"a"', '"b"'], 'ai.prompt.tools': ['{"name":"t"}', 'not json'] }),
    );
    expect(obs.input).toEqual(['a', 'b']);
    expect(obs.toolDefinitions).toEqual([{ name: 't' }, 'not json']);
  });

  it('rebuilds flattened messages in index order, gaps closed, and survives hostile keys', () => {
    const obs = normalize(
      makeSpan({
        'gen_ai.system': 'openai',
        'gen_ai.prompt.10.role': 'user',
        'gen_ai.prompt.10.content': 'second',
        'gen_ai.prompt.2.role': 'system',
        'gen_ai.prompt.2.content': 'first',
        'gen_ai.prompt.999999999.role': 'assistant',
      }),
    );
    expect(obs.input).toEqual([{ role: 'system', content: 'first' }, { role: 'user', content: 'second' }, { role: 'assistant' }]);
    const hostile = normalize(makeSpan({ 'gen_ai.system': 'x', 'gen_ai.prompt.0.__proto__.polluted': 'yes', 'gen_ai.prompt.0.role': 'user' }));
    expect(hostile.input).toEqual([{ role: 'user' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hazard: system instructions folded into the input messages', () => {
  const prepare = (attrs: Record<string, string>) => prepareObservation(normalize(makeSpan({ 'gen_ai.request.model': 'm', ...attrs })), DEFAULT_PREPARE);
  const user = { role: 'user', parts: [{ type: 'text', content: 'hi' }] };

  it('OTel GenAI parts: a leading system message with the same parts', () => {
    const system = [{ type: 'text', content: 'be brief' }];
    const obs = prepare({ 'gen_ai.system_instructions': JSON.stringify(system), 'gen_ai.input.messages': JSON.stringify([user]) });
    expect(obs.input).toEqual([{ role: 'system', parts: system }, user]);
    expect(obs.systemInstructions).toBeUndefined();
  });

  it('plain-text instructions and chat-style messages', () => {
    const chat = [{ role: 'user', content: 'hi' }];
    const obs = prepare({ 'gen_ai.system_instructions': 'be brief', 'gen_ai.input.messages': JSON.stringify(chat) });
    expect(obs.input).toEqual([{ role: 'system', content: 'be brief' }, ...chat]);
  });

  it('no input: the system message alone; input already starting with a system message: unchanged', () => {
    expect(prepare({ 'gen_ai.system_instructions': 'be brief' }).input).toEqual([{ role: 'system', parts: [{ type: 'text', content: 'be brief' }] }]);
    const already = [{ role: 'system', content: 'x' }, { role: 'user', content: 'hi' }];
    expect(prepare({ 'gen_ai.system_instructions': 'x', 'gen_ai.input.messages': JSON.stringify(already) }).input).toEqual(already);
  });

  it('is skipped, like all content, when capture is off', () => {
    const obs = prepareObservation(
      normalize(makeSpan({ 'gen_ai.request.model': 'm', 'gen_ai.system_instructions': 'secret plan', 'gen_ai.input.messages': '[]' })),
      { ...DEFAULT_PREPARE, captureContent: false },
    );
    expect([obs.input, obs.systemInstructions]).toEqual([undefined, undefined]);
  });
});
