/**
 * Decodes OTLP `ExportTraceServiceRequest` bodies (protobuf or OTLP/JSON) into
 * {@link DecodedSpan}s, enforcing the one structural rule Langfuse enforces at the door:
 * every span has a 16-byte trace id and an 8-byte span id, or the whole request is refused.
 */
import type { DecodedSpan, DecodedSpanKind, DecodedSpanLink, DecodedStatusCode } from './decoded-span.js';
import { convertKeyValues, toBigInt } from './otlp-any-value.js';
import { otlpTraceRequestType } from './otlp-proto-schema.js';

/**
 * Why a body could not be decoded: `'parse'` (not protobuf/JSON at all) or `'invalid-id'`
 * (a span with a missing, wrong-length or all-zero trace/span id).
 */
export type OtlpDecodeErrorKind = 'parse' | 'invalid-id';

/** A request body the receiver refuses with HTTP 400. */
export class OtlpDecodeError extends Error {
  /** Which rule the body broke. */
  readonly kind: OtlpDecodeErrorKind;

  /** @param kind which rule the body broke; @param message what exactly was wrong. */
  constructor(kind: OtlpDecodeErrorKind, message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
    this.kind = kind;
  }
}

/** A problem with one span that Langfuse would not refuse the request for. */
export interface SpanDecodeProblem {
  /** Trace id of the span. */
  traceId: string;
  /** Span id of the span. */
  spanId: string;
  /** Span name. */
  spanName: string;
  /** The OTLP field at fault, e.g. `parentSpanId`. */
  field: string;
  /** What was wrong. */
  reason: string;
}

/** The result of decoding one request body. */
export interface DecodedTraceRequest {
  /** Number of `ResourceSpans` entries; Langfuse answers `{}` early when this is 0. */
  resourceSpansCount: number;
  /** All spans, in request order. */
  spans: DecodedSpan[];
  /** Non-fatal problems (e.g. a malformed parent id). */
  problems: SpanDecodeProblem[];
}

const KIND_NAMES: readonly DecodedSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES: readonly DecodedStatusCode[] = ['unset', 'ok', 'error'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Maps an enum given as number (both formats) or, leniently, as its proto name. */
function enumName<T extends string>(value: unknown, names: readonly T[], prefix: string): T {
  if (typeof value === 'number') return names[value] ?? names[0]!;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    const short = lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
    const found = names.find((name) => name === short);
    if (found) return found;
  }
  return names[0]!;
}

/**
 * Reads an id as lowercase hex. Protobuf carries raw bytes; OTLP/JSON carries hex (the OTLP
 * spec's one exception to proto3 JSON's base64). Returns a reason string when invalid.
 */
function readId(value: unknown, byteLength: number): { hex: string } | { reason: string } {
  let hex: string;
  if (value instanceof Uint8Array) {
    if (value.length !== byteLength) return { reason: `must be ${byteLength} bytes, got ${value.length}` };
    hex = Buffer.from(value).toString('hex');
  } else if (typeof value === 'string') {
    if (!/^[0-9a-fA-F]*$/.test(value) || value.length !== byteLength * 2) {
      return { reason: `must be ${byteLength * 2} hex characters, got ${JSON.stringify(value)}` };
    }
    hex = value.toLowerCase();
  } else {
    return { reason: 'is missing' };
  }
  if (/^0+$/.test(hex)) return { reason: 'is all zeros' };
  return { hex };
}

function isEmptyId(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (value instanceof Uint8Array && value.length === 0);
}

function decodeLinks(list: unknown): DecodedSpanLink[] {
  const links: DecodedSpanLink[] = [];
  for (const link of asArray(list)) {
    if (!isRecord(link)) continue;
    const traceId = readId(link.traceId, 16);
    const spanId = readId(link.spanId, 8);
    // A bad link does not make Langfuse refuse the request, so it is dropped, not fatal.
    if (!('hex' in traceId) || !('hex' in spanId)) continue;
    links.push({ traceId: traceId.hex, spanId: spanId.hex, attributes: convertKeyValues(link.attributes).values });
  }
  return links;
}

interface SpanContext {
  resource: DecodedSpan['resource'];
  scope: DecodedSpan['scope'];
  position: string;
}

