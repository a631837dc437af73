import { RateLimitedLogger } from '../diag-logger.js';
import { emptyDrops, type DestinationStats, type ExportOutcome } from './export-types.js';

const log = new RateLimitedLogger('@lamplight/core');

/**
 * Counts what one destination did with the items it was given. An outcome that does not
 * account for every item (an exporter bug) is balanced as `export-failed`, so the ledger
 * always adds up: exported + dropped = items handed over.
 */
export class DestinationLedger {
  private exported = 0;
  private readonly dropped = emptyDrops();
  /** Last error reported by the destination. */
  lastError: string | undefined;

  constructor(readonly name: string) {}

  /** Runs one export and records its outcome; never rejects. */
  async record(count: number, run: () => Promise<ExportOutcome>): Promise<void> {
    let outcome: ExportOutcome;
    try {
      outcome = await run();
    } catch (error) {
      outcome = { exported: 0, dropped: { 'export-failed': count }, error: error as Error };
    }
    let accounted = outcome.exported;
    this.exported += outcome.exported;
    for (const [reason, n] of Object.entries(outcome.dropped)) {
      if (!n) continue;
      this.dropped[reason as keyof typeof this.dropped] += n;
      accounted += n;
    }
    if (accounted !== count) {
      this.dropped['export-failed'] += Math.max(0, count - accounted);
      log.warn(`ledger:${this.name}`, `exporter "${this.name}" accounted for ${accounted} of ${count} spans`);
    }
    if (outcome.error) this.lastError = `${this.name}: ${outcome.error.message}`;
  }

  /** A copy of the counters. */
  snapshot(): DestinationStats {
    return { exported: this.exported, dropped: { ...this.dropped }, lastError: this.lastError };
  }
}
