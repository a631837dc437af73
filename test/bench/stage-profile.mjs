// `node test/bench/stage-profile.mjs [workloads] [pipelines]`: where a pipeline's CPU goes,
// per ended span, by stage. Runs one measured child per workload and pipeline under the V8
// sampling profiler (the measured stretch only: after start-up and warm-up) and attributes
// every sample's self time to a stage by the file of the function it falls in. Stages:
// span creation (the OTel SDK and the app itself), filter and ancestor tracking, onStart
// trace attributes, normalise, privacy gate and scrub, budget, render, media scan, encode,
// compress, transport, GC. Without a pipeline ("noop") only the first and the last remain.
// `STAGE_REPS` runs (default 5) of each; every cell is the median.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSink } from './sink.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const workloads = (process.argv[2] ?? 'small,large,mixed').split(',');
const pipelines = (process.argv[3] ?? 'noop,bare,lamplight').split(',');

/** Stage of a sample, by the function's file (first match wins). */
const STAGES = [
  // The profiler's own stop call (serialising the profile) is not the pipeline's: left out.
  ['(profiler, left out)', (fn, f) => fn === 'post' && f.includes('inspector')],
  ['GC', (fn) => fn === '(garbage collector)'],
  ['idle', (fn) => fn === '(idle)' || fn === '(program)'],
  ['filter + ancestors + queue', (_, f) => /core\/dist\/esm\/(filter\/|processor\/(lamplight-span-processor|bounded-queue|span-bytes|export-scheduler))/.test(f)],
  ['onStart trace attributes', (_, f) => /core\/dist\/esm\/context\//.test(f)],
  ['normalise', (_, f) => /core\/dist\/esm\/(normalize|readers\/|observation|content-events\/|attribute-keys)/.test(f)],
  ['budget', (_, f) => /core\/dist\/esm\/serialize\//.test(f)],
  ['privacy gate + scrub', (fn, f) => /core\/dist\/esm\/(content\/|processor\/(prepare-observation|fold-system))/.test(f) || fn.startsWith('RegExp:')],
  ['render', (_, f) => /core\/dist\/esm\/render\//.test(f)],
  ['media scan', (_, f) => /\/media\//.test(f)],
  ['encode', (fn, f) => /otlp-transformer|langfuse\/dist\/esm\/(sliced-serializer|request-chunks|otlp-writer)|protobufjs/.test(f) || fn === 'encodeInto'],
  ['compress', (fn, f) => /node:zlib|transport\/dist\/esm\/(node-)?gzip/.test(f)],
  ['transport', (fn, f) => /undici|node:(internal\/)?(http|net|stream|_http|dns|tls)|transport\/dist|langfuse\/dist\/esm\/langfuse-(exporter|otlp-codec)|processor\/(destination|export-)/.test(f) || (f === '' && /^(writev|write|writeBuffer|writeUtf8String|writeLatin1String)$/.test(fn))],
  ['span creation (SDK + app)', (_, f) => /sdk-trace|@opentelemetry\+api|context-async-hooks|core@|resources|workloads\.mjs|async_hooks|bench-child/.test(f)],
  ['lamplight other', (_, f) => /packages\//.test(f)],
];

function runChild(pipeline, workload, url, file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', join(here, 'bench-child.mjs'), pipeline, workload, url], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_CPU_PROFILE: file },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(JSON.parse(out.trim().split('\n').pop())));
  });
}

function stagesOf(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  const other = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName: fn, url } = nodes.get(id).callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    const stage = STAGES.find(([, match]) => match(fn, url))?.[0] ?? 'other (runtime)';
    totals.set(stage, (totals.get(stage) ?? 0) + us);
    if (stage === 'other (runtime)') other.set(`${fn} ${url.split('/').slice(-2).join('/')}`, (other.get(`${fn} ${url}`) ?? 0) + us);
  });
  return { totals, other };
}

const reps = Number(process.env.STAGE_REPS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'lamplight-profile-'));
const cells = {};
for (let rep = 0; rep < reps; rep++) {
  for (const workload of workloads) {
    for (const pipeline of pipelines) {
      const sink = await startSink();
      const file = join(dir, `${pipeline}-${workload}.cpuprofile`);
      const run = await runChild(pipeline, workload, sink.url, file);
      await sink.close();
      const { totals, other } = stagesOf(JSON.parse(readFileSync(file, 'utf8')));
      const column = `${workload}/${pipeline}`;
      for (const [stage] of [...STAGES.filter(([name]) => !name.startsWith('(')), ['other (runtime)']]) {
        ((cells[stage] ??= {})[column] ??= []).push((totals.get(stage) ?? 0) / run.ended);
      }
      // Process CPU of the measured stretch, all threads (gzip runs on the thread pool, GC and
      // compilation partly on helper threads: the rows above are the main thread's samples).
      ((cells['busy (CPU µs/ended)'] ??= {})[column] ??= []).push(run.cpuUs / run.ended);
      if (process.env.STAGE_PROFILE_OTHER) console.log(column, [...other].sort((a, b) => b[1] - a[1]).slice(0, 15));
    }
  }
}
rmSync(dir, { recursive: true, force: true });
const table = Object.fromEntries(Object.entries(cells).map(([stage, cols]) => [stage, Object.fromEntries(Object.entries(cols).map(([c, xs]) => [c, +median(xs).toFixed(1)]))]));
console.log(`Self time per ended span by stage, µs, medians of ${reps} runs (sampled; "busy" is process CPU time per ended span):`);
console.table(table);
