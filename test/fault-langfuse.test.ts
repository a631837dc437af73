import { it } from 'vitest';
import { deadlineAcrossRequests, defineFaultSuite } from './fault-scenarios.js';

defineFaultSuite('langfuse');

/**
 * Regression (each request of a batch — and each half of a 413 split — got a fresh
 * `exportDeadlineMillis`, so eight requests against a down receiver took up to eight
 * deadlines). Now one deadline per export call, as in Foglamp.
 */
it('langfuse: one export with eight requests gives up within exportDeadlineMillis (receiver down)', deadlineAcrossRequests('langfuse'));
