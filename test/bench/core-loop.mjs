// `node test/bench/core-loop.mjs [workload] [scale] [normalize|prepare|all] [loops]`: runs
// normalise (+ prepare, + render the Langfuse view) over a workload's finished spans in a
// loop and prints µs per span — steady-state cost of the core stages, for `--cpu-prof`.
import * as api from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { normalize, prepareObservation, toLangfuseSpan } from '@lamplight/core/internal';
import { runWorkload } from './workloads.mjs';
const mem = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(mem)] });
await runWorkload(provider.getTracer('b'), api, process.argv[2] ?? 'small', +(process.argv[3] ?? 0.5));
const spans = mem.getFinishedSpans();
const opts = { captureContent: true, maxFieldBytes: 1048576, scrubSecrets: true };
const stage = process.argv[4] ?? 'all';
const loops = +(process.argv[5] ?? 20);
const t0 = process.hrtime.bigint();
let n = 0;
for (let r = 0; r < loops; r++) for (const s of spans) {
  const o = normalize(s);
  if (stage !== 'normalize') { prepareObservation(o, opts); if (stage !== 'prepare') toLangfuseSpan(s, o); }
  n++;
}
console.log(stage, (Number(process.hrtime.bigint() - t0) / 1e3 / n).toFixed(2), 'µs/span');
