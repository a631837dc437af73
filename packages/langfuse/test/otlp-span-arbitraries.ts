import type { ReadableSpanLike } from '@lamplight/core';
import fc from 'fast-check';

/**
 * fast-check generators of spans as the OTLP serializers read them (the fields of a
 * `ReadableSpan`), covering every value the stock serializer distinguishes.
 */

/** UTF-16 units worth singling out: ASCII, 2- and 3-byte code points, both surrogate halves, U+FFFD, NUL. */
const SPECIAL_UNITS = [0x00, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x4e2d, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff];

/** A piece of text: ASCII, any UTF-16 unit (so lone and mismatched surrogates), or an astral code point as its pair. */
const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_UNITS).map((u) => String.fromCharCode(u)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.constantFrom('é', '中文', '😀', '👩‍💻', '\u{1F600}\uD800', '\uDC00\uD83D') },
);

/** Text of any kind, including the empty string. */
export const text: fc.Arbitrary<string> = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

/**
 * Strings whose UTF-16 length sits at a varint band edge of the length prefix (127/128,
 * 16383/16384) filled with 1-, 2- or 3-byte units: the UTF-8 length then lands in the same
 * or the next band, which is where a writer reserving prefix bytes has to move content.
 */
const bandEdgeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(40, 42, 43, 63, 64, 120, 125, 126, 127, 128, 129, 5460, 5462, 8191, 8192, 16380, 16383, 16384, 16390), fc.constantFrom('a', 'é', '中', '\uD800'))
  .map(([length, unit]) => unit.repeat(length));

/** Long strings (well past 64 KB for some) of ASCII with non-ASCII sprinkled in. */
export const longText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 300_000 }), fc.array(text, { maxLength: 3 }))
  .map(([length, extras]) => extras.join('').concat('x'.repeat(length), ...extras));

/** Integers the stock writer sends as int_value (also past 2^53) or as doubles (past ±2^63). */
const numbers: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: 0, max: 200 }),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.5, -1.5, 1e-300, 2 ** 31, 2 ** 32, -(2 ** 31), -(2 ** 32), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 62, 2 ** 63, -(2 ** 63), 2 ** 64, -(2 ** 64), 1e21, Number.MAX_VALUE, Number.MIN_VALUE),
);

/** A value the stock mapping turns into nothing (an empty AnyValue). */
const unmappable: fc.Arbitrary<unknown> = fc.constantFrom(undefined, null, 10n, () => 1, Symbol('s'));

/** Any attribute value, nested arrays and objects included (the stock serializer maps them). */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.boolean(),
    numbers,
    bandEdgeText,
    unmappable,
    fc.uint8Array({ maxLength: 40 }),
    fc.array(fc.oneof(text, numbers, fc.boolean(), unmappable), { maxLength: 5 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
    fc.constant(new Date(0)),
    fc.constant([]),
    // A sparse array: its hole is visited as undefined.
    fc.constant(Object.assign(new Array<unknown>(3), { 0: 1, 2: 'x' })),
  ),
})).value;

/** An attribute map: keys of any text, values of any kind. */
export const attributes: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(text, anyValue, { maxKeys: 6 });

/**
 * Lower- or upper-case hex of `bytes` bytes, as span contexts carry ids; now and then a
 * malformed id (any text, odd lengths too), which the stock writer still converts pair by pair.
 */
const hexId = (bytes: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.uint8Array({ minLength: bytes, maxLength: bytes }), fc.boolean()).map(([b, upper]) => {
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return upper ? hex.toUpperCase() : hex;
    }) },
    { weight: 1, arbitrary: text.filter((t) => t.length > 0) },
  );

/** HrTime [seconds, nanoseconds] from 1970 to past 2262 (within fixed64 nanoseconds). */
const hrTime = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 18_446_744_072 }), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 })), fc.integer({ min: 0, max: 999_999_999 }));

const traceState = fc.option(text.map((s) => ({ serialize: () => s })), { nil: undefined });

