import { it } from 'vitest';
import { deadlineAcrossRequests, defineFaultSuite } from './fault-scenarios.js';

defineFaultSuite('foglamp');

it('foglamp: one export with eight requests gives up within exportDeadlineMillis (receiver down)', deadlineAcrossRequests('foglamp'));
