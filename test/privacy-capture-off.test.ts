import { type Attributes } from '@opentelemetry/api';
import { observe, withTraceAttributes } from '@lamplight/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrivacyPipeline, type PrivacyPipeline } from './privacy-harness.js';

/**
 * Content capture off, end to end: every convention the readers know, plus a made-up
 * library's attributes and events, through the real pipeline to both receivers. Not one
 * byte of content may arrive (deny by default: unknown keys are dropped, not forwarded),
 * while model, usage and timing still do.
 */
const MARK = 'ZEBRA';
const content = (n: number) => `${MARK}-${n} the customer's private words`;
const msgs = (n: number) => JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: content(n) }] }]);

/** One span per dialect: kind-defining keys, model, usage, and content in every place the dialect puts it. */
const CONVENTIONS: Record<string, Attributes> = {
  'otel-genai': {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 10,
    'gen_ai.usage.output_tokens': 5,
    'gen_ai.response.time_to_first_chunk': 0.2,
    'gen_ai.input.messages': msgs(1),
    'gen_ai.output.messages': msgs(2),
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: content(3) }]),
    'gen_ai.tool.definitions': JSON.stringify([{ type: 'function', name: 'lookup', description: content(4) }]),
    'gen_ai.request.stop_sequences': [content(5)],
  },
  'otel-genai-deprecated': {
    'gen_ai.system': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.prompt_tokens': 10,
    'gen_ai.usage.completion_tokens': 5,
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': content(6),
    'gen_ai.completion.0.content': content(7),
  },
  'ai-sdk': {
    'ai.operationId': 'ai.generateText.doGenerate',
    'ai.model.id': 'gpt-4o',
    'ai.model.provider': 'openai.chat',
    'ai.usage.inputTokens': 10,
    'ai.usage.outputTokens': 5,
    'ai.response.msToFirstChunk': 200,
    'ai.prompt.messages': JSON.stringify([{ role: 'user', content: content(8) }]),
    'ai.prompt': JSON.stringify({ prompt: content(9) }),
    'ai.response.text': content(10),
    'ai.response.reasoning': content(11),
    'ai.response.toolCalls': JSON.stringify([{ toolName: 'x', args: content(12) }]),
    'ai.documents': [content(13)],
    'ai.prompt.tools': [content(14)],
  },
  openinference: {
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'gpt-4o',
    'llm.provider': 'openai',
    'llm.token_count.prompt': 10,
    'llm.token_count.completion': 5,
    'input.value': content(15),
    'output.value': content(16),
    'llm.input_messages.0.message.content': content(17),
    'llm.output_messages.0.message.content': content(18),
    'llm.prompts': [content(19)],
    'llm.prompt_template.template': content(20),
    'retrieval.documents.0.document.content': content(21),
  },
  openllmetry: {
    'llm.request.type': 'chat',
    'gen_ai.system': 'OpenAI',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.prompt_tokens': 10,
    'gen_ai.usage.completion_tokens': 5,
    'gen_ai.prompt.0.content': content(22),
    'gen_ai.completion.0.content': content(23),
    'traceloop.entity.input': content(24),
    'traceloop.entity.output': content(25),
    'traceloop.prompt.template': content(26),
    'traceloop.prompt.template_variables': content(27),
  },
  langfuse: {
    'langfuse.observation.type': 'generation',
    'langfuse.observation.model.name': 'gpt-4o',
    'langfuse.observation.input': content(28),
    'langfuse.observation.output': content(29),
    'langfuse.observation.usage_details': '{"input":10,"output":5}',
  },
  'made-up-library': {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 10,
    'gen_ai.usage.output_tokens': 5,
    'acme.request.body': JSON.stringify({ messages: [content(30)] }),
    'acme.response.text': content(31),
    'acme.debug': [content(32)],
  },
};

type Mode = 'global' | 'trace' | 'call';

