/**
 * Builds OTLP trace requests for the receiver tests with the testkit's own protobuf schema
 * (no OpenTelemetry exporter involved), so a test can send exactly the bytes it means to,
 * invalid ones included.
 */
import { gzipSync } from 'node:zlib';
import { encodeOtlpTraceRequest, type LangfuseReceiver } from '@lamplight/testkit';

/** An OTLP `AnyValue` in protobufjs object form (bytes as Uint8Array). */
export type AnyValueObject = Record<string, unknown>;

/** `AnyValue` constructors, one per OTLP value type. */
export const av = {
  str: (value: string): AnyValueObject => ({ stringValue: value }),
  int: (value: number | string): AnyValueObject => ({ intValue: value }),
  dbl: (value: number): AnyValueObject => ({ doubleValue: value }),
  bool: (value: boolean): AnyValueObject => ({ boolValue: value }),
  arr: (...values: AnyValueObject[]): AnyValueObject => ({ arrayValue: { values } }),
  kvlist: (entries: Record<string, AnyValueObject>): AnyValueObject => ({ kvlistValue: { values: keyValues(entries) } }),
  bytes: (value: Uint8Array): AnyValueObject => ({ bytesValue: value }),
};

/** `{ key: AnyValue }` → repeated `KeyValue`. */
export function keyValues(entries: Record<string, AnyValueObject>): Array<{ key: string; value: AnyValueObject }> {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

/** Default ids: valid, non-zero. */
export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
export const ROOT_SPAN_ID = 'b7ad6b7169203331';
export const CHILD_SPAN_ID = '00f067aa0ba902b7';

/** A span to put in a request; ids are hex strings (any length, to test bad ones). */
export interface SpanSpec {
  name?: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: Record<string, AnyValueObject>;
  status?: { code?: number; message?: string };
  events?: Array<{ name: string; timeUnixNano: string; attributes?: Record<string, AnyValueObject> }>;
  links?: Array<{ traceId: string; spanId: string; attributes?: Record<string, AnyValueObject> }>;
}

/** Request-level options. */
export interface RequestSpec {
  resource?: Record<string, AnyValueObject>;
  scope?: { name: string; version?: string };
}

const hex = (value: string): Buffer => Buffer.from(value, 'hex');

function spanObject(spec: SpanSpec, ids: (value: string) => unknown): Record<string, unknown> {
  const span: Record<string, unknown> = {
    traceId: ids(spec.traceId ?? TRACE_ID),
    spanId: ids(spec.spanId ?? ROOT_SPAN_ID),
    name: spec.name ?? 'span',
    kind: spec.kind ?? 1,
    startTimeUnixNano: spec.startTimeUnixNano ?? '1700000000000000000',
    endTimeUnixNano: spec.endTimeUnixNano ?? '1700000000250000000',
    attributes: keyValues(spec.attributes ?? {}),
    events: (spec.events ?? []).map((event) => ({ ...event, attributes: keyValues(event.attributes ?? {}) })),
    links: (spec.links ?? []).map((link) => ({ traceId: ids(link.traceId), spanId: ids(link.spanId), attributes: keyValues(link.attributes ?? {}) })),
    status: spec.status ?? {},
  };
  if (spec.parentSpanId !== undefined) span.parentSpanId = ids(spec.parentSpanId);
  return span;
}

function requestObject(spans: SpanSpec[], request: RequestSpec, ids: (value: string) => unknown): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues(request.resource ?? { 'service.name': av.str('testkit-test') }) },
        scopeSpans: [{ scope: request.scope ?? { name: 'lamplight', version: '0.1.0' }, spans: spans.map((spec) => spanObject(spec, ids)) }],
      },
    ],
  };
}

/** Binary protobuf `ExportTraceServiceRequest`. */
export function protobufBody(spans: SpanSpec[], request: RequestSpec = {}): Buffer {
  return Buffer.from(encodeOtlpTraceRequest(requestObject(spans, request, hex)));
}

/** OTLP/JSON `ExportTraceServiceRequest` (hex ids, base64 bytes). */
export function jsonBody(spans: SpanSpec[], request: RequestSpec = {}): string {
  return JSON.stringify(requestObject(spans, request, (id) => id), (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
  );
}

/** Options for {@link post}. */
export interface PostOptions {
  /** Headers to send; `undefined` values remove the defaults. */
  headers?: Record<string, string | undefined>;
  gzip?: boolean;
  path?: string;
  method?: string;
}

/** What the receiver answered. */
export interface PostResult {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/**
 * POSTs a body to the receiver with valid defaults (auth, protobuf content type, ingestion
 * version 4) that each test overrides to break one thing at a time.
 */
export async function post(receiver: LangfuseReceiver, body: Uint8Array | string, options: PostOptions = {}): Promise<PostResult> {
  const headers: Record<string, string> = {};
  const merged: Record<string, string | undefined> = {
    authorization: receiver.authorizationHeader,
    'content-type': typeof body === 'string' ? 'application/json' : 'application/x-protobuf',
    'x-langfuse-ingestion-version': '4',
    ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
    ...options.headers,
  };
  for (const [name, value] of Object.entries(merged)) if (value !== undefined) headers[name] = value;
  const raw = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const payload = options.gzip ? gzipSync(raw) : raw;
  const response = await fetch(`${receiver.url}${options.path ?? '/api/public/otel/v1/traces'}`, {
    method: options.method ?? 'POST',
    headers,
    body: options.method === 'GET' ? undefined : payload,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}
