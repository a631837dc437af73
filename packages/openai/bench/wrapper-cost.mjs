#!/usr/bin/env node
// The wrapper's own CPU per call and per chunk, without the SDK's request work around it:
// `tracedCreate` over a stand-in `create` that returns the SDK's real `APIPromise` (resolved
// at once, a fixed parsed response), and the stream hook over an SDK-like `Stream` of
// pre-parsed chunks. Tight loops, so the numbers are steadier than the end-to-end benchmark
// on a busy machine; next to them, the OpenTelemetry floor: a bare span with the same name and
// attributes (start + `trace.setSpan` + `setAttributes` + end), no span processor.
//
// Run after `pnpm run build` (uses dist/): node packages/openai/bench/wrapper-cost.mjs [--dist DIR]...
// Each --dist adds a build to compare (e.g. a copy of dist/ from before a change).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const argv = process.argv.slice(2);
const dists = { current: join(here, '..', 'dist', 'esm') };
argv.forEach((a, i) => {
  if (a === '--dist') dists[`dist${i}`] = resolve(argv[i + 1], 'esm');
});
const requireHere = createRequire(join(here, '..', 'package.json'));
const requireTest = createRequire(join(root, 'test', 'package.json'));
const importFile = (path) => import(pathToFileURL(path).href);
const { APIPromise } = requireHere(join(dirname(requireHere.resolve('openai')), 'core', 'api-promise.js'));
const { BasicTracerProvider } = await importFile(requireTest.resolve('@opentelemetry/sdk-trace-base'));
const api = await importFile(requireTest.resolve('@opentelemetry/api'));
const { LamplightSpanProcessor } = await importFile(join(root, 'packages', 'core', 'dist', 'esm', 'index.js'));

const builds = {};
for (const [name, dir] of Object.entries(dists)) {
  const load = async (file) => importFile(join(dir, file));
  builds[name] = {
    ...(await load('patch/traced-create.js')),
    ...(await load('operations/chat.js')),
    ...(await load('stream/hook-stream.js')),
    ...(await load('generation.js')),
    ...(await load('operations/operation-spec.js')),
    ...(await load('options.js')),
  };
}

const provider = new BasicTracerProvider();
const tracer = provider.getTracer('bench');
// The full pipeline for the current build: Lamplight's processor with an exporter that discards.
const discard = { name: 'discard', exportObservations: async (items) => ({ exported: items.length, dropped: {} }), shutdown: async () => undefined };
const processor = new LamplightSpanProcessor({ exporter: discard });
const pipelineTracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('bench');
const callBody = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a benchmark.' }, { role: 'user', content: 'Say something short, please.' }], temperature: 0 };
const responseText = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024-07-18', system_fingerprint: 'fp_1', service_tier: 'default', choices: [{ index: 0, message: { role: 'assistant', content: 'a short answer', refusal: null }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
const fakeClient = { baseURL: 'http://127.0.0.1:9/v1' };
const resource = { _client: fakeClient };
const props = { response: {}, options: {}, controller: new AbortController() };
/** Stands in for the SDK's `create`: its own APIPromise, already answered. */
function create() {
  return new APIPromise(fakeClient, Promise.resolve(props), async () => JSON.parse(responseText));
}

const traced = {};
for (const [name, b] of Object.entries(builds)) {
  const options = b.resolveTracingOptions({}, 'bench');
  traced[name] = b.tracedCreate(b.CHAT_COMPLETIONS, create, { tracer: () => tracer, options: () => options });
}
const pipelineOptions = builds.current.resolveTracingOptions({}, 'bench');
const pipelined = builds.current.tracedCreate(builds.current.CHAT_COMPLETIONS, create, { tracer: () => pipelineTracer, options: () => pipelineOptions });

// One generation's attributes, as recorded, for the bare-span floor.
const recorded = [];
const recordingTracer = new BasicTracerProvider({ spanProcessors: [{ onStart() {}, onEnd: (s) => recorded.push(s), forceFlush: async () => {}, shutdown: async () => {} }] }).getTracer('bench');
{
  const b = builds.current;
  const options = b.resolveTracingOptions({}, 'bench');
  await b.tracedCreate(b.CHAT_COMPLETIONS, create, { tracer: () => recordingTracer, options: () => options }).call(resource, callBody);
}
const sample = recorded[0];
const startKeys = ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'server.address', 'server.port'];
const startAttributes = Object.fromEntries(Object.entries(sample.attributes).filter(([k]) => startKeys.includes(k)));
const laterAttributes = Object.fromEntries(Object.entries(sample.attributes).filter(([k]) => !startKeys.includes(k)));

