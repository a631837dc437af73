import { context, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpanLike } from '../../src/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { LamplightSpanProcessor, observe, withTraceAttributes, type LamplightSpanProcessorOptions } from '../../src/index.js';
import { MASK_FAILED } from '../../src/internal.js';

let provider: BasicTracerProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
  trace.disable();
  context.disable();
});

/** A provider whose Lamplight processor feeds a stock in-memory SpanExporter (Langfuse views). */
function pipeline(options: LamplightSpanProcessorOptions = {}) {
  const exporter = new InMemorySpanExporter();
  const processor = new LamplightSpanProcessor({ exporter, scheduledDelayMillis: 10, ...options });
  provider = new BasicTracerProvider({ spanProcessors: [processor] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('app');
  return {
    tracer,
    async shipped(): Promise<Map<string, Attributes>> {
      await processor.forceFlush();
      return new Map(exporter.getFinishedSpans().map((s: ReadableSpan) => [s.name, s.attributes]));
    },
    async views(): Promise<Map<string, ReadableSpanLike>> {
      await processor.forceFlush();
      return new Map(exporter.getFinishedSpans().map((s: ReadableSpan) => [s.name, s as unknown as ReadableSpanLike]));
    },
  };
}

const CHAT: Attributes = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.system_instructions': '[{"type":"text","content":"system secret"}]',
  'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hello"}]}]',
  'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"hi"}],"finish_reason":"stop"}]',
  'gen_ai.tool.definitions': '[{"type":"function","name":"t"}]',
  'gen_ai.response.finish_reasons': ['stop'],
};
const AI_SDK: Attributes = {
  'ai.operationId': 'ai.generateText.doGenerate',
  'ai.model.id': 'gpt-4o',
  'ai.prompt.messages': '[{"role":"user","content":"hello"}]',
  'ai.response.text': 'hi',
  'ai.response.finishReason': 'stop',
};
const CONTENT_KEYS = /^(langfuse\.observation\.(input|output)|langfuse\.observation\.metadata\.tool_definitions|gen_ai\.(input|output|system_instructions|tool\.definitions)|ai\.(prompt|response\.text))/;

describe('content controls', () => {
  it('capture is on by default: content rendered once (source keys not shipped again)', async () => {
    const { tracer, shipped } = pipeline();
    tracer.startSpan('chat', { attributes: CHAT }).end();
    const chat = (await shipped()).get('chat')!;
    expect(JSON.parse(chat['langfuse.observation.input'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'system secret' }] },
      { role: 'user', parts: [{ type: 'text', content: 'hello' }] },
    ]);
    expect(Object.keys(chat).filter((k) => k.startsWith('gen_ai.input') || k.startsWith('gen_ai.system_instructions'))).toEqual([]);
  });

  it('captureContent: false removes all content, rendered and source', async () => {
    const { tracer, shipped } = pipeline({ captureContent: false });
    tracer.startSpan('chat', { attributes: CHAT }).end();
    tracer.startSpan('ai', { attributes: AI_SDK }).end();
    const spans = await shipped();
    for (const name of ['chat', 'ai']) {
      expect(Object.keys(spans.get(name)!).filter((k) => CONTENT_KEYS.test(k))).toEqual([]);
      expect(spans.get(name)!['langfuse.observation.type']).toBe('generation');
    }
  });

  it('per call: withTraceAttributes({ captureContent: false }) and the observation option', async () => {
    const { tracer, shipped } = pipeline();
    withTraceAttributes({ captureContent: false }, () => {
      tracer.startSpan('quiet-chat', { attributes: CHAT }).end();
      observe('quiet-manual', { kind: 'generation', input: 'x', output: 'y' }, () => undefined);
    });
    observe('quiet-option', { kind: 'generation', input: 'x', captureContent: false }, () => undefined);
    tracer.startSpan('loud-chat', { attributes: CHAT }).end();
    const spans = await shipped();
    for (const name of ['quiet-chat', 'quiet-manual', 'quiet-option']) {
      expect(Object.keys(spans.get(name)!).filter((k) => CONTENT_KEYS.test(k))).toEqual([]);
    }
    expect(spans.get('loud-chat')!['langfuse.observation.input']).toBeDefined();
  });

  it('the user mask runs on input, output, metadata and trace metadata, and fails closed', async () => {
    const { tracer, shipped } = pipeline({
      mask: (value, { field }) => {
        if (field === 'output') throw new Error('mask bug');
        if (field === 'metadata' || field === 'traceMetadata') return { ...(value as object), masked: field };
        return JSON.parse(JSON.stringify(value).replaceAll('hello', '[name]')) as unknown;
      },
    });
    await withTraceAttributes({ metadata: { plan: 'pro' } }, async () => {
      tracer.startSpan('chat', { attributes: { ...CHAT, 'gen_ai.response.id': 'r1' } }).end();
    });
    const chat = (await shipped()).get('chat')!;
    expect(chat['langfuse.observation.input']).toContain('[name]');
    expect(chat['langfuse.observation.input']).not.toContain('hello');
    expect(chat['langfuse.observation.output']).toBe(JSON.stringify(MASK_FAILED));
    expect(chat['langfuse.observation.metadata.masked']).toBe('metadata');
    expect(chat['langfuse.observation.metadata.response_id']).toBe('r1');
    expect([chat['langfuse.trace.metadata.plan'], chat['langfuse.trace.metadata.masked']]).toEqual(['pro', 'traceMetadata']);
  });

  it('the secret scrubber (on by default) cleans content, metadata, status messages and passed-through attributes', async () => {
    const key = ['sk', 'proj', 'A1b2C3d4E5f6G7h8I9j0K1l2M3'].join('-');
    const lf = ['sk', 'lf', '9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0'].join('-');
    const { tracer, shipped } = pipeline();
    tracer
      .startSpan('ai', {
        attributes: {
          ...AI_SDK,
          'ai.prompt.messages': JSON.stringify([{ role: 'user', content: `my key is ${key}` }]),
          'ai.response.text': `use Bearer ${'fl_'}live4Xk29sLq81ZpT0`,
          'ai.telemetry.metadata.note': `langfuse ${lf}`,
          'ai.request.headers.authorization': `Bearer ${key}`,
          'ai.request.headers.x-debug': `key=${key}`,
        },
      })
      .setStatus({ code: SpanStatusCode.ERROR, message: `401 Incorrect API key provided: ${key}` })
      .end();
    const ai = (await shipped()).get('ai')!;
    const text = JSON.stringify(ai);
    expect(text).not.toContain(key);
    expect(text).not.toContain(lf);
    expect(text).not.toContain('live4Xk29sLq81ZpT0');
    expect(ai['langfuse.observation.input']).toContain('<secret:openai-key>');
    expect(ai['langfuse.observation.status_message']).toBe(`401 Incorrect API key provided: <secret:openai-key>`);
    expect(ai['ai.request.headers.authorization']).toBeUndefined(); // credentials dropped by name
    expect(ai['ai.request.headers.x-debug']).toBe(`key=<secret:openai-key>`);
  });

  it('events and the OTLP status message are scrubbed too; content events are not shipped again', async () => {
    const key = ['sk', 'proj', 'A1b2C3d4E5f6G7h8I9j0K1l2M3'].join('-');
    const { tracer, views } = pipeline({ captureContent: false });
    const span = tracer.startSpan('chat', { attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4' } });
    span.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': '[{"role":"user","content":"private"}]' });
    span.recordException(new Error(`Incorrect API key provided: ${key}`));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `bad key ${key}` });
    span.end();
    const view = (await views()).get('chat')!;
    expect(JSON.stringify(view.events)).not.toContain(key);
    expect(JSON.stringify(view.events)).not.toContain('private');
    expect(view.events.map((e) => e.name)).toEqual(['exception']);
    expect(view.status.message).toBe(`bad key <secret:openai-key>`);
  });

  it('scrubSecrets: false leaves content as sent (credential headers are still dropped)', async () => {
    const key = ['sk', 'proj', 'A1b2C3d4E5f6G7h8I9j0K1l2M3'].join('-');
    const { tracer, shipped } = pipeline({ scrubSecrets: false });
    tracer.startSpan('ai', { attributes: { ...AI_SDK, 'ai.response.text': key, 'ai.request.headers.authorization': key } }).end();
    const ai = (await shipped()).get('ai')!;
    expect(ai['langfuse.observation.output']).toBe(JSON.stringify(key));
    expect(ai['ai.request.headers.authorization']).toBeUndefined();
  });

  it('per-field budget: visible cut marker with the exact number of bytes cut; big data URIs become a placeholder', async () => {
    const { tracer, shipped } = pipeline({ maxFieldBytes: 1_000 });
    const long = 'é'.repeat(3_000); // 6000 UTF-8 bytes
    const dataUri = `data:image/png;base64,${'A'.repeat(4_000)}`;
    const smallUri = 'data:image/png;base64,iVBORw0KGgo=';
    tracer.startSpan('ai', { attributes: { ...AI_SDK, 'ai.response.text': long } }).end();
    tracer
      .startSpan('img', {
        attributes: { ...CHAT, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'uri', uri: dataUri }, { type: 'uri', uri: smallUri }] }]) },
      })
      .end();
    const spans = await shipped();
    const output = JSON.parse(spans.get('ai')!['langfuse.observation.output'] as string) as string;
    const match = /…\[truncated (\d+) bytes\]$/.exec(output);
    expect(match).not.toBeNull();
    const kept = output.slice(0, match!.index);
    expect(Buffer.byteLength(kept) + Number(match![1])).toBe(6000);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(1_000);
    const input = JSON.parse(spans.get('img')!['langfuse.observation.input'] as string) as Array<{ parts: Array<{ uri: string }> }>;
    expect(input[1]!.parts[0]!.uri).toBe('<data:image/png;base64, 3000 bytes>');
    expect(input[1]!.parts[1]!.uri).toBe(smallUri);
  });
});
