import type { DropReason, ExportOutcome } from './export-types.js';

/**
 * Adds `n` items dropped for `reason` to `outcome`, in place. Missing reasons start at 0,
 * since `dropped` only holds the reasons that occurred.
 */
export function addDrop(outcome: ExportOutcome, reason: DropReason, n: number): void {
  outcome.dropped[reason] = (outcome.dropped[reason] ?? 0) + n;
}

/**
 * Adds every drop count of `from` to `into`, in place. Takes a zero-filled record as well as
 * a sparse one, so a ledger and an outcome share the same sum.
 */
export function addDrops(into: Partial<Record<DropReason, number>>, from: Partial<Record<DropReason, number>>): void {
  for (const [reason, n] of Object.entries(from)) {
    const key = reason as DropReason;
    into[key] = (into[key] ?? 0) + (n ?? 0);
  }
}

/**
 * Folds the outcome of one request into the outcome of its export call, in place, and
 * returns `into`. The later error wins: `stats().lastError` reports the most recent one.
 */
export function mergeOutcome(into: ExportOutcome, from: ExportOutcome): ExportOutcome {
  into.exported += from.exported;
  addDrops(into.dropped, from.dropped);
  if (from.error) into.error = from.error;
  return into;
}

/** How many items `outcome` accounts for: exported plus dropped for any reason. */
export function accountedFor(outcome: ExportOutcome): number {
  let n = outcome.exported;
  for (const count of Object.values(outcome.dropped)) n += count ?? 0;
  return n;
}

/**
 * Counts the items of a batch of `total` that `outcome` does not account for as dropped for
 * `reason`, in place, and returns how many that was. Every export call ends with it, so
 * requests never sent (after a refused key, an abort or an exporter bug) still add up to the batch.
 */
export function addShortfall(outcome: ExportOutcome, total: number, reason: DropReason): number {
  const missing = total - accountedFor(outcome);
  if (missing > 0) addDrop(outcome, reason, missing);
  return Math.max(0, missing);
}
