/**
 * The shape the receivers hand to tests: one flat, JSON-like record per OTLP span.
 *
 * Why a shape of our own instead of the protobuf message: tests should assert on hex ids,
 * plain attribute maps and exact `bigint` times, and should be able to tell an `int`
 * attribute from a `double` or a `string` one, because Langfuse treats them differently
 * (a string `prompt.version` drops the generation).
 */

/** A key/value list attribute (`kvlistValue`), as a plain object. */
export interface AttributeKvList {
  [key: string]: AttributeValue;
}

/**
 * A decoded OTLP `AnyValue`.
 *
 * - `string`, `boolean`: as sent.
 * - `int` values: a `number` when it is a safe integer, otherwise a `bigint` (never rounded).
 * - `double` values: a `number` (`NaN` and `±Infinity` included).
 * - `bytes`: a `Uint8Array`.
 * - arrays and kvlists: nested values.
 * - `null`: an `AnyValue` with no value set.
 */
export type AttributeValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | null
  | AttributeValue[]
  | AttributeKvList;

/**
 * Which `AnyValue` field carried an attribute. `'empty'` marks an `AnyValue` with none set.
 */
export type AttributeType = 'string' | 'int' | 'double' | 'bool' | 'array' | 'kvlist' | 'bytes' | 'empty';

/**
 * OTLP span kind, by name. Names rather than numbers because the OTLP enum is offset by one
 * from `@opentelemetry/api`'s `SpanKind` (OTLP `1` is INTERNAL, API `0` is INTERNAL).
 */
export type DecodedSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** OTLP status code, by name (`STATUS_CODE_UNSET` → `'unset'`, …). */
export type DecodedStatusCode = 'unset' | 'ok' | 'error';

/** A span event (for example the `exception` event a failed call records). */
export interface DecodedSpanEvent {
  /** Event name, e.g. `exception`. */
  name: string;
  /** Event time in nanoseconds since the Unix epoch (exact). */
  timeUnixNano: bigint;
  /** Event attributes. */
  attributes: Record<string, AttributeValue>;
}

/** A span link. Links with malformed ids are dropped rather than failing the request. */
export interface DecodedSpanLink {
  /** Linked trace id, 32 lowercase hex characters. */
  traceId: string;
  /** Linked span id, 16 lowercase hex characters. */
  spanId: string;
  /** Link attributes. */
  attributes: Record<string, AttributeValue>;
}

/**
 * One span as the receiver decoded it from an OTLP request (protobuf or JSON).
 *
 * @example
 * ```ts
 * const [span] = await receiver.waitForSpans(1);
 * span.attributes['langfuse.observation.type']; // 'generation'
 * span.attributeTypes['langfuse.observation.prompt.version']; // 'int'
 * span.endTimeUnixNano - span.startTimeUnixNano; // duration in ns, as bigint
 * ```
 */
export interface DecodedSpan {
  /** Trace id, 32 lowercase hex characters (16 bytes, never all zero). */
  traceId: string;
  /** Span id, 16 lowercase hex characters (8 bytes, never all zero). */
  spanId: string;
  /** Parent span id, 16 lowercase hex characters; absent on root spans. */
  parentSpanId?: string;
  /** Span name. */
  name: string;
  /** Span kind, by OTLP name. */
  kind: DecodedSpanKind;
  /** Start time in nanoseconds since the Unix epoch (exact). */
  startTimeUnixNano: bigint;
  /** End time in nanoseconds since the Unix epoch (exact). */
  endTimeUnixNano: bigint;
  /** Span attributes by key (a repeated key keeps its last value, as OTLP readers do). */
  attributes: Record<string, AttributeValue>;
  /** For each key in `attributes`, which `AnyValue` field carried it. */
  attributeTypes: Record<string, AttributeType>;
  /** Span status; `message` only when non-empty. */
  status: { code: DecodedStatusCode; message?: string };
  /** Span events in the order sent. */
  events: DecodedSpanEvent[];
  /** Span links in the order sent. */
  links: DecodedSpanLink[];
  /** Resource attributes of the `ResourceSpans` the span came in (e.g. `service.name`). */
  resource: Record<string, AttributeValue>;
  /** Instrumentation scope of the `ScopeSpans` the span came in; `version` only when non-empty. */
  scope: { name: string; version?: string };
}
