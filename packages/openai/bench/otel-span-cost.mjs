#!/usr/bin/env node
// What the OpenTelemetry SDK itself costs per traced call, the floor under the wrapper's
// overhead: a bare `tracer.startSpan(...)` + `setAttributes` + `end()` with the same
// attributes (names, types, values) as the generation of one benchmark call, next to one
// traced call's worth of the wrapper over an in-memory `fetch`, both with no span processor.
// Run after `pnpm run build` (uses dist/): node packages/openai/bench/otel-span-cost.mjs
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const requireHere = createRequire(join(here, '..', 'package.json'));
const requireTest = createRequire(join(root, 'test', 'package.json'));
const importFile = (path) => import(pathToFileURL(path).href);
const { default: OpenAI } = await importFile(requireHere.resolve('openai'));
const { BasicTracerProvider } = await importFile(requireTest.resolve('@opentelemetry/sdk-trace-base'));
const api = await importFile(requireTest.resolve('@opentelemetry/api'));
const { observeOpenAI } = await importFile(join(here, '..', 'dist', 'esm', 'index.js'));

// The attributes of one benchmark generation, as the wrapper records them.
const ended = [];
const recording = new BasicTracerProvider({ spanProcessors: [{ onStart() {}, onEnd: (span) => ended.push(span), forceFlush: async () => {}, shutdown: async () => {} }] });
const body = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', system_fingerprint: 'fp_1', choices: [{ index: 0, message: { role: 'assistant', content: 'a short answer' }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
const fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const callBody = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a benchmark.' }, { role: 'user', content: 'Say something short, please.' }], temperature: 0 };
const options = { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-bench', maxRetries: 0, fetch };
await observeOpenAI(new OpenAI(options), { tracerProvider: recording }).chat.completions.create(callBody);
const sample = ended[0];
const startKeys = ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'server.address', 'server.port'];
const startAttributes = Object.fromEntries(startKeys.filter((k) => k in sample.attributes).map((k) => [k, sample.attributes[k]]));
const laterAttributes = Object.fromEntries(Object.entries(sample.attributes).filter(([k]) => !startKeys.includes(k)));
console.log(`one generation: name "${sample.name}", ${Object.keys(sample.attributes).length} attributes (${Object.keys(startAttributes).length} at start)`);

const tracer = new BasicTracerProvider().getTracer('bench');
const N = 20000;
function bareSpans(n) {
  for (let i = 0; i < n; i++) {
    const parent = api.context.active();
    const span = tracer.startSpan(sample.name, { kind: api.SpanKind.CLIENT, attributes: { ...startAttributes } }, parent);
    api.trace.setSpan(parent, span);
    span.setAttributes({ ...laterAttributes });
    span.end();
  }
  return n;
}
const plain = new OpenAI(options);
const traced = observeOpenAI(new OpenAI(options), { tracerProvider: new BasicTracerProvider() });
async function calls(client, n) {
  for (let i = 0; i < n; i++) await client.chat.completions.create(callBody);
  return n;
}
async function cpu(fn) {
  const c0 = process.cpuUsage();
  const n = await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
bareSpans(N);
await calls(plain, 500);
await calls(traced, 500);
const samples = { bare: [], untraced: [], wrapper: [] };
for (let rep = 0; rep < 40; rep++) {
  samples.bare.push(await cpu(() => bareSpans(1000)));
  samples.untraced.push(await cpu(() => calls(plain, 200)));
  samples.wrapper.push(await cpu(() => calls(traced, 200)));
}
const bare = median(samples.bare);
const over = median(samples.wrapper) - median(samples.untraced);
console.log(`bare OTel span (start + setSpan + setAttributes + end): ${bare.toFixed(1)} µs CPU`);
console.log(`wrapper over untraced client, per call:               ${over.toFixed(1)} µs CPU (of which OTel about ${bare.toFixed(1)}, wrapper's own about ${(over - bare).toFixed(1)})`);
