import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { TimeSlicer } from '@lamplight/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTraceRequest } from '../src/otlp-writer.js';
import { decodeOfficial } from './otlp-official-decode.js';
import { spanBatch } from './otlp-span-arbitraries.js';

const stock = (spans: unknown[]) => ProtobufTraceSerializer.serializeRequest(spans as never)!;

describe('encodeTraceRequest', () => {
  it('decodes, with the official OTLP schema, to exactly what the stock serializer decodes to', async () => {
    await fc.assert(
      fc.asyncProperty(spanBatch(), fc.boolean(), async (spans, yieldEverySpan) => {
        const ours = await encodeTraceRequest(spans, yieldEverySpan ? new TimeSlicer(0) : undefined);
        const theirs = stock(spans);
        expect(decodeOfficial(ours)).toEqual(decodeOfficial(theirs));
        expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
