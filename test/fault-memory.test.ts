/**
 * Memory stays bounded while the receiver is down: the intake (spans not yet prepared) and
 * the destination's lane each hold no more than the span limit, the processor as a whole —
 * queued, being prepared and being exported — no more than the byte limit; the excess is
 * counted as `queue-full`, every span is accounted for, and the app's event loop keeps
 * running its own work throughout.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS, nonZeroDrops, startPipeline, totalDrops, withinMs } from './fault-harness.js';

const SPANS = 20_000;
const CHUNK = 200;

interface Limits {
  maxQueueSize: number;
  maxQueueBytes: number;
  /** Prompt bytes per span (the queue estimates a span at no less than this). */
  inputBytes: number;
  /** The most spans the limits allow in one queue. */
  bound: number;
  /** The most spans the whole processor may hold at once: queued, being prepared and being exported. */
  heldBound: number;
}

const CASES: Array<[string, Limits]> = [
  // Spans are counted per queue: the intake and the lane, each with one batch in progress.
  ['span limit', { maxQueueSize: 256, maxQueueBytes: 64 * 1024 * 1024, inputBytes: 40, bound: 256, heldBound: 2 * (256 + 64) }],
  // Bytes are counted for the processor as a whole, in flight included. Each span's estimate
  // exceeds its 2000-byte prompt, so 64 KiB hold fewer than 32 spans, wherever they are.
  ['byte limit', { maxQueueSize: 100_000, maxQueueBytes: 64 * 1024, inputBytes: 2000, bound: 32, heldBound: 32 }],
];

describe.each(BACKENDS)('%s: receiver down during 20k spans', (backend) => {
  it.each(CASES)('the queue stays within its %s, drops are counted, the event loop keeps ticking', async (_, limits) => {
    const batch = 64;
    const p = await startPipeline(backend, {
      // Fail each export at once: one refused attempt, and the 500 ms backoff would pass the deadline.
      exporter: { timeoutMillis: 50, exportDeadlineMillis: 100 },
      processor: {
        maxQueueSize: limits.maxQueueSize,
        maxQueueBytes: limits.maxQueueBytes,
        maxExportBatchSize: batch,
        scheduledDelayMillis: 5,
        exportTimeoutMillis: 5_000,
      },
    });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      await p.receiver.setDown(true);
      let maxQueued = 0;
      let maxLane = 0;
      let maxHeld = 0;
      for (let done = 0; done < SPANS; done += CHUNK) {
        for (let i = 0; i < CHUNK; i++) {
          p.endSpans(1, { inputBytes: limits.inputBytes });
          const { queued, inFlight, destinations } = p.processor.stats();
          maxQueued = Math.max(maxQueued, queued);
          maxLane = Math.max(maxLane, destinations[backend]?.queued ?? 0);
          maxHeld = Math.max(maxHeld, queued + inFlight);
        }
        // The app yields between bursts of work, like a server between requests.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const ticksDuringRun = ticks;
      await withinMs(p.processor.shutdown(), 5_000 + 2_000, 'shutdown with the receiver down');

      const stats = p.processor.stats();
      // The lane is bounded on its own; with the intake in front of it, twice the span limit at most.
      expect(maxLane).toBeLessThanOrEqual(limits.bound);
      expect(maxLane).toBeGreaterThan(0);
      expect(maxQueued).toBeLessThanOrEqual(2 * limits.bound);
      expect(maxHeld).toBeLessThanOrEqual(limits.heldBound);
      expect(stats.ended).toBe(SPANS);
      expect(stats.exported).toBe(0);
      expect(stats.queued).toBe(0);
      expect(stats.inFlight).toBe(0);
      expect(stats.dropped['queue-full']).toBeGreaterThan(0);
      expect(stats.dropped['retries-exhausted']).toBeGreaterThan(0);
      // Every span is accounted for, and only for these reasons.
      expect(totalDrops(stats)).toBe(SPANS);
      expect(Object.keys(nonZeroDrops(stats)).every((r) => ['queue-full', 'retries-exhausted', 'shutdown'].includes(r))).toBe(true);
      // The app's own timer kept firing while spans were produced and exports failed.
      expect(ticksDuringRun).toBeGreaterThan(10);
      expect(p.receiver.requests).toHaveLength(0);
    } finally {
      clearInterval(ticker);
      await p.close();
    }
  });
});