async function calls(fn, n) {
  for (let i = 0; i < n; i++) await fn.call(resource, callBody);
  return n;
}
async function bare(n) {
  for (let i = 0; i < n; i++) {
    const parent = api.context.active();
    const span = tracer.startSpan(sample.name, { kind: api.SpanKind.CLIENT, attributes: { ...startAttributes } }, parent);
    api.trace.setSpan(parent, span);
    span.setAttributes({ ...laterAttributes });
    span.end();
  }
  return n;
}

// Streams: an SDK-like Stream (own `iterator`, `controller`) over pre-parsed chunks with `usage: null`.
const CHUNKS = 200;
const chunkTexts = Array.from({ length: CHUNKS }, (_, i) => JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', system_fingerprint: 'fp', choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: '' } : { content: ` w${i}` }, logprobs: null, finish_reason: i === CHUNKS - 1 ? 'stop' : null }], usage: null }));
chunkTexts.push(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 5, completion_tokens: 200, total_tokens: 205 } }));
class FakeStream {
  constructor() {
    this.iterator = async function* () {
      for (const text of chunkTexts) yield JSON.parse(text);
    };
    this.controller = new AbortController();
  }
  [Symbol.asyncIterator]() {
    return this.iterator();
  }
}
async function streams(b, n) {
  let chunks = 0;
  for (let i = 0; i < n; i++) {
    const stream = new FakeStream();
    if (b) {
      const span = tracer.startSpan('chat gpt-4o-mini');
      b.hookStream(stream, { generation: new b.Generation(span), accumulator: b.CHAT_COMPLETIONS.streamAccumulator(b.contentWriter(true, 1_048_576, span)), hideUsageChunk: true, unconsumedTimeoutMs: 300_000 });
    }
    for await (const chunk of stream) if (chunk) chunks++;
  }
  return chunks;
}

async function cpu(fn) {
  const c0 = process.cpuUsage();
  const n = await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const sides = { untraced: () => calls(create, 100), "bare span": () => bare(100) };
for (const [name, fn] of Object.entries(traced)) sides[`wrapper ${name}`] = () => calls(fn, 100);
// The processor exports in batches off the call path; the flush in each batch charges that work
// here too (batches of 300, so the flush's fixed cost is spread as in a steady stream of calls).
sides['pipeline current'] = async () => {
  const n = await calls(pipelined, 300);
  await processor.forceFlush();
  return n;
};
const streamSides = { untraced: () => streams(undefined, 5) };
for (const [name, b] of Object.entries(builds)) streamSides[`wrapper ${name}`] = () => streams(b, 5);

for (let i = 0; i < 5; i++) {
  for (const fn of Object.values(sides)) await fn();
  for (const fn of Object.values(streamSides)) await fn();
}
const samples = {};
const streamSamples = {};
// 25 reps: the process stays under the 16,384 calls after which core's model-call registry
// gets slower per call (a cost of its own, not the wrapper's).
for (let rep = 0; rep < 25; rep++) {
  const order = rep % 2 ? Object.entries(sides).reverse() : Object.entries(sides);
  for (const [name, fn] of order) (samples[name] ??= []).push(await cpu(fn));
  const streamOrder = rep % 2 ? Object.entries(streamSides).reverse() : Object.entries(streamSides);
  for (const [name, fn] of streamOrder) (streamSamples[name] ??= []).push(await cpu(fn));
}
const base = median(samples.untraced);
console.log(`per call (CPU µs over the stand-in create, medians of 25 interleaved batches; the stand-in costs ${base.toFixed(1)} µs; "bare span" is absolute):`);
for (const name of Object.keys(sides).filter((n) => n !== 'untraced')) console.log(`  ${name.padEnd(20)} ${(name === 'bare span' ? median(samples[name]) : median(samples[name]) - base).toFixed(1).padStart(6)} µs`);
const streamBase = median(streamSamples.untraced);
console.log(`per chunk over the SDK-like stream (${streamBase.toFixed(2)} µs per chunk untraced; includes the stream's span start/end spread over ${CHUNKS} chunks):`);
for (const name of Object.keys(streamSides).filter((n) => n !== 'untraced')) console.log(`  ${name.padEnd(20)} +${(median(streamSamples[name]) - streamBase).toFixed(2)} µs`);
