import { isSpanContextValid, trace, type Context, type SpanContext } from '@opentelemetry/api';
import { GEN_AI_CONTENT_EVENT_NAMES } from './content-events.js';
import type { ContentEventStore } from './content-event-store.js';

/** The part of an SDK log record the bridge reads (`@opentelemetry/sdk-logs` 0.2xx and 0.3xx). */
export interface LogRecordLike {
  readonly eventName?: string;
  readonly body?: unknown;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly spanContext?: SpanContext;
}

/**
 * A `LogRecordProcessor` (structurally, so core needs no logs SDK) that hands GenAI
 * content events to a `ContentEventStore` by the span context of the record (or of the
 * context it was emitted in). Other records are ignored. Never throws: a log pipeline must
 * not break the app.
 */
export class GenAiLogBridge {
  readonly store: ContentEventStore;

  constructor(store: ContentEventStore) {
    this.store = store;
  }

  onEmit(record: LogRecordLike, context?: Context): void {
    try {
      const attributes = record.attributes ?? {};
      const name = record.eventName ?? (typeof attributes['event.name'] === 'string' ? (attributes['event.name'] as string) : undefined);
      if (name === undefined || !GEN_AI_CONTENT_EVENT_NAMES.has(name)) return;
      const span = record.spanContext ?? (context ? trace.getSpanContext(context) : undefined);
      if (!span || !isSpanContextValid(span)) {
        this.store.countNoSpan();
        return;
      }
      this.store.add(span.traceId, span.spanId, { name, body: record.body, attributes });
    } catch {
      // A malformed record is skipped; the store's counters cover the records it accepted.
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