function decodeSpan(raw: Record<string, unknown>, context: SpanContext, problems: SpanDecodeProblem[]): DecodedSpan {
  const name = typeof raw.name === 'string' ? raw.name : '';
  const traceId = readId(raw.traceId, 16);
  if (!('hex' in traceId)) {
    throw new OtlpDecodeError('invalid-id', `span ${JSON.stringify(name)} (${context.position}): traceId ${traceId.reason}`);
  }
  const spanId = readId(raw.spanId, 8);
  if (!('hex' in spanId)) {
    throw new OtlpDecodeError('invalid-id', `span ${JSON.stringify(name)} (${context.position}): spanId ${spanId.reason}`);
  }
  const attributes = convertKeyValues(raw.attributes);
  const status = isRecord(raw.status) ? raw.status : {};
  const span: DecodedSpan = {
    traceId: traceId.hex,
    spanId: spanId.hex,
    name,
    kind: enumName(raw.kind, KIND_NAMES, 'span_kind_'),
    startTimeUnixNano: toBigInt(raw.startTimeUnixNano) ?? 0n,
    endTimeUnixNano: toBigInt(raw.endTimeUnixNano) ?? 0n,
    attributes: attributes.values,
    attributeTypes: attributes.types,
    status: { code: enumName(status.code, STATUS_NAMES, 'status_code_') },
    events: asArray(raw.events).filter(isRecord).map((event) => ({
      name: typeof event.name === 'string' ? event.name : '',
      timeUnixNano: toBigInt(event.timeUnixNano) ?? 0n,
      attributes: convertKeyValues(event.attributes).values,
    })),
    links: decodeLinks(raw.links),
    resource: context.resource,
    scope: context.scope,
  };
  if (typeof status.message === 'string' && status.message !== '') span.status.message = status.message;
  if (!isEmptyId(raw.parentSpanId)) {
    const parent = readId(raw.parentSpanId, 8);
    if ('hex' in parent) span.parentSpanId = parent.hex;
    else problems.push({ traceId: span.traceId, spanId: span.spanId, spanName: name, field: 'parentSpanId', reason: `parentSpanId ${parent.reason}` });
  }
  return span;
}

/**
 * Walks an `ExportTraceServiceRequest` given as a plain object (from protobufjs `toObject`
 * or from `JSON.parse`) and decodes every span. Missing or non-array lists count as empty,
 * like a proto3 reader would treat them.
 *
 * @throws {@link OtlpDecodeError} with kind `'invalid-id'` when any span has a bad id.
 */
export function decodeTraceRequestObject(request: unknown): DecodedTraceRequest {
  const resourceSpans = isRecord(request) ? asArray(request.resourceSpans) : [];
  const spans: DecodedSpan[] = [];
  const problems: SpanDecodeProblem[] = [];
  resourceSpans.forEach((rs, rsIndex) => {
    if (!isRecord(rs)) return;
    const resource = convertKeyValues(isRecord(rs.resource) ? rs.resource.attributes : undefined).values;
    asArray(rs.scopeSpans).forEach((ss, ssIndex) => {
      if (!isRecord(ss)) return;
      const rawScope = isRecord(ss.scope) ? ss.scope : {};
      const scope: DecodedSpan['scope'] = { name: typeof rawScope.name === 'string' ? rawScope.name : '' };
      if (typeof rawScope.version === 'string' && rawScope.version !== '') scope.version = rawScope.version;
      asArray(ss.spans).forEach((raw, spanIndex) => {
        if (!isRecord(raw)) return;
        const position = `resourceSpans[${rsIndex}].scopeSpans[${ssIndex}].spans[${spanIndex}]`;
        spans.push(decodeSpan(raw, { resource, scope, position }, problems));
      });
    });
  });
  return { resourceSpansCount: resourceSpans.length, spans, problems };
}

/**
 * Decodes a binary protobuf `ExportTraceServiceRequest`.
 *
 * @throws {@link OtlpDecodeError} `'parse'` for bytes that are not the message, `'invalid-id'` for bad ids.
 */
export function decodeOtlpProtobuf(body: Uint8Array): DecodedTraceRequest {
  const type = otlpTraceRequestType();
  let plain: Record<string, unknown>;
  try {
    // `longs: String` keeps nanosecond times exact; bytes stay Uint8Array (the default).
    plain = type.toObject(type.decode(body), { longs: String, enums: Number });
  } catch (error) {
    throw new OtlpDecodeError('parse', `Failed to parse OTel Protobuf Trace: ${(error as Error).message}`);
  }
  return decodeTraceRequestObject(plain);
}

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` (hex ids, base64 bytes, 64-bit integers
 * as strings or numbers).
 *
 * @throws {@link OtlpDecodeError} `'parse'` for invalid JSON, `'invalid-id'` for bad ids.
 */
export function decodeOtlpJson(body: Uint8Array | string): DecodedTraceRequest {
  let plain: unknown;
  try {
    plain = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError('parse', `Failed to parse OTel JSON Trace: ${(error as Error).message}`);
  }
  return decodeTraceRequestObject(plain);
}
