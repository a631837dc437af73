#!/usr/bin/env node
// CPU profile of one side of the wrapper-overhead benchmark (in-memory fetch), summarised as
// self time by function. Run after `pnpm run build` (uses dist/):
//   node packages/openai/bench/profile-wrapper.mjs [--side untraced|wrapper|pipeline] [--mode calls|streams] [--n N] [--chunks N] [--top N]
// It re-runs itself under `node --cpu-prof`, then reads the profile it wrote.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const SIDE = opt('side', 'wrapper');
const MODE = opt('mode', 'calls');
const N = Number(opt('n', MODE === 'calls' ? 20000 : 300));
const CHUNKS = Number(opt('chunks', 200));
const TOP = Number(opt('top', 40));

if (!process.env.PROFILE_WRAPPER_CHILD) {
  const dir = mkdtempSync(join(tmpdir(), 'openai-prof-'));
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, fileURLToPath(import.meta.url), ...argv], {
    env: { ...process.env, PROFILE_WRAPPER_CHILD: '1' },
    stdio: 'inherit',
  });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  console.log(`profile: ${join(dir, file)}`);
} else {
  await child();
}

function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const self = new Map();
  let total = 0;
  for (const [id, us] of dt) {
    const { callFrame: f } = byId.get(id);
    const where = f.url ? f.url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*\/packages\//, 'packages/') : '';
    const key = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  const byArea = new Map();
  for (const [key, us] of self) {
    const area = key.includes('packages/openai') ? 'lamplight openai' : key.includes('packages/core') ? 'lamplight core' : key.includes('sdk-trace') || key.includes('@opentelemetry') ? 'opentelemetry' : key.includes('openai/') ? 'openai sdk' : 'other';
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  console.log(`\nself time, ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [area, us] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`  ${area.padEnd(18)} ${(us / 1000).toFixed(1).padStart(8)} ms`);
  console.log('');
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}

async function child() {
  const requireHere = createRequire(join(here, '..', 'package.json'));
  const requireTest = createRequire(join(root, 'test', 'package.json'));
  const importFile = (path) => import(pathToFileURL(path).href);
  const { default: OpenAI } = await importFile(requireHere.resolve('openai'));
  const { BasicTracerProvider } = await importFile(requireTest.resolve('@opentelemetry/sdk-trace-base'));
  const { LamplightSpanProcessor } = await importFile(join(root, 'packages', 'core', 'dist', 'esm', 'index.js'));
  const { startFakeOpenAI } = await importFile(join(root, 'packages', 'testkit', 'dist', 'esm', 'index.js'));
  const { observeOpenAI } = await importFile(join(here, '..', 'dist', 'esm', 'index.js'));

  const fake = await startFakeOpenAI();
  const text = Array.from({ length: CHUNKS }, (_, i) => `w${i}`).join(' ');
  fake.respondWith((request) => (request.stream ? { text, chunks: CHUNKS } : { text: 'a short answer' }));
  const messages = [
    { role: 'system', content: 'You are a benchmark.' },
    { role: 'user', content: 'Say something short, please.' },
  ];
  const callBody = { model: 'gpt-4o-mini', messages, temperature: 0 };
  const streamBody = { model: 'gpt-4o-mini', messages, stream: true };
  const record = async (body) => {
    const r = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { text: await r.text(), type: r.headers.get('content-type') };
  };
  const recorded = { json: await record(callBody), sse: await record(streamBody), sseUsage: await record({ ...streamBody, stream_options: { include_usage: true } }) };
  await fake.close();
  const memoryFetch = async (_url, init) => {
    const body = JSON.parse(init.body);
    const r = !body.stream ? recorded.json : body.stream_options?.include_usage ? recorded.sseUsage : recorded.sse;
    return new Response(r.text, { status: 200, headers: { 'content-type': r.type } });
  };
  const discard = { name: 'discard', exportObservations: async (items) => ({ exported: items.length, dropped: {} }), shutdown: async () => undefined };
  const processor = new LamplightSpanProcessor({ exporter: discard });
  const provider = SIDE === 'pipeline' ? new BasicTracerProvider({ spanProcessors: [processor] }) : new BasicTracerProvider();
  const plain = new OpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-bench', maxRetries: 0, fetch: memoryFetch });
  const client = SIDE === 'untraced' ? plain : observeOpenAI(plain, { tracerProvider: provider });

  const once = async () => {
    if (MODE === 'calls') await client.chat.completions.create(callBody);
    else for await (const chunk of await client.chat.completions.create(streamBody)) void chunk;
  };
  for (let i = 0; i < Math.min(500, N); i++) await once();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await once();
  const cpu = process.cpuUsage(cpu0);
  await processor.forceFlush();
  await provider.shutdown();
  const per = MODE === 'calls' ? N : N * CHUNKS;
  console.log(`${SIDE} ${MODE}: ${N} × — ${(((cpu.user + cpu.system) / per)).toFixed(2)} µs CPU per ${MODE === 'calls' ? 'call' : 'chunk'}`);
}
