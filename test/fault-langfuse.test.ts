import { it } from 'vitest';
import { deadlineAcrossRequests, defineFaultSuite } from './fault-scenarios.js';

defineFaultSuite('langfuse');

/**
 * BUG (packages/langfuse/src/langfuse-exporter.ts, sendChunk): each request of a batch —
 * and each half of a 413 split — calls sendWithRetry with a fresh `exportDeadlineMillis`,
 * so a batch of K requests against a down receiver takes up to K deadlines (here eight
 * requests × ~500 ms of retrying, against a 600 ms deadline). Foglamp shares one deadline
 * per export call (`ExportRun.deadlineAt`); Langfuse should too. Flip to `it` once fixed.
 */
it.fails('langfuse: one export with eight requests gives up within exportDeadlineMillis (receiver down)', deadlineAcrossRequests('langfuse'));
