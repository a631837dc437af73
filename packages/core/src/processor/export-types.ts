import type { Observation } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import type { PrivacyStats } from '../content/privacy-gate.js';

/** Why a span was not delivered (DESIGN §6 rule 6). */
export type DropReason =
  | 'queue-full'
  | 'filtered'
  | 'not-sampled'
  | 'rejected-4xx'
  | 'retries-exhausted'
  | 'too-large'
  | 'partially-accepted'
  | 'shutdown'
  | 'render-error'
  | 'export-failed';

/** Every drop reason, for zero-filled counters. */
export const DROP_REASONS: readonly DropReason[] = [
  'queue-full',
  'filtered',
  'not-sampled',
  'rejected-4xx',
  'retries-exhausted',
  'too-large',
  'partially-accepted',
  'shutdown',
  'render-error',
  'export-failed',
];

/** One span ready for a destination: the SDK span and its prepared observation. */
export interface ExportItem {
  readonly span: ReadableSpanLike;
  readonly observation: Observation;
}

/** What became of a batch: how many spans were delivered and why the others were not. */
export interface ExportOutcome {
  exported: number;
  dropped: Partial<Record<DropReason, number>>;
  /** The last error seen, for `stats().lastError`; never contains a secret. */
  error?: Error;
}

/** Options of one `exportObservations` call. */
export interface ExportOptions {
  /**
   * Aborted when the processor gives up on this call — its `shutdown()` deadline passed
   * while the call was still running. The exporter should then stop retrying, destroy a
   * request in flight and resolve soon (counting what it did not send as `shutdown`).
   * Whatever the call resolves with after the abort is ignored: the processor has already
   * counted the whole batch as `shutdown` for this destination.
   */
  signal?: AbortSignal;
  /**
   * Aborted once the processor is shutting down: from then on a backend that cannot be
   * reached (connection refused, no such host) is not retried, so the shutdown returns
   * promptly instead of at its deadline. Answers that can still succeed are retried as before.
   */
  shuttingDown?: AbortSignal;
}

/**
 * A destination for prepared observations. Implementations render for their backend and
 * transport the result; they resolve (never reject) with an outcome that accounts for
 * every item.
 */
export interface ObservationExporter {
  /** A short name for stats and diagnostics, e.g. `langfuse`. */
  readonly name: string;
  /** Renders and sends one batch; `options.signal` asks it to stop early (see `ExportOptions`). */
  exportObservations(items: readonly ExportItem[], options?: ExportOptions): Promise<ExportOutcome>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Counters of one destination. `dropped` includes what the processor dropped before the
 * destination's lane (filtered, not sampled, …), so exported + dropped + queued + inFlight
 * = spans ended, for every destination on its own.
 */
export interface DestinationStats {
  exported: number;
  dropped: Record<DropReason, number>;
  /** Spans waiting in this destination's lane. */
  queued?: number;
  /** Spans in this destination's export running now. */
  inFlight?: number;
  lastError?: string;
}

/** `stats()` of a `LamplightSpanProcessor`. */
export interface ProcessorStats {
  /** Spans that ended while the processor was running. */
  ended: number;
  /** Spans not yet prepared, plus those waiting in the fullest destination lane. */
  queued: number;
  /** Spans being prepared, plus those in the largest export running now. */
  inFlight: number;
  /** Spans delivered, summed over destinations. */
  exported: number;
  /** Drops by reason: the processor's own (before the lanes) plus each destination's. */
  dropped: Record<DropReason, number>;
  /** Per destination, by exporter name. */
  destinations: Record<string, DestinationStats>;
  lastError?: string;
  /** What the privacy gate cut, scrubbed, masked and withheld (see `PrivacyStats`). */
  privacy?: PrivacyStats;
}

/** A zero-filled drop counter. */
export function emptyDrops(): Record<DropReason, number> {
  const out = {} as Record<DropReason, number>;
  for (const reason of DROP_REASONS) out[reason] = 0;
  return out;
}
