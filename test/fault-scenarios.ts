/**
 * The fault table: one row per injected behaviour, run for both exporters by
 * fault-langfuse.test.ts and fault-foglamp.test.ts. Each row says exactly what must be
 * delivered (receiver side, de-duplicated by span id) and what the processor must count as
 * dropped, and why.
 *
 * Delivery is exactly-once-or-counted in every row except the ones marked `atLeastOnce`:
 * there the server stored a request whose answer the client never saw (it timed out), so
 * the exporter's retry sends the same spans again. Langfuse upserts observations by span id
 * (a duplicate is harmless); the testkit's Foglamp receiver refuses a re-sent span as a
 * duplicate, which the exporter then counts as `partially-accepted`. In those rows the
 * ledger still balances (exported + dropped = ended), but the receiver holds spans the
 * ledger counts as dropped: the client cannot know better without an idempotency key.
 */
import type { DropReason } from '@lamplight/core';
import { afterAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { nonZeroDrops, startPipeline, totalDrops, until, withinMs, type Backend, type Pipeline, type PipelineOptions } from './fault-harness.js';
import { recordRow, writeRows } from './fault-table.js';

export interface Expected {
  ended: number;
  /** Spans the receiver holds, each counted once. */
  delivered: number;
  /** `stats().exported`; defaults to `delivered`. */
  exported?: number;
  /** Non-zero drop counters, exactly. */
  dropped: Partial<Record<DropReason, number>>;
  /** Requests the receiver saw (answered, faulted or reset), when deterministic. */
  requests?: number;
  /** Copies beyond the first that reached the receiver (Langfuse keeps them; Foglamp refuses them). */
  duplicates?: number;
  /** Delivery is at-least-once in this row (see the file comment). */
  atLeastOnce?: boolean;
}

export interface FaultScenario {
  name: string;
  options?: (backend: Backend) => PipelineOptions;
  /** Arranges the fault, ends spans, flushes; returns the keys that must be delivered (default: all ended, or none when `delivered` is 0). */
  run(p: Pipeline): Promise<string[] | void>;
  expected(backend: Backend): Expected;
  /** Extra checks after the common ones. */
  check?(p: Pipeline, expect: ExpectStatic): void | Promise<void>;
}

const N = 6;

/** Ends N spans after `arrange`, flushes, and waits until the receiver has seen every attempt. */
function simple(arrange: (p: Pipeline) => void, count = N): (p: Pipeline) => Promise<void> {
  return async (p) => {
    arrange(p);
    p.endSpans(count);
    await p.processor.forceFlush();
    await settle(p);
  };
}

/** Late (delayed) answers are recorded after the exporter gave up: wait for all of them. */
async function settle(p: Pipeline): Promise<void> {
  await until(() => p.receiver.requests.length >= p.exporterRequests(), 'the receiver to record every attempt');
}

const MALFORMED_BODIES: ReadonlyArray<[string, unknown]> = [
  ['a non-JSON body', '<html><body>502 Bad Gateway</body></html>'],
  ['an empty body', ''],
  ['JSON without "accepted"', {}],
  ['"accepted" as a string', { accepted: '6' }],
  ['a negative "accepted"', { accepted: -1 }],
  ['a fractional "accepted"', { accepted: 2.5 }],
  ['"accepted": null', { accepted: null }],
  ['"accepted" larger than the batch', { accepted: 600 }],
];

export const FAULT_SCENARIOS: FaultScenario[] = [
  {
    name: 'healthy receiver (baseline)',
    run: simple(() => undefined),
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 1 }),
  },
  {
    name: 'down for the whole export, then up: the spans ended while down are retries-exhausted, later spans delivered',
    async run(p) {
      await p.receiver.setDown(true);
      p.endSpans(N);
      await p.processor.forceFlush();
      await p.receiver.setDown(false);
      const later = p.endSpans(4);
      await p.processor.forceFlush();
      return later;
    },
    expected: () => ({ ended: N + 4, delivered: 4, dropped: { 'retries-exhausted': N }, requests: 1 }),
  },
  {
    name: 'down, back up before the export deadline: the retry delivers everything',
    async run(p) {
      await p.receiver.setDown(true);
      p.endSpans(N);
      const flushing = p.processor.forceFlush();
      // First attempt refused; the next one comes after a backoff of at least 400 ms.
      await until(() => p.exporterRequests() >= 1, 'the first (refused) attempt');
      await p.receiver.setDown(false);
      await flushing;
    },
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 1 }),
  },
  {
    name: 'slow: every answer after the client timeout, the server keeps nothing',
    run: simple((p) => p.receiver.failNext({ status: 504, delayMs: 400, count: 20 })),
    // Two attempts fit in 1500 ms (200 ms timeout, 400–600 ms backoff, then ≥ 800 ms > what is left).
    expected: () => ({ ended: N, delivered: 0, dropped: { 'retries-exhausted': N }, requests: 2 }),
  },
  {
    name: 'slow first answer, stored late (timeout, then retry): at-least-once',
    run: simple((p) => p.receiver.failNext({ processed: true, delayMs: 400 })),
    expected: (backend) =>
      backend === 'langfuse'
        ? { ended: N, delivered: N, dropped: {}, requests: 2, duplicates: N, atLeastOnce: true }
        : // The receiver refuses the re-sent spans as duplicates and answers {accepted: 0}.
          { ended: N, delivered: N, exported: 0, dropped: { 'partially-accepted': N }, requests: 2, duplicates: N, atLeastOnce: true },
  },
  {
    name: '503 after storing (an error after the write), then 200: at-least-once',
    run: simple((p) => p.receiver.failNext({ processed: true, status: 503 })),
    expected: (backend) =>
      backend === 'langfuse'
        ? { ended: N, delivered: N, dropped: {}, requests: 2, duplicates: N, atLeastOnce: true }
        : { ended: N, delivered: N, exported: 0, dropped: { 'partially-accepted': N }, requests: 2, duplicates: N, atLeastOnce: true },
  },
  {
    name: 'slow on every attempt, each stored late: at-least-once, counted retries-exhausted',
    run: simple((p) => p.receiver.failNext({ processed: true, delayMs: 400, count: 20 })),
    expected: () => ({ ended: N, delivered: N, exported: 0, dropped: { 'retries-exhausted': N }, requests: 2, duplicates: N, atLeastOnce: true }),
  },
  {
    name: '503 ×2, then 200',
    options: () => ({ exporter: { exportDeadlineMillis: 5000 } }),
    run: simple((p) => p.receiver.failNext({ status: 503, count: 2 })),
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 3 }),
  },
  {
    name: '503 on every attempt (Retry-After: 0): six attempts, then retries-exhausted',
    run: simple((p) => p.receiver.failNext({ status: 503, count: 6, headers: { 'retry-after': '0' } })),
    expected: () => ({ ended: N, delivered: 0, dropped: { 'retries-exhausted': N }, requests: 6 }),
  },
  {
    name: '502 with an HTML body, then 200',
    run: simple((p) => p.receiver.failNext({ status: 502, body: '<html>bad gateway</html>' })),
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 2 }),
  },
  {
    name: '429 with Retry-After: 1, then 200 (waits the second)',
    run: simple((p) => p.receiver.failNext({ status: 429, headers: { 'retry-after': '1' } })),
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 2 }),
    check(p, expect) {
      const [first, second] = p.receiver.requests;
      // A lower bound only: the retry did not come before Retry-After allowed it.
      expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
    },
  },
  {
    name: '429 with Retry-After beyond the export deadline: no retry, retries-exhausted',
    run: simple((p) => p.receiver.failNext({ status: 429, headers: { 'retry-after': '30' } })),
    expected: () => ({ ended: N, delivered: 0, dropped: { 'retries-exhausted': N }, requests: 1 }),
  },
  {
    name: '413 once: the batch is split in halves and both are accepted',
    run: simple((p) => p.receiver.failNext({ status: 413 })),
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 3 }),
  },
  {
    name: "413 from the receiver's body limit: split until each part fits; the one oversize span is too-large",
    options: () => ({ receiver: { maxBodyBytes: 6000 }, exporter: { compression: 'none' } }),
    async run(p) {
      const small = [...p.endSpans(4, { inputBytes: 800 })];
      p.endSpans(1, { inputBytes: 20_000 });
      small.push(...p.endSpans(4, { inputBytes: 800 }));
      await p.processor.forceFlush();
      return small;
    },
    expected: () => ({ ended: 9, delivered: 8, dropped: { 'too-large': 1 } }),
    check(p, expect) {
      expect(p.receiver.requests.filter((r) => r.status === 413).length).toBeGreaterThanOrEqual(2);
    },
  },
  {
    name: '400 Bad Request: rejected-4xx, not retried',
    run: simple((p) => p.receiver.failNext({ status: 400, body: { error: 'invalid batch' } })),
    expected: () => ({ ended: N, delivered: 0, dropped: { 'rejected-4xx': N }, requests: 1 }),
  },
  {
    name: '401 (wrong credentials), batch in one request: rejected-4xx, not retried',
    options: () => ({ exporter: { wrongCredentials: true } }),
    run: simple(() => undefined),
    expected: () => ({ ended: N, delivered: 0, dropped: { 'rejected-4xx': N }, requests: 1 }),
  },
  {
    name: '401 (wrong credentials), batch over three requests',
    options: () => ({ exporter: { wrongCredentials: true, maxRequestBytes: 1800, maxTracesPerRequest: 2, compression: 'none' } }),
    run: simple(() => undefined),
    // Both stop after the first refusal (the other requests would be refused too) and count every span.
    expected: () => ({ ended: N, delivered: 0, dropped: { 'rejected-4xx': N }, requests: 1 }),
  },
  {
    name: 'connection reset mid-request, once: the retry delivers',
    run: simple((p) => p.receiver.failNext({ reset: true })),
    expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 2 }),
  },
  {
    name: 'connection reset on every attempt: retries-exhausted',
    run: simple((p) => p.receiver.failNext({ reset: true, count: 20 })),
    // The number of attempts depends on backoff jitter (2 or 3 in 1500 ms); the drops do not.
    expected: () => ({ ended: N, delivered: 0, dropped: { 'retries-exhausted': N } }),
  },
  ...MALFORMED_BODIES.map(
    ([what, body]): FaultScenario => ({
      name: `malformed answer after storing: 200 with ${what}`,
      run: simple((p) => p.receiver.failNext({ processed: true, body })),
      // Neither exporter can learn more from the body than "2xx": all counted exported.
      expected: () => ({ ended: N, delivered: N, dropped: {}, requests: 1 }),
    }),
  ),
];

