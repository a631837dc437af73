import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode, type Link } from '@opentelemetry/api';
import type { ReadableSpanLike } from '@lamplight/core';
import { normalize, prepareObservation, TimeSlicer, toLangfuseSpan } from '@lamplight/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTraceRequest } from '../src/otlp-writer.js';
import { decodeOfficial } from './otlp-official-decode.js';
import { longText, spanBatch, text } from './otlp-span-arbitraries.js';

const stock = (spans: readonly unknown[]) => ProtobufTraceSerializer.serializeRequest(spans as never)!;

/** Both encodings of `spans`, decoded with the official schema, must be equal — and so must the bytes. */
async function expectSameAsStock(spans: readonly ReadableSpanLike[], slicer?: TimeSlicer): Promise<void> {
  const ours = await encodeTraceRequest(spans, slicer);
  const theirs = stock(spans);
  expect(decodeOfficial(ours)).toEqual(decodeOfficial(theirs));
  expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
}

/** Real SDK spans (with events, links, a remote parent) rendered into Langfuse views, as the exporter sends them. */
function langfuseViews(prompts: string[]): ReadableSpanLike[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('views', '1.2.3');
  const root = tracer.startSpan('POST /chat', { kind: SpanKind.SERVER });
  const link: Link = { context: root.spanContext(), attributes: { why: 'retry', n: 2 } };
  prompts.forEach((prompt, i) => {
    const span = tracer.startSpan(`chat ${i}`, {
      kind: SpanKind.CLIENT,
      links: [link],
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 1200 + i,
        'gen_ai.request.temperature': 0.25,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `answer ${i} ✓` }] }]),
        'app.tags': ['a', 'b', ''],
      },
    });
    span.addEvent('retry', { attempt: i, 'http.status_code': 429 });
    span.setStatus(i % 2 === 0 ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: `failed ${i}` });
    span.end();
  });
  root.end();
  return memory.getFinishedSpans().map((span) => toLangfuseSpan(span, prepareObservation(normalize(span), { captureContent: true, maxFieldBytes: 1_048_576, scrubSecrets: true })));
}

describe('encodeTraceRequest', () => {
  it('decodes, with the official OTLP schema, to exactly what the stock serializer decodes to (random spans)', async () => {
    await fc.assert(
      fc.asyncProperty(spanBatch(), fc.boolean(), async (spans, yieldEverySpan) => expectSameAsStock(spans, yieldEverySpan ? new TimeSlicer(0) : undefined)),
      { numRuns: 400 },
    );
  });

  it('matches stock on long strings (past 64 KB, non-ASCII at either end) in attributes, and on many spans', async () => {
    const longAttributes = fc.dictionary(text, longText, { minKeys: 1, maxKeys: 2 });
    await fc.assert(
      fc.asyncProperty(spanBatch({ maxSpans: 5, extraAttributes: longAttributes }), async (spans) => expectSameAsStock(spans, new TimeSlicer(0))),
      { numRuns: 25 },
    );
    await fc.assert(fc.asyncProperty(spanBatch({ maxSpans: 60 }), async (spans) => expectSameAsStock(spans)), { numRuns: 15 });
  });

  it('matches stock on real SDK spans rendered into Langfuse views (events, links, status, unicode, 50 KB prompts)', async () => {
    const prompts = ['hi', 'é'.repeat(70), '😀 lone \uD800 and \uDFFF', 'x'.repeat(50 * 1024), '中'.repeat(20_000)];
    const views = langfuseViews(prompts);
    expect(views.map((v) => v.events.length)).toContain(1);
    await expectSameAsStock(views);
    await expectSameAsStock(views, new TimeSlicer(0));
  });

  it('yields to the event loop between spans when its slice is used up, and a returned request never changes afterwards', async () => {
    const views = langfuseViews(Array.from({ length: 50 }, (_, i) => `${i} `.repeat(25 * 1024)));
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // A slice of 0 ms is always used up: the writer must hand the event loop back after every span.
    const first = await encodeTraceRequest(views, new TimeSlicer(0));
    ticking = false;
    expect(turns).toBeGreaterThanOrEqual(views.length - 1);
    const copy = Uint8Array.from(first);
    await encodeTraceRequest(langfuseViews(['other']));
    expect(Buffer.from(first).equals(Buffer.from(copy))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(stock(views)))).toBe(true);
  });

  it('matches stock when keys repeat across batches and when more distinct keys come than it remembers', async () => {
    const views = langfuseViews(['a', 'b']);
    const manyKeys = views.map((view, v) => ({ ...view, attributes: Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k.${v}.${i}.ü`, i])) }) as ReadableSpanLike);
    for (let round = 0; round < 2; round++) {
      await expectSameAsStock(views);
      await expectSameAsStock(manyKeys);
    }
  });

  it('writes an empty request for no spans, as stock does', async () => {
    expect((await encodeTraceRequest([])).length).toBe(0);
    expect(stock([]).length).toBe(0);
  });
});