const spanContext = fc.record({ traceId: hexId(16), spanId: hexId(8), traceFlags: fc.integer({ min: 0, max: 255 }), traceState, isRemote: fc.option(fc.boolean(), { nil: undefined }) });

const optionalCount = fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined });

const event = fc.record({ name: text, time: hrTime, attributes: fc.option(attributes, { nil: undefined }), droppedAttributesCount: optionalCount });

const link = fc.record({ context: spanContext, attributes: fc.option(attributes, { nil: undefined }), droppedAttributesCount: optionalCount });

/** A resource as the serializers read it: attributes and an optional schema URL. */
export const resource = fc.record({ attributes, schemaUrl: fc.option(text, { nil: undefined }) }, { requiredKeys: ['attributes'] });

/** An instrumentation scope: name, and optional version, schema URL, attributes, dropped count. */
export const scope = fc.record(
  { name: text, version: fc.option(text, { nil: undefined }), schemaUrl: fc.option(text, { nil: undefined }), attributes: attributes, droppedAttributesCount: fc.integer({ min: 0, max: 5 }) },
  { requiredKeys: ['name'] },
);

/** The fields of a span other than its resource and scope. */
const spanFields = fc.record({
  name: fc.oneof(text, bandEdgeText),
  kind: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  context: spanContext,
  parent: fc.option(fc.record({ spanId: fc.oneof(hexId(8), fc.constant('')), isRemote: fc.option(fc.boolean(), { nil: undefined }) }), { nil: undefined }),
  startTime: hrTime,
  endTime: hrTime,
  attributes,
  droppedAttributesCount: fc.integer({ min: 0, max: 1000 }),
  events: fc.array(event, { maxLength: 3 }),
  droppedEventsCount: fc.integer({ min: 0, max: 5 }),
  links: fc.array(link, { maxLength: 2 }),
  droppedLinksCount: fc.integer({ min: 0, max: 5 }),
  status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.option(fc.oneof(text, fc.constant('')), { nil: undefined }) }, { requiredKeys: ['code'] }),
  resourceIndex: fc.nat(),
  scopeIndex: fc.nat(),
});

/**
 * A batch of spans over a few resources and scopes, shared by identity as the SDK shares
 * them (two equal scopes that are different objects stay two groups, as in stock).
 */
export function spanBatch(options: { maxSpans?: number; extraAttributes?: fc.Arbitrary<Record<string, unknown>> } = {}): fc.Arbitrary<ReadableSpanLike[]> {
  const extra = options.extraAttributes ?? fc.constant({});
  return fc
    .record({
      resources: fc.array(resource, { minLength: 1, maxLength: 3 }),
      scopes: fc.array(scope, { minLength: 1, maxLength: 3 }),
      spans: fc.array(fc.tuple(spanFields, extra), { maxLength: options.maxSpans ?? 6 }),
    })
    .map(({ resources, scopes, spans }) =>
      spans.map(([f, more]) => {
        const ctx = { traceId: f.context.traceId, spanId: f.context.spanId, traceFlags: f.context.traceFlags, traceState: f.context.traceState, isRemote: f.context.isRemote };
        return {
          name: f.name,
          kind: f.kind,
          spanContext: () => ctx,
          parentSpanContext: f.parent && { traceId: ctx.traceId, spanId: f.parent.spanId, traceFlags: 1, isRemote: f.parent.isRemote },
          startTime: f.startTime,
          endTime: f.endTime,
          attributes: { ...f.attributes, ...more },
          droppedAttributesCount: f.droppedAttributesCount,
          events: f.events,
          droppedEventsCount: f.droppedEventsCount,
          links: f.links,
          droppedLinksCount: f.droppedLinksCount,
          status: f.status,
          resource: resources[f.resourceIndex % resources.length],
          instrumentationScope: scopes[f.scopeIndex % scopes.length],
          duration: [0, 0],
          ended: true,
        } as unknown as ReadableSpanLike;
      }),
    );
}