/**
 * Runs every row for one backend. Rows are independent (own receiver, provider, processor,
 * nothing global) and mostly wait on backoff timers, so they run concurrently.
 */
export function defineFaultSuite(backend: Backend, httpClient: 'node' | 'fetch' = 'node'): void {
  // The table is written from the default client's run; the fetch run must show the same rows.
  const table = httpClient === 'node';
  describe.concurrent(`${backend}${table ? '' : ` over ${httpClient}`}: fault table (delivered + counted drops = spans ended)`, () => {
    if (table) afterAll(() => writeRows(backend, FAULT_SCENARIOS.map((s) => s.name)));
    for (const scenario of FAULT_SCENARIOS) {
      it(scenario.name, async ({ expect }) => {
        const options = scenario.options?.(backend) ?? {};
        const p = await startPipeline(backend, { ...options, exporter: { ...options.exporter, httpClient } });
        try {
          const returned = await scenario.run(p);
          const want = scenario.expected(backend);
          const mustDeliver = returned ?? (want.delivered === 0 ? [] : p.ended);
          const stats = p.processor.stats();
          const received = p.receivedKeys();
          const unique = new Set(received);
          if (table)
            recordRow(backend, {
            scenario: scenario.name,
            ended: stats.ended,
            delivered: unique.size,
            copies: received.length - unique.size,
            dropped: nonZeroDrops(stats),
            requests: p.receiver.requests.length,
          });

          // Nothing left behind: the flush finished every batch.
          expect(stats.queued).toBe(0);
          expect(stats.inFlight).toBe(0);
          // The processor's books.
          expect(stats.ended).toBe(want.ended);
          expect(p.ended).toHaveLength(want.ended);
          expect(nonZeroDrops(stats)).toEqual(want.dropped);
          expect(stats.exported).toBe(want.exported ?? want.delivered);
          expect(stats.exported + totalDrops(stats)).toBe(stats.ended);
          // The receiver's side, de-duplicated by span id.
          expect(unique.size).toBe(want.delivered);
          expect([...unique].sort()).toEqual([...mustDeliver].sort());
          if (!want.atLeastOnce) {
            // Exactly once or counted: delivered + counted drops = spans ended.
            expect(unique.size + totalDrops(stats)).toBe(stats.ended);
            expect(received).toHaveLength(unique.size);
            expect(p.violations()).toEqual([]);
          } else if (backend === 'langfuse') {
            // Langfuse keeps the copies (and upserts them by span id).
            expect(received.length - unique.size).toBe(want.duplicates);
            expect(p.violations()).toEqual([]);
          } else {
            // The Foglamp receiver refuses each re-sent span as a duplicate; nothing else is wrong.
            expect(received).toHaveLength(unique.size);
            const reasons = p.violations().map((v) => v.reason);
            expect(reasons).toHaveLength(want.duplicates ?? 0);
            expect(new Set(reasons)).toEqual(new Set(['span already received in an earlier request (delivered twice)']));
          }
          if (want.requests !== undefined) expect(p.receiver.requests).toHaveLength(want.requests);
          await scenario.check?.(p, expect);
        } finally {
          await p.close();
        }
      });
    }
  });
}

/**
 * `exportDeadlineMillis` is documented as the deadline of one export (one batch) including
 * retries. A batch that needs several requests (here eight, one per span) must still give up
 * within it when the receiver is down — not take a deadline per request.
 */
export function deadlineAcrossRequests(backend: Backend): () => Promise<void> {
  return async () => {
    const deadline = 600;
    const p = await startPipeline(backend, {
      exporter: { exportDeadlineMillis: deadline, maxRequestBytes: 1000, maxTracesPerRequest: 1, compression: 'none' },
      processor: { exportTimeoutMillis: 30_000 },
    });
    try {
      await p.receiver.setDown(true);
      p.endSpans(8, { inputBytes: 900 });
      await withinMs(p.processor.forceFlush(), deadline + 2000, `an export of 8 requests with exportDeadlineMillis ${deadline}`);
      const stats = p.processor.stats();
      expect(nonZeroDrops(stats)).toEqual({ 'retries-exhausted': 8 });
    } finally {
      await p.close();
    }
  };
}
