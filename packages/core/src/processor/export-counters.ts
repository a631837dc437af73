import type { DropReason, ExportOutcome } from './export-types.js';
import { addDrops } from './outcome-arithmetic.js';

/** The counters an HTTP exporter reports from `stats()`. */
export interface ExportCounterStats {
  /** HTTP attempts made, retries included. */
  requests: number;
  /** Request body bytes as sent (after compression, when the exporter compresses). */
  bytesSent: number;
  /** Items the destination took. */
  exported: number;
  /** Items not delivered, by reason; only reasons that occurred are present. */
  dropped: Partial<Record<DropReason, number>>;
  /** The last error, as the exporter worded it (without secrets); absent until one occurs. */
  lastError?: string;
}

/**
 * The running counters of one HTTP exporter since its construction: every request attempt
 * and its bytes as they go out, every export call's outcome as it resolves.
 */
export class ExportCounters {
  private readonly counts: ExportCounterStats = { requests: 0, bytesSent: 0, exported: 0, dropped: {} };

  /** Counts one HTTP attempt of `bytes` body bytes; called per attempt so retries count too. */
  countRequest(bytes: number): void {
    this.counts.requests++;
    this.counts.bytesSent += bytes;
  }

  /** Adds an export call's outcome to the totals and returns it, so a call can end with `return counters.tally(outcome)`. */
  tally(outcome: ExportOutcome): ExportOutcome {
    this.counts.exported += outcome.exported;
    addDrops(this.counts.dropped, outcome.dropped);
    if (outcome.error) this.counts.lastError = outcome.error.message;
    return outcome;
  }

  /** A copy of the counters: callers may keep or change it without touching the totals. */
  snapshot(): ExportCounterStats {
    return { ...this.counts, dropped: { ...this.counts.dropped } };
  }
}
