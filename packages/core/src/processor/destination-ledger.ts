import { RateLimitedLogger } from '../diag-logger.js';
import { emptyDrops, type DestinationStats, type DropReason, type ExportOutcome } from './export-types.js';
import { accountedFor, addDrops } from './outcome-arithmetic.js';

const log = new RateLimitedLogger('@lamplight/core');

/** One export whose outcome is still awaited: its token in the ledger. */
interface PendingExport {
  readonly count: number;
}

/**
 * Counts what one destination did with the items it was given. An outcome that does not
 * account for every item (an exporter bug) is balanced as `export-failed`, so the ledger
 * always adds up: exported + dropped = items handed over. Each export holds a token while
 * it runs; `settlePending` counts the exports still running and voids their tokens, so an
 * outcome that arrives later is ignored instead of being counted twice.
 */
export class DestinationLedger {
  private exported = 0;
  private readonly dropped = emptyDrops();
  private readonly pending = new Set<PendingExport>();
  /** Last error reported by the destination. */
  lastError: string | undefined;

  constructor(readonly name: string) {}

  /** Runs one export and records its outcome, unless it was settled meanwhile; never rejects. */
  async record(count: number, run: () => Promise<ExportOutcome>): Promise<void> {
    const token: PendingExport = { count };
    this.pending.add(token);
    let outcome: ExportOutcome;
    try {
      outcome = await run();
    } catch (error) {
      outcome = { exported: 0, dropped: { 'export-failed': count }, error: error as Error };
    }
    // Settled by `settlePending` (the shutdown deadline): already counted, so the late outcome is void.
    if (!this.pending.delete(token)) return;
    const accounted = accountedFor(outcome);
    this.exported += outcome.exported;
    addDrops(this.dropped, outcome.dropped);
    if (accounted !== count) {
      this.dropped['export-failed'] += Math.max(0, count - accounted);
      log.warn(`ledger:${this.name}`, `exporter "${this.name}" accounted for ${accounted} of ${count} spans`);
    }
    if (outcome.error) this.lastError = `${this.name}: ${outcome.error.message}`;
  }

  /** Counts `n` items dropped for `reason` before they reached the exporter (e.g. a full lane). */
  count(reason: DropReason, n: number): void {
    this.dropped[reason] += n;
  }

  /** Items handed to the exporter whose outcome is still awaited. */
  get pendingCount(): number {
    let n = 0;
    for (const token of this.pending) n += token.count;
    return n;
  }

  /**
   * Counts every export still running as dropped for `reason` and voids its token, so its
   * outcome is ignored when it comes. Returns the number of items counted.
   */
  settlePending(reason: DropReason): number {
    let settled = 0;
    for (const token of this.pending) settled += token.count;
    this.pending.clear();
    this.dropped[reason] += settled;
    return settled;
  }

  /** A copy of the counters. */
  snapshot(): DestinationStats {
    return { exported: this.exported, dropped: { ...this.dropped }, lastError: this.lastError };
  }
}
