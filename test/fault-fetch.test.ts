import { defineFaultSuite } from './fault-scenarios.js';

// The same fault table over the Web `fetch` client (what edge runtimes use): the delivery
// engine's guarantees do not depend on the HTTP client underneath.
defineFaultSuite('langfuse', 'fetch');
defineFaultSuite('foglamp', 'fetch');
