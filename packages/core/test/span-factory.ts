import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { ReadableSpanLike } from '../src/index.js';

/** Fields of a synthetic span that tests commonly change. */
export interface SpanOptions {
  name?: string;
  scope?: string;
  status?: ReadableSpanLike['status'];
  events?: ReadableSpanLike['events'];
  parentSpanId?: string;
  spanId?: string;
}

let counter = 0;

/**
 * A finished span with `attributes`, as the SDK hands it to a processor. Starts at
 * 2023-11-14T22:13:20Z and lasts 2.5 s; status UNSET unless given.
 */
export function makeSpan(attributes: Attributes, options: SpanOptions = {}): ReadableSpanLike {
  const spanId = options.spanId ?? (++counter).toString(16).padStart(16, 'a');
  const ctx = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: 1 };
  return {
    name: options.name ?? 'span',
    kind: 0,
    spanContext: () => ctx,
    parentSpanContext: options.parentSpanId ? { traceId: ctx.traceId, spanId: options.parentSpanId, traceFlags: 1 } : undefined,
    startTime: [1_700_000_000, 0],
    endTime: [1_700_000_002, 500_000_000],
    status: options.status ?? { code: SpanStatusCode.UNSET },
    attributes,
    links: [],
    events: options.events ?? [],
    duration: [2, 500_000_000],
    ended: true,
    resource: { attributes: {} },
    instrumentationScope: { name: options.scope ?? 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
