// One measured run: `node --expose-gc bench-child.mjs <pipeline> <workload> <sinkUrl> [down]`.
// Prints one JSON line with what it measured. Runs in its own process so that every run
// starts from a fresh heap and JIT state, and the receiver's CPU is never counted.
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildPipeline } from './pipelines.mjs';
import { runWorkload } from './workloads.mjs';

const [pipelineName, workload, sinkUrl, mode] = process.argv.slice(2);

/** Starts the V8 sampling profiler in this process; `stop(file)` writes the `.cpuprofile`. */
async function startProfiler() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 200) });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
const down = mode === 'down';
api.diag.setLogger(new api.DiagConsoleLogger(), api.DiagLogLevel.NONE);
api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const { provider, stats } = buildPipeline(pipelineName, down ? 'http://127.0.0.1:9' : sinkUrl);
const tracer = provider.getTracer('bench-app');
const reset = () => fetch(`${sinkUrl}/reset`, { method: 'POST' }).then((r) => r.text());
const sinkRequests = () => fetch(`${sinkUrl}/counters`, { method: 'POST' }).then((r) => r.json()).then((c) => c.requests);
async function settle() {
  const until = Date.now() + 10_000;
  let last = await sinkRequests();
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await sinkRequests();
    if (now === last) return;
    last = now;
  }
}

// Warm-up: the same work once (`BENCH_WARMUP` scales it), flushed and forgotten, so the run measures
// steady state — optimised code, as in a long-running app — not the JIT compiling each pipeline.
await runWorkload(tracer, api, workload, Number(process.env.BENCH_WARMUP ?? 1));
if (!down) await provider.forceFlush();
// A pipeline whose flush resolves before its last request arrived (or that re-sends) would
// have warm-up spans counted, and their CPU charged, in the measured run: wait until the
// sink has seen nothing new for 300 ms first (10 s at most).
if (!down) await settle();
await reset();
globalThis.gc?.();

const histogram = monitorEventLoopDelay({ resolution: 1 });
const heapBefore = process.memoryUsage().heapUsed;
let peakHeap = heapBefore;
// Peak heap only matters with the backend down; sampling it costs CPU every pipeline would pay.
const sampler = setInterval(() => {
  if (down) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 20);
histogram.enable();
// `BENCH_CPU_PROFILE=<file>`: a CPU profile of the measured stretch only (no start-up, no warm-up).
const profiler = process.env.BENCH_CPU_PROFILE ? await startProfiler() : undefined;
const cpu0 = process.cpuUsage();
const wall0 = process.hrtime.bigint();
const run = await runWorkload(tracer, api, workload, down ? 5 : Number(process.env.BENCH_SCALE ?? 1));
const flushStart = process.hrtime.bigint();
if (down) {
  // With the backend down, what matters is memory and that shutdown keeps its deadline.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
// With the backend down a flush cannot succeed; each pipeline's own deadline decides.
if (!down) await provider.forceFlush();
const flushMs = Number(process.hrtime.bigint() - flushStart) / 1e6;
const cpu = process.cpuUsage(cpu0);
if (profiler) await profiler.stop(process.env.BENCH_CPU_PROFILE);
const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
histogram.disable();
clearInterval(sampler);
globalThis.gc?.();
const heapAfterGc = process.memoryUsage().heapUsed;
const shutdownStart = process.hrtime.bigint();
const statsBefore = stats();
let shutdownError;
await Promise.race([
  provider.shutdown().catch((error) => {
    shutdownError = String(error?.message ?? error);
  }),
  new Promise((resolve) => setTimeout(resolve, 60_000).unref()),
]);
const shutdownMs = Number(process.hrtime.bigint() - shutdownStart) / 1e6;
const statsAfter = stats();

const line = `${JSON.stringify({
    pipeline: pipelineName,
    workload,
    down,
    ended: run.ended,
    endUsPerSpan: Number(run.endNs) / 1e3 / run.ended,
    worstEndMs: Number(run.worstNs) / 1e6,
    cpuUs: cpu.user + cpu.system,
    wallMs,
    flushMs,
    maxLoopDelayMs: histogram.max / 1e6,
    loopP99Ms: histogram.percentile(99) / 1e6,
    heapGrowthMb: (heapAfterGc - heapBefore) / 1048576,
    peakHeapGrowthMb: (peakHeap - heapBefore) / 1048576,
    shutdownMs,
    shutdownError,
    stats: statsAfter ? { exported: statsAfter.exported, dropped: statsAfter.dropped, ended: statsAfter.ended, queued: statsAfter.queued, inFlight: statsAfter.inFlight } : undefined,
    queuedAtPeak: statsBefore?.queued,
  })}\n`;
// Exit once the line is written: an exporter still retrying in the background (backend
// down) must not keep the run alive.
process.stdout.write(line, () => process.exit(0));
