import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeOtlpProtobuf, startLangfuseReceiver, type DecodedSpan, type LangfuseReceiver } from '@lamplight/testkit';
import { av, CHILD_SPAN_ID, jsonBody, post, protobufBody, ROOT_SPAN_ID, TRACE_ID, type SpanSpec } from './helpers/otlp-request-builder.js';

let receiver: LangfuseReceiver;
beforeEach(async () => {
  receiver = await startLangfuseReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const OTHER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const LINKED_SPAN = '1111111111111111';

/** A span exercising every field and value type the decoder handles. */
const richSpan: SpanSpec = {
  name: 'chat gpt-4o-mini',
  parentSpanId: ROOT_SPAN_ID,
  spanId: CHILD_SPAN_ID,
  kind: 3,
  // Above 2^53: only exact if read as 64-bit, not through a JS number.
  startTimeUnixNano: '1700000000123456789',
  endTimeUnixNano: '1700000001987654321',
  attributes: {
    'langfuse.observation.type': av.str('generation'),
    'langfuse.observation.prompt.version': av.int(3),
    'big.int': av.int('9007199254740993'),
    'negative.int': av.int(-42),
    'temperature': av.dbl(0.7),
    'whole.double': av.dbl(2),
    'stream': av.bool(false),
    'empty.string': av.str(''),
    'langfuse.trace.tags': av.arr(av.str('a'), av.str('b')),
    'mixed': av.arr(av.int(1), av.str('x'), av.arr(av.bool(true))),
    'nested': av.kvlist({ inner: av.str('v'), deeper: av.kvlist({ n: av.int(7) }) }),
    'blob': av.bytes(new Uint8Array([0, 1, 254, 255])),
  },
  status: { code: 2, message: 'rate limited' },
  events: [{ name: 'exception', timeUnixNano: '1700000001000000001', attributes: { 'exception.type': av.str('RateLimitError') } }],
  links: [{ traceId: OTHER_TRACE, spanId: LINKED_SPAN, attributes: { reason: av.str('retry-of') } }],
};

const expectedRichSpan: DecodedSpan = {
  traceId: TRACE_ID,
  spanId: CHILD_SPAN_ID,
  parentSpanId: ROOT_SPAN_ID,
  name: 'chat gpt-4o-mini',
  kind: 'client',
  startTimeUnixNano: 1700000000123456789n,
  endTimeUnixNano: 1700000001987654321n,
  attributes: {
    'langfuse.observation.type': 'generation',
    'langfuse.observation.prompt.version': 3,
    'big.int': 9007199254740993n,
    'negative.int': -42,
    'temperature': 0.7,
    'whole.double': 2,
    'stream': false,
    'empty.string': '',
    'langfuse.trace.tags': ['a', 'b'],
    'mixed': [1, 'x', [true]],
    'nested': { inner: 'v', deeper: { n: 7 } },
    'blob': new Uint8Array([0, 1, 254, 255]),
  },
  attributeTypes: {
    'langfuse.observation.type': 'string',
    'langfuse.observation.prompt.version': 'int',
    'big.int': 'int',
    'negative.int': 'int',
    'temperature': 'double',
    'whole.double': 'double',
    'stream': 'bool',
    'empty.string': 'string',
    'langfuse.trace.tags': 'array',
    'mixed': 'array',
    'nested': 'kvlist',
    'blob': 'bytes',
  },
  status: { code: 'error', message: 'rate limited' },
  events: [{ name: 'exception', timeUnixNano: 1700000001000000001n, attributes: { 'exception.type': 'RateLimitError' } }],
  links: [{ traceId: OTHER_TRACE, spanId: LINKED_SPAN, attributes: { reason: 'retry-of' } }],
  resource: { 'service.name': 'svc', 'host.count': 2 },
  scope: { name: 'lamplight', version: '0.1.0' },
};

const requestSpec = { resource: { 'service.name': av.str('svc'), 'host.count': av.int(2) } };

describe('Langfuse receiver: decoding', () => {
  it('decodes every field of a protobuf span exactly', async () => {
    expect((await post(receiver, protobufBody([richSpan], requestSpec))).status).toBe(200);
    const [span] = await receiver.waitForSpans(1);
    expect(span).toEqual(expectedRichSpan);
    expect(typeof span?.attributes['big.int']).toBe('bigint');
    expect(typeof span?.attributes['langfuse.observation.prompt.version']).toBe('number');
  });

  it('decodes the same span from OTLP/JSON (hex ids, base64 bytes, string int64) identically', async () => {
    expect((await post(receiver, jsonBody([richSpan], requestSpec))).status).toBe(200);
    expect(receiver.spans()).toEqual([expectedRichSpan]);
  });

  it('decodes JSON with numbers for int64 and enum names leniently', async () => {
    const body = JSON.stringify({
      resourceSpans: [{
        scopeSpans: [{
          scope: { name: 'ai' },
          spans: [{
            traceId: TRACE_ID.toUpperCase(),
            spanId: ROOT_SPAN_ID,
            name: 'json',
            kind: 'SPAN_KIND_SERVER',
            startTimeUnixNano: 1000,
            endTimeUnixNano: '2000',
            attributes: [{ key: 'n', value: { intValue: 5 } }, { key: 'nan', value: { doubleValue: 'NaN' } }, { key: 'none', value: {} }],
            status: { code: 1 },
          }],
        }],
      }],
    });
    expect((await post(receiver, body)).status).toBe(200);
    const [span] = receiver.spans();
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      kind: 'server',
      startTimeUnixNano: 1000n,
      endTimeUnixNano: 2000n,
      attributes: { n: 5, none: null },
      attributeTypes: { n: 'int', nan: 'double', none: 'empty' },
      status: { code: 'ok' },
      scope: { name: 'ai' },
      resource: {},
    });
    expect(span?.scope.version).toBeUndefined();
    expect(span?.status.message).toBeUndefined();
    expect(Number.isNaN(span?.attributes.nan)).toBe(true);
  });

  it('keeps root spans without parentSpanId and groups spans by trace', async () => {
    await post(receiver, protobufBody([{ name: 'root' }, { name: 'child', spanId: CHILD_SPAN_ID, parentSpanId: ROOT_SPAN_ID }]));
    await post(receiver, protobufBody([{ name: 'other', traceId: OTHER_TRACE }]));
    await receiver.waitForSpans(3);
    const trace = receiver.trace(TRACE_ID.toUpperCase());
    expect(trace.map((span) => span.name)).toEqual(['root', 'child']);
    expect(trace[0]).not.toHaveProperty('parentSpanId');
    expect(receiver.trace(OTHER_TRACE).map((span) => span.name)).toEqual(['other']);
    expect(receiver.trace('f'.repeat(32))).toEqual([]);
  });

  it('drops links with malformed ids instead of failing the span', () => {
    const decoded = decodeOtlpProtobuf(protobufBody([{ links: [{ traceId: 'ab', spanId: LINKED_SPAN }, { traceId: OTHER_TRACE, spanId: LINKED_SPAN }] }]));
    expect(decoded.spans[0]?.links).toEqual([{ traceId: OTHER_TRACE, spanId: LINKED_SPAN, attributes: {} }]);
  });

  it('stores an attribute named __proto__ as data, not as a prototype', () => {
    const decoded = decodeOtlpProtobuf(protobufBody([{ attributes: { ['__proto__']: av.str('x'), polluted: av.str('y') } }]));
    const attributes = decoded.spans[0]?.attributes ?? {};
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toEqual(['__proto__', 'polluted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