async function emit(p: PrivacyPipeline, mode: Mode): Promise<number> {
  const perCall: Attributes = mode === 'call' ? { 'lamplight.capture_content': false } : {};
  const run = async () => {
    for (const [name, attributes] of Object.entries(CONVENTIONS)) {
      const span = p.tracer.startSpan(name, { attributes: { ...attributes, ...perCall } });
      span.addEvent('acme.chunk', { text: content(40), 'acme.delta': content(41), 'gen_ai.usage.output_tokens': 1 });
      span.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': content(42) });
      span.addEvent('gen_ai.client.inference.operation.details', { 'gen_ai.input.messages': msgs(43) });
      span.end();
    }
    observe('manual', { kind: 'generation', model: 'gpt-4o', input: content(44), usage: { inputTokens: 10, outputTokens: 5 }, captureContent: mode !== 'call' }, (o) => {
      o.update({ output: content(45) });
    });
  };
  if (mode === 'trace') await withTraceAttributes({ captureContent: false, traceInput: content(46), traceOutput: content(47) }, run);
  else await run();
  return Object.keys(CONVENTIONS).length + 1;
}

/** Each place `mark` occurs in `text`, with some context (short failure messages). */
function around(text: string, mark: string): string[] {
  return [...text.matchAll(new RegExp(mark, 'g'))].map((m) => text.slice(Math.max(0, m.index - 120), m.index + 40));
}

let p: PrivacyPipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

describe('content capture off: deny by default, at both receivers', () => {
  it.each(['global', 'trace', 'call'] as const)('capture off %s: not one byte of content arrives; model, usage and timing do', async (mode) => {
    p = await startPrivacyPipeline(mode === 'global' ? { captureContent: false } : {});
    const count = await emit(p, mode);
    await p.flush(count);
    const text = p.payloadText();
    expect(text.langfuse.length).toBeGreaterThan(1_000);
    expect(around(text.langfuse, MARK)).toEqual([]);
    expect(around(text.foglamp, MARK)).toEqual([]);
    expect(p.langfuse.violations()).toEqual([]);
    expect(p.foglamp.violations()).toEqual([]);

    for (const span of p.langfuse.spans()) {
      expect(span.attributes['langfuse.observation.type'], span.name).toBe('generation');
      expect(span.attributes['langfuse.observation.model.name'], span.name).toBe('gpt-4o');
      expect(JSON.parse(String(span.attributes['langfuse.observation.usage_details'])), span.name).toMatchObject({ input: 10, output: 5 });
      expect(span.endTimeUnixNano >= span.startTimeUnixNano).toBe(true);
    }
    for (const span of p.foglamp.spans()) {
      expect(span.modelId, span.name).toBe('gpt-4o');
      expect(span.usage, span.name).toMatchObject({ inputTokens: 10, outputTokens: 5 });
      expect(typeof span.startTime).toBe('number');
    }
    // Time to first token survives where the dialect has it.
    expect(p.foglamp.spans().find((s) => s.name === 'ai-sdk')?.ttftMs).toBe(200);
    // Allow-listed, non-content keys are still forwarded; the rest were counted as denied.
    expect(p.langfuse.spans().find((s) => s.name === 'otel-genai')?.attributes['gen_ai.operation.name']).toBe('chat');
    const privacy = p.privacyStats();
    expect(privacy.dropped['attribute-denied']).toBeGreaterThanOrEqual(10);
    expect(privacy.dropped['event-attribute-denied']).toBeGreaterThan(0);
  });

  it('with capture on the same spans carry their content (the check above can fail), unknown keys scrubbed and budgeted', async () => {
    p = await startPrivacyPipeline({ maxFieldBytes: 2_000 });
    const key = ['gh', 'p_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    const span = p.tracer.startSpan('acme', { attributes: { ...CONVENTIONS['made-up-library'], 'acme.request.body': `${content(1)} token ${key} ${'x'.repeat(10_000)}` } });
    span.addEvent('acme.chunk', { text: `${content(2)} ${key}` });
    span.end();
    await p.flush(1);
    const text = p.payloadText();
    expect(text.langfuse).toContain(MARK);
    expect(text.langfuse).not.toContain(key);
    const body = String(p.langfuse.spans()[0]!.attributes['acme.request.body']);
    expect(body).toContain('<secret:github-token>');
    expect(body).toMatch(/…\[truncated \d+ bytes\]$/);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(2_000);
    expect(p.privacyStats().secrets['github-token']).toBe(2);
  });
});
