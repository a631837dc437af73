import * as api from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { normalize, prepareObservation, TimeSlicer, toLangfuseSpan } from '@lamplight/core/internal';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { gzipSync } from 'node:zlib';
import { runWorkload } from './bench/workloads.mjs';
// Lamplight's OTLP writer is not a public export: taken from the built package.
import { encodeTraceRequest } from '../packages/langfuse/dist/esm/otlp-writer.js';
const mem = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(mem)] });
await runWorkload(provider.getTracer('b'), api, process.argv[2] ?? 'small', +(process.argv[3] ?? 0.5));
const spans = mem.getFinishedSpans();
const N = spans.length;
const time = (label, fn, reps = 5) => { let best = Infinity; let out; for (let r = 0; r < reps; r++) { const t = process.hrtime.bigint(); out = fn(); best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3); } console.log(label.padEnd(28), (best / N).toFixed(2), 'µs/span'); return out; };
const opts = { captureContent: true, maxFieldBytes: 1048576, scrubSecrets: true };
time('normalize', () => spans.map((s) => normalize(s)));
const obs = time('normalize+prepare', () => spans.map((s) => prepareObservation(normalize(s), opts)));
const views = time('toLangfuseSpan', () => spans.map((s, i) => toLangfuseSpan(s, obs[i])));
const bareBody = time('serialize bare', () => ProtobufTraceSerializer.serializeRequest(spans));
const body = time('serialize views', () => ProtobufTraceSerializer.serializeRequest(views));
// A slicer that never yields: the whole encode then runs inside the call, as the stock one does.
const ours = await time('lamplight writer views', () => encodeTraceRequest(views, new TimeSlicer(Infinity)));
if (Buffer.compare(ours, body) !== 0) throw new Error('the Lamplight writer and the stock serializer disagree');
time('gzip6 bare', () => gzipSync(bareBody));
time('gzip1 views', () => gzipSync(body, { level: 1 }));
console.log('bytes bare', bareBody.length / N, 'views', body.length / N, 'gz6 bare', gzipSync(bareBody).length / N, 'gz1 views', gzipSync(body, { level: 1 }).length / N);
