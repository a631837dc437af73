#!/usr/bin/env node
// Garbage collection caused per traced call: one side per process (untraced, or the wrapper of
// a build) over the stand-in `create` of wrapper-cost.mjs (the SDK's own APIPromise, answered at
// once), with the GC time and the kinds of collections seen over 12,000 calls. Found the
// per-call accessor that gave every hooked APIPromise its own hidden class.
// Run after `pnpm run build` (uses dist/):
//   node packages/openai/bench/wrapper-gc.mjs            (the wrapper of dist/)
//   SIDE=untraced node packages/openai/bench/wrapper-gc.mjs
//   DIST=/path/to/other/dist/esm node packages/openai/bench/wrapper-gc.mjs
// GC kinds (perf_hooks): 1 scavenge, 2 mark-compact, 4 incremental marking, 8 weak callbacks.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
const here = dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(join(here, '..', 'package.json'));
const requireTest = createRequire(join(here, '..', '..', '..', 'test', 'package.json'));
const { APIPromise } = requireHere(join(dirname(requireHere.resolve('openai')), 'core', 'api-promise.js'));
const { BasicTracerProvider } = await import(requireTest.resolve('@opentelemetry/sdk-trace-base'));
const dist = process.env.DIST ?? join(here, '..', 'dist', 'esm');
const load = (file) => import(pathToFileURL(join(dist, file)).href);
const { tracedCreate } = await load('patch/traced-create.js');
const { CHAT_COMPLETIONS } = await load('operations/chat.js');
const { resolveTracingOptions } = await load('options.js');
const tracer = new BasicTracerProvider().getTracer('b');
const callBody = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a benchmark.' }, { role: 'user', content: 'Say something short, please.' }], temperature: 0 };
const responseText = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', system_fingerprint: 'fp_1', choices: [{ index: 0, message: { role: 'assistant', content: 'a short answer' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
const fakeClient = { baseURL: 'http://127.0.0.1:9/v1' };
const resource = { _client: fakeClient };
const props = { response: {}, options: {} };
function create() { return new APIPromise(fakeClient, Promise.resolve(props), async () => JSON.parse(responseText)); }
const options = resolveTracingOptions({}, 'b');
const fn = process.env.SIDE === 'untraced' ? create : tracedCreate(CHAT_COMPLETIONS, create, { tracer: () => tracer, options: () => options });
for (let i = 0; i < 3000; i++) await fn.call(resource, callBody);
const gc = { ms: 0, kinds: {} };
const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) { gc.ms += e.duration; const k = e.detail?.kind; gc.kinds[k] = (gc.kinds[k] ?? 0) + 1; } });
obs.observe({ entryTypes: ['gc'] });
const N = 12000;
const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) await fn.call(resource, callBody);
const c = process.cpuUsage(c0);
await new Promise((r) => setTimeout(r, 50));
obs.disconnect();
console.log((process.env.SIDE ?? 'wrapper').padEnd(9), 'cpu', ((c.user + c.system) / N).toFixed(2), 'µs; gc', (gc.ms / N * 1000).toFixed(2), 'µs/op', JSON.stringify(gc.kinds));
