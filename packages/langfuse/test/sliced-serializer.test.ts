import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeOtlpProtobuf } from '@lamplight/testkit';
import { describe, expect, it } from 'vitest';
import { serializeSliced } from '../src/sliced-serializer.js';

function spans(count: number) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('slices');
  for (let i = 0; i < count; i++) tracer.startSpan(`span ${i}`, { attributes: { 'gen_ai.request.model': 'm', i, text: 'x'.repeat(500 + i) } }).end();
  return memory.getFinishedSpans();
}

describe('serializeSliced', () => {
  it('encodes many slices whose concatenation decodes as one request with every span', async () => {
    const input = spans(40);
    const sliced = await serializeSliced(input as never, 2_000);
    const whole = ProtobufTraceSerializer.serializeRequest(input)!;
    const decoded = decodeOtlpProtobuf(sliced);
    expect(decoded.resourceSpansCount).toBeGreaterThan(5);
    const simple = (s: { spanId: string; name: string; attributes: Record<string, unknown> }) => ({ id: s.spanId, name: s.name, attributes: s.attributes });
    expect(decoded.spans.map(simple)).toEqual(decodeOtlpProtobuf(whole).spans.map(simple));
  });

  it('produces exactly the stock encoding when everything fits one slice', async () => {
    const input = spans(3);
    expect(Buffer.from(await serializeSliced(input as never)).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(input)!))).toBe(true);
  });
});
