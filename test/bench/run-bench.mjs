// `pnpm bench` (npm run bench): compares Lamplight's processor + Langfuse exporter with the
// stock OTel pipeline ("bare") and @langfuse/otel, in one run, interleaved: every repetition
// runs each pipeline once per workload, in a fresh child process, against a fresh local sink.
// Ratios are computed per repetition and reported as medians. Writes .bench-results/bench.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PIPELINES } from './pipelines.mjs';
import { startSink } from './sink.mjs';
import { WORKLOADS } from './workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const reps = Number(process.env.BENCH_REPS ?? 5);
const workloads = (process.env.BENCH_WORKLOADS ?? Object.keys(WORKLOADS).join(',')).split(',');
// `BENCH_PIPELINES=noop,bare,lamplight` runs a subset (noop is every ratio's baseline).
const pipelines = process.env.BENCH_PIPELINES ? process.env.BENCH_PIPELINES.split(',') : PIPELINES;

function runChild(args, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', join(here, 'bench-child.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ failed: true, code, stderr: err.slice(-500) });
      }
    });
  });
}

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const runs = [];
for (let rep = 0; rep < reps; rep++) {
  for (const workload of workloads) {
    // Rotate the order each repetition so no pipeline always runs first or last.
    const order = pipelines.map((_, i) => pipelines[(i + rep) % pipelines.length]);
    for (const pipeline of order) {
      const sink = await startSink();
      const result = await runChild([pipeline, workload, sink.url]);
      runs.push({ rep, ...result, requests: sink.counters.requests, wireBytes: sink.counters.bytes, delivered: sink.counters.spans });
      await sink.close();
      process.stderr.write('.');
    }
  }
}
// Backend down: memory, accounting and shutdown time, on every workload.
const downReps = Number(process.env.BENCH_DOWN_REPS ?? Math.min(reps, 3));
for (let rep = 0; rep < downReps; rep++) {
  for (const workload of workloads) {
    for (const pipeline of pipelines.filter((p) => p !== 'noop')) {
      const sink = await startSink();
      const result = await runChild([pipeline, workload, sink.url, 'down'], 180_000);
      runs.push({ rep, ...result, workload, down: true });
      await sink.close();
      process.stderr.write('.');
    }
  }
}
process.stderr.write('\n');

const pick = (rep, workload, pipeline, down = false) => runs.find((r) => r.rep === rep && r.workload === workload && r.pipeline === pipeline && Boolean(r.down) === down && !r.failed);
const rows = [];
for (const workload of workloads) {
  const per = {};
  for (const pipeline of pipelines.filter((p) => p !== 'noop')) {
    const metrics = [];
    for (let rep = 0; rep < reps; rep++) {
      const r = pick(rep, workload, pipeline);
      const noop = pick(rep, workload, 'noop');
      if (!r || !noop) continue;
      metrics.push({
        endUs: r.endUsPerSpan - noop.endUsPerSpan,
        worstEndMs: r.worstEndMs,
        cpuUsPerDelivered: r.delivered > 0 ? (r.cpuUs - noop.cpuUs) / r.delivered : NaN,
        cpuUsPerEnded: (r.cpuUs - noop.cpuUs) / r.ended,
        bytesPerEnded: r.wireBytes / r.ended,
        delivered: r.delivered,
        ended: r.ended,
        maxLoopDelayMs: r.maxLoopDelayMs,
        loopP99Ms: r.loopP99Ms,
        rep,
      });
    }
    per[pipeline] = metrics;
  }
  const ratio = (metric, a, b) =>
    !per[a] || !per[b] ? NaN : median(per[a].map((m) => { const o = per[b].find((x) => x.rep === m.rep); return o ? m[metric] / o[metric] : NaN; }));
  for (const pipeline of Object.keys(per)) {
    const m = per[pipeline];
    rows.push({
      workload,
      pipeline,
      'onEnd µs/span': median(m.map((x) => x.endUs)),
      'worst end() ms': median(m.map((x) => x.worstEndMs)),
      'loop p99 ms': median(m.map((x) => x.loopP99Ms)),
      'CPU µs/ended': median(m.map((x) => x.cpuUsPerEnded)),
      'CPU µs/delivered': median(m.map((x) => x.cpuUsPerDelivered)),
      'bytes/ended': median(m.map((x) => x.bytesPerEnded)),
      'delivered/ended': `${median(m.map((x) => x.delivered))}/${median(m.map((x) => x.ended))}`,
      'onEnd vs bare': ratio('endUs', pipeline, 'bare'),
      // The targets are per ended span (per unit of the app's work): a pipeline that drops
      // or filters spans is not credited for the work it did not do, nor charged for it.
      'CPU vs bare': ratio('cpuUsPerEnded', pipeline, 'bare'),
      'CPU vs langfuse-otel': ratio('cpuUsPerEnded', pipeline, 'langfuse-otel'),
      'loop p99 vs bare': ratio('loopP99Ms', pipeline, 'bare'),
      'bytes vs bare': ratio('bytesPerEnded', pipeline, 'bare'),
      'bytes vs langfuse-otel': ratio('bytesPerEnded', pipeline, 'langfuse-otel'),
    });
  }
}
const downRows = workloads.flatMap((workload) => pipelines.filter((p) => p !== 'noop').map((pipeline) => {
  const rs = runs.filter((r) => r.down && r.workload === workload && r.pipeline === pipeline && !r.failed);
  return {
    workload,
    pipeline,
    runs: rs.length,
    'heap growth after GC MB': median(rs.map((r) => r.heapGrowthMb)),
    'peak heap growth MB': median(rs.map((r) => r.peakHeapGrowthMb)),
    'shutdown ms': median(rs.map((r) => r.shutdownMs)),
    // stats() counts the warm-up too, so accounting is checked against its own `ended`.
    'ended (stats)': rs[0]?.stats ? median(rs.map((r) => r.stats.ended)) : 'n/a',
    'accounted after shutdown': rs[0]?.stats ? median(rs.map((r) => r.stats.exported + Object.values(r.stats.dropped).reduce((a, b) => a + b, 0))) : 'n/a',
    'in flight after shutdown': rs[0]?.stats ? median(rs.map((r) => r.stats.inFlight)) : 'n/a',
  };
}));

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : v);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`Lamplight benchmark — ${machine} — ${reps} interleaved repetitions, medians`);
console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v)]))));
console.log('Backend down (each workload ×5, connections refused):');
console.table(downRows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v)]))));
const outDir = join(here, '..', '..', '.bench-results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), JSON.stringify({ machine, reps, rows, downRows, runs }, null, 2));
console.log(`raw results: ${join(outDir, 'bench.json')}`);

// OpenAI wrapper overhead (per call, per stream chunk) against the unwrapped client on the
// fake OpenAI server: its own interleaved harness, run here so `pnpm bench` is one command.
if (process.env.BENCH_SKIP_OPENAI !== '1') {
  console.log('\nOpenAI wrapper overhead:');
  await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, '..', '..', 'packages', 'openai', 'bench', 'wrapper-overhead.mjs')], { stdio: 'inherit' });
    child.on('close', resolve);
  });
}

// Serverless: a request's latency with flushAfter() against no tracing at all.
if (process.env.BENCH_SKIP_FLUSH_AFTER !== '1') {
  console.log('\nServerless request latency:');
  await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, 'flush-after-latency.mjs')], { stdio: 'inherit' });
    child.on('close', resolve);
  });
}
