import type { DestinationStats, DropReason, ProcessorStats } from '@lamplight/core';

/** Drops that are choices, not losses: they alone never make the exit line print. */
const CHOSEN: ReadonlySet<DropReason> = new Set<DropReason>(['filtered', 'not-sampled']);

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The one line printed at exit when a destination lost spans, with every number adding up
 * per destination: `[lamplight] exit: 7,421 ended, 2,048 delivered, 5,373 dropped (shutdown 5,373)`;
 * with several destinations, one clause each. Undefined when nothing was lost (spans left
 * out by the filter or the sampler are choices, not losses).
 */
export function describeExit(stats: ProcessorStats): string | undefined {
  const destinations = Object.entries(stats.destinations);
  const lost = destinations.some(([, d]) => Object.entries(d.dropped).some(([reason, n]) => n > 0 && !CHOSEN.has(reason as DropReason)));
  if (!lost) return undefined;
  if (destinations.length === 1) return `[lamplight] exit: ${count(stats.ended)} ended, ${clause(destinations[0]?.[1] as DestinationStats)}`;
  return `[lamplight] exit: ${count(stats.ended)} ended; ${destinations.map(([name, d]) => `${name}: ${clause(d)}`).join('; ')}`;
}

function clause(d: DestinationStats): string {
  const reasons = Object.entries(d.dropped).filter(([, n]) => n > 0);
  const dropped = reasons.reduce((sum, [, n]) => sum + n, 0);
  const detail = reasons.length > 0 ? ` (${reasons.map(([reason, n]) => `${reason} ${count(n)}`).join(', ')})` : '';
  const pending = (d.queued ?? 0) + (d.inFlight ?? 0);
  return `${count(d.exported)} delivered, ${count(dropped)} dropped${detail}${pending > 0 ? `, ${count(pending)} still pending` : ''}`;
}
