#!/usr/bin/env node
// Wrapper overhead of @lamplight/openai against the unwrapped client: per non-stream call and
// per stream chunk, as ratios, medians of interleaved repetitions (the sides alternate order
// each rep, so drift in JIT, GC or CPU clock hits them alike).
//
// Three sides, all the real openai SDK:
//   untraced  — a plain client;
//   wrapper   — observeOpenAI over a TracerProvider with no span processor: the wrapper's own
//               work plus OTel span creation;
//   pipeline  — observeOpenAI under the full pipeline: LamplightSpanProcessor with an exporter
//               that discards (normalisation and preparation still run, in export batches).
// Two transports:
//   fake server — the testkit's fake OpenAI over real HTTP on localhost (what the issue asks);
//   in-memory   — the same response bodies, recorded from the fake server once, replayed by a
//                 `fetch` stub: no socket noise, so the wrapper's cost stands out.
// CPU is process CPU (user + system); with the fake server it includes the server, which is
// the same work on every side.
//
// Run after `pnpm run build` (uses dist/): node packages/openai/bench/wrapper-overhead.mjs
// Options: --reps N (7), --calls N (300), --streams N (30), --chunks N (200)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), Number(all[i + 1])]] : [])));
const REPS = args.reps || 7;
const CALLS = args.calls || 300;
const STREAMS = args.streams || 30;
const CHUNKS = args.chunks || 200;

// The SDK from this package's devDependencies; the OTel SDK from the e2e test workspace.
const requireHere = createRequire(join(here, '..', 'package.json'));
const requireTest = createRequire(join(root, 'test', 'package.json'));
const importFile = (path) => import(pathToFileURL(path).href);
const openaiEntry = requireHere.resolve('openai');
const { default: OpenAI } = await importFile(openaiEntry);
const { BasicTracerProvider } = await importFile(requireTest.resolve('@opentelemetry/sdk-trace-base'));
const { LamplightSpanProcessor } = await importFile(join(root, 'packages', 'core', 'dist', 'esm', 'index.js'));
const { startFakeOpenAI } = await importFile(join(root, 'packages', 'testkit', 'dist', 'esm', 'index.js'));
const { observeOpenAI } = await importFile(join(here, '..', 'dist', 'esm', 'index.js'));

const discard = { name: 'discard', exportObservations: async (items) => ({ exported: items.length, dropped: {} }), shutdown: async () => undefined };
const processor = new LamplightSpanProcessor({ exporter: discard });
const pipelineProvider = new BasicTracerProvider({ spanProcessors: [processor] });
const bareProvider = new BasicTracerProvider();

const fake = await startFakeOpenAI();
const text = Array.from({ length: CHUNKS }, (_, i) => `w${i}`).join(' ');
fake.respondWith((request) => (request.stream ? { text, chunks: CHUNKS } : { text: 'a short answer' }));

const messages = [
  { role: 'system', content: 'You are a benchmark.' },
  { role: 'user', content: 'Say something short, please.' },
];
const callBody = { model: 'gpt-4o-mini', messages, temperature: 0 };
const streamBody = { model: 'gpt-4o-mini', messages, stream: true };

/** Response bodies recorded from the fake server, replayed by the in-memory fetch. */
async function record(body) {
  const response = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { text: await response.text(), type: response.headers.get('content-type') };
}
const recorded = {
  json: await record(callBody),
  sse: await record(streamBody),
  sseUsage: await record({ ...streamBody, stream_options: { include_usage: true } }),
};
const memoryFetch = async (_url, init) => {
  const body = JSON.parse(init.body);
  const r = !body.stream ? recorded.json : body.stream_options?.include_usage ? recorded.sseUsage : recorded.sse;
  return new Response(r.text, { status: 200, headers: { 'content-type': r.type } });
};

function clients(extra) {
  const options = { baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0, ...extra };
  return {
    untraced: new OpenAI(options),
    wrapper: observeOpenAI(new OpenAI(options), { tracerProvider: bareProvider }),
    pipeline: observeOpenAI(new OpenAI(options), { tracerProvider: pipelineProvider }),
  };
}

async function calls(client, n) {
  for (let i = 0; i < n; i++) await client.chat.completions.create(callBody);
  return n;
}

async function streams(client, n) {
  let chunks = 0;
  for (let i = 0; i < n; i++) {
    for await (const chunk of await client.chat.completions.create(streamBody)) if (chunk.choices.length > 0) chunks++;
  }
  return chunks;
}

async function measure(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const units = await fn();
  const wall = performance.now() - t0;
  // The pipeline prepares spans in export batches: the flush is part of their cost (a no-op on the other sides).
  await processor.forceFlush();
  const cpu = process.cpuUsage(cpu0);
  return { wall: wall / units, cpu: (cpu.user + cpu.system) / 1000 / units, units };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const SIDES = ['untraced', 'wrapper', 'pipeline'];

async function run(transport, set) {
  for (const side of SIDES) {
    await calls(set[side], 50);
    await streams(set[side], 3);
  }
  const samples = {};
  let chunksPerStream = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const order = rep % 2 === 0 ? SIDES : [...SIDES].reverse();
    for (const side of order) {
      const c = await measure(() => calls(set[side], CALLS));
      const s = await measure(() => streams(set[side], STREAMS));
      chunksPerStream = s.units / STREAMS;
      for (const [key, value] of [['call wall', c.wall], ['call cpu', c.cpu], ['chunk wall', s.wall], ['chunk cpu', s.cpu]]) {
        ((samples[key] ??= {})[side] ??= []).push(value);
      }
    }
  }
  console.log(`\n${transport}: ${CALLS} calls and ${STREAMS} streams × ${chunksPerStream} chunks per side and rep`);
  for (const [key, bySide] of Object.entries(samples)) {
    const base = median(bySide.untraced);
    const cells = SIDES.slice(1).map((side) => {
      const m = median(bySide[side]);
      return `${side} ${us(m).padStart(9)} ×${(m / base).toFixed(2)} (+${us(m - base)})`;
    });
    const label = key.startsWith('call') ? `per call, ${key.split(' ')[1]}` : `per chunk, ${key.split(' ')[1]}`;
    console.log(`  ${label.padEnd(17)} untraced ${us(base).padStart(9)} | ${cells.join(' | ')}`);
  }
}

const version = JSON.parse(readFileSync(join(dirname(openaiEntry), 'package.json'), 'utf8')).version;
console.log(`@lamplight/openai wrapper overhead — medians of ${REPS} interleaved reps; node ${process.version}, openai ${version}`);
await run('fake server (HTTP on localhost)', clients({}));
await run('in-memory fetch (recorded fake-server bodies)', clients({ fetch: memoryFetch }));
const stats = processor.stats();
console.log(`\npipeline spans ended ${stats.ended}, exported ${stats.exported}, dropped ${Object.values(stats.dropped).reduce((a, b) => a + b, 0)}`);

await pipelineProvider.shutdown();
await fake.close();
