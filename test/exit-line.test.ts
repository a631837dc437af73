import type { DestinationStats, ProcessorStats } from '@lamplight/core';
import { DROP_REASONS } from '@lamplight/core';
import { describe, expect, it } from 'vitest';
import { describeExit } from '../packages/register/src/exit-line.js';

const drops = (some: Partial<DestinationStats['dropped']>): DestinationStats['dropped'] =>
  ({ ...Object.fromEntries(DROP_REASONS.map((r) => [r, 0])), ...some }) as DestinationStats['dropped'];

function stats(ended: number, destinations: Record<string, DestinationStats>): ProcessorStats {
  return { ended, queued: 0, inFlight: 0, exported: 0, dropped: drops({}), destinations };
}

describe('the exit line', () => {
  it('says how many spans ended, were delivered and were dropped by reason, adding up', () => {
    const line = describeExit(stats(7421, { langfuse: { exported: 2048, dropped: drops({ shutdown: 5373 }) } }));
    expect(line).toBe('[lamplight] exit: 7,421 ended, 2,048 delivered, 5,373 dropped (shutdown 5,373)');
  });

  it('gives every destination its own clause when there are several', () => {
    const line = describeExit(
      stats(10, {
        langfuse: { exported: 4, dropped: drops({ shutdown: 5, filtered: 1 }) },
        foglamp: { exported: 9, dropped: drops({ filtered: 1 }) },
      }),
    );
    expect(line).toBe('[lamplight] exit: 10 ended; langfuse: 4 delivered, 6 dropped (filtered 1, shutdown 5); foglamp: 9 delivered, 1 dropped (filtered 1)');
  });

  it('stays silent when nothing was lost: spans the filter or the sampler left out are choices', () => {
    expect(describeExit(stats(5, { langfuse: { exported: 3, dropped: drops({ filtered: 1, 'not-sampled': 1 }) } }))).toBeUndefined();
  });
});
