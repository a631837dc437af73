import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';

/**
 * The part of an SDK `ReadableSpan` Lamplight reads. Declared structurally so the
 * processor works with the OTel JS 2.x (`sdk-trace-base`) and 3.x (`sdk-trace`) lines alike.
 */
export interface ReadableSpanLike {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  /** 2.x and later. */
  readonly parentSpanContext?: SpanContext;
  /** 1.x spelling, still seen in spans from older SDKs. */
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: ReadonlyArray<{ name: string; time: HrTime; attributes?: Attributes }>;
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: { attributes: Attributes };
  readonly instrumentationScope: { name: string; version?: string; schemaUrl?: string };
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/** The writable span handed to `SpanProcessor.onStart`. */
export interface WritableSpanLike {
  setAttribute(key: string, value: unknown): unknown;
  spanContext(): SpanContext;
}

/** Parent span id of a span from either SDK line, or undefined for a root span. */
export function parentSpanIdOf(span: ReadableSpanLike): string | undefined {
  return span.parentSpanContext?.spanId ?? span.parentSpanId ?? undefined;
}

/** Converts an OTel `HrTime` to epoch milliseconds (fractional). */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1e3 + time[1] / 1e6;
}
