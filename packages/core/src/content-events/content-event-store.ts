import type { Observation } from '../observation.js';
import { mergeContentEvents, type ContentEvent } from './content-events.js';

/** Counters of the content-event store: nothing is dropped without a count. */
export interface ContentEventStats {
  /** Records kept for a span. */
  stored: number;
  /** Records merged into an exported observation. */
  merged: number;
  /** Content records with no (valid) span context: nowhere to put them. */
  noSpan: number;
  /** Records whose span was already exported when they arrived. */
  afterExport: number;
  /** Records dropped because the store was full (oldest span first) or a span had too many. */
  overflow: number;
}

/**
 * What a span processor option needs from the store: called once per span, right after
 * `normalize(span)` and before the privacy gate.
 */
export interface ObservationEnricher {
  enrich(observation: Observation): Observation;
}

/** Limits of the store. */
export interface ContentEventStoreOptions {
  /** Spans with pending records; default 4096. */
  maxSpans?: number;
  /** Records per span; default 256. */
  maxEventsPerSpan?: number;
}

/**
 * Holds GenAI content events from log records until their span's observation is built, by
 * span id. Bounded: the oldest span's records leave first when full, and every record
 * that cannot be merged is counted by reason. A span id taken once is remembered (bounded
 * too), so a record arriving after its span was exported is counted as late.
 */
export class ContentEventStore implements ObservationEnricher {
  private readonly pending = new Map<string, ContentEvent[]>();
  private readonly taken = new Set<string>();
  private readonly maxSpans: number;
  private readonly maxEventsPerSpan: number;
  private readonly counters: ContentEventStats = { stored: 0, merged: 0, noSpan: 0, afterExport: 0, overflow: 0 };

  constructor(options: ContentEventStoreOptions = {}) {
    this.maxSpans = options.maxSpans ?? 4096;
    this.maxEventsPerSpan = options.maxEventsPerSpan ?? 256;
  }

  /** Keeps a record for span `spanId` of trace `traceId`. */
  add(traceId: string, spanId: string, event: ContentEvent): void {
    const key = `${traceId}-${spanId}`;
    if (this.taken.has(key)) {
      this.counters.afterExport++;
      return;
    }
    let list = this.pending.get(key);
    if (!list) {
      if (this.pending.size >= this.maxSpans) this.evictOldest();
      list = [];
      this.pending.set(key, list);
    }
    if (list.length >= this.maxEventsPerSpan) {
      this.counters.overflow++;
      return;
    }
    list.push(event);
    this.counters.stored++;
  }

  /** Counts a content record that had no span to belong to. */
  countNoSpan(): void {
    this.counters.noSpan++;
  }

  /**
   * Merges the span's records into its observation (once per span, right after
   * `normalize(span)`) and forgets them; later records for this span count as late.
   */
  enrich(observation: Observation): Observation {
    const key = `${observation.traceId}-${observation.spanId}`;
    this.remember(key);
    const events = this.pending.get(key);
    if (!events) return observation;
    this.pending.delete(key);
    this.counters.merged += events.length;
    return mergeContentEvents(observation, events);
  }

  /** A copy of the counters. */
  stats(): ContentEventStats {
    return { ...this.counters };
  }

  private evictOldest(): void {
    const oldest = this.pending.keys().next();
    if (oldest.done) return;
    this.counters.overflow += this.pending.get(oldest.value)?.length ?? 0;
    this.pending.delete(oldest.value);
  }

  private remember(key: string): void {
    if (this.taken.size >= this.maxSpans * 4) {
      const oldest = this.taken.values().next();
      if (!oldest.done) this.taken.delete(oldest.value);
    }
    this.taken.add(key);
  }
}
