// `node test/bench/privacy-bench.mjs` (after a build): what the privacy gate costs.
// - scrubber throughput (MB/s) on adversarial inputs (long runs of rule prefixes, the worst
//   case of a backtracking engine) and on normal inputs (prose, code, chat JSON),
// - the longest event-loop block while a 1 MB / 10 MB text is scrubbed in slices, and while a
//   span with a 1 MiB prompt goes through `prepareObservationSliced`,
// - the gate on hostile spans: a 50 MB span name, 10^6 tags, 2·10^5 metadata keys.
// Throughput is process CPU time (medians of BENCH_REPS runs, default 5, interleaved with the
// scrubber before issue 14 as the baseline); loop blocks are wall time and include whatever
// the machine's neighbours cost. Numbers, never assertions: targets live in the issues.
import { performance } from 'node:perf_hooks';
import { withTraceAttributes } from '@lamplight/core';
import { gateSpanParts, normalize, prepareObservation, prepareObservationSliced, SecretScrubber, TimeSlicer } from '@lamplight/core/internal';
import { secretCorpus } from '../fixtures/secret-corpus.mjs';
import { scrubSecrets as baselineScrub } from './baseline-scrubber.mjs';

const reps = Number(process.env.BENCH_REPS ?? 5);
const MB = 1024 * 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fill = (unit, bytes) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

const prose = 'The assistant reviewed the quarterly report and summarised the key findings for the team. Revenue grew 12% while costs stayed flat; the new onboarding flow reduced churn. ';
const code = 'export function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.quantity; // no tax here\n  return { sum, count: items.length, token_count: 42 };\n}\n';
const chat = JSON.stringify([{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: prose }, { role: 'assistant', content: 'Sure. ' + prose }]);
const dense = secretCorpus().map((c) => c.text).join('\n') + '\n';

const INPUTS = {
  'adversarial: sk- ×': fill('sk-', MB),
  'adversarial: sk-proj- ×': fill('sk-proj-', MB),
  'adversarial: Bearer ×': fill('Bearer ', MB),
  'adversarial: password= ×': fill('password=', MB),
  'adversarial: "api_key": "x", ×': fill('"api_key": "x", ', MB),
  'adversarial: ://a: ×': fill('://a:', MB),
  'adversarial: eyJ. ×': fill('eyJ.', MB),
  'adversarial: -----BEGIN PRIVATE KEY----- ×': fill('-----BEGIN PRIVATE KEY-----', MB),
  'adversarial: AKIA ×': fill('AKIA', MB),
  'adversarial: 1234567890:AA ×': fill('1234567890:AA', MB),
  'adversarial: one 1 MB token': fill('a', MB),
  'normal: prose': fill(prose, MB),
  'normal: code': fill(code, MB),
  'normal: chat JSON': fill(chat, MB),
  'secret-dense corpus': fill(dense, MB),
};

/** CPU milliseconds of `fn` (process CPU time: on a shared machine wall time mostly measures the neighbours). */
function cpuMs(fn) {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** Median CPU ms per MB of the new scrubber and of the baseline, runs interleaved. */
function throughput(scrubber, text) {
  const now = [];
  const before = [];
  for (let r = 0; r < reps; r++) {
    now.push(cpuMs(() => scrubber.scrub(text)));
    before.push(cpuMs(() => baselineScrub(text)));
  }
  const mb = text.length / MB;
  const per = (xs) => +(median(xs) / mb).toFixed(1);
  // The longest single chunk: what one slice of the sliced scrubber holds the loop for (CPU).
  let worstChunk = 0;
  for (let pos = 0; pos < text.length; pos += 16_384) worstChunk = Math.max(worstChunk, cpuMs(() => scrubber.scrub(text.slice(pos, pos + 16_384))));
  return { msPerMB: per(now), mbPerS: +(1000 / per(now)).toFixed(1), baselineMsPerMB: per(before), worstChunkCpuMs: +worstChunk.toFixed(2) };
}

/** Runs `work` while a setImmediate ping measures the longest gap the loop could not answer. */
async function longestBlock(work) {
  let last = performance.now();
  let worst = 0;
  let running = true;
  const ping = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (running) setImmediate(ping);
  };
  setImmediate(ping);
  const t0 = performance.now();
  await work();
  const total = performance.now() - t0;
  running = false;
  await new Promise((r) => setImmediate(r));
  return { worstBlockMs: +worst.toFixed(2), totalMs: +total.toFixed(1) };
}

function fakeSpan(name, attributes) {
  return {
    name,
    kind: 0,
    attributes,
    events: [],
    links: [],
    status: { code: 0 },
    startTime: [1_700_000_000, 0],
    endTime: [1_700_000_001, 0],
    duration: [1, 0],
    ended: true,
    spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
    resource: { attributes: {} },
    instrumentationScope: { name: 'bench' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

const options = { captureContent: true, maxFieldBytes: MB, scrubSecrets: true };
const filter = { forwardsKey: () => true, forwardsEvent: () => true };

async function main() {
  const scrubber = new SecretScrubber();
  const results = { throughput: {}, sliced: {}, hostile: {} };
  for (const [name, text] of Object.entries(INPUTS)) results.throughput[name] = throughput(scrubber, text);

  for (const [name, text] of [
    ['scrubSliced 1 MB adversarial sk-', fill('sk-', MB)],
    ['scrubSliced 10 MB prose', fill(prose, 10 * MB)],
    ['scrubSliced 10 MB secret-dense', fill(dense, 10 * MB)],
  ]) {
    results.sliced[name] = await longestBlock(() => scrubber.scrubSliced(text, new TimeSlicer()));
  }
  const prompt = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: fill(prose + dense, MB - 200) }] }]);
  const span = fakeSpan('chat', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': prompt, 'gen_ai.output.messages': prompt });
  results.sliced['prepareObservationSliced, 2 × 1 MiB prompt'] = await longestBlock(() => prepareObservationSliced(normalize(span), options, true, new TimeSlicer(), span));
  results.sliced['prepareObservation (synchronous), same span'] = await longestBlock(async () => prepareObservation(normalize(span), options, true));

  const bigName = fakeSpan('n'.repeat(50 * MB), { 'gen_ai.operation.name': 'chat', 'acme.body': fill(prose, 10 * MB) });
  results.hostile['50 MB span name + 10 MB unknown attribute: prepare + gate'] = await longestBlock(async () => {
    const obs = prepareObservation(normalize(bigName), options, true);
    gateSpanParts(bigName, obs, filter);
  });
  const tags = Array.from({ length: 1_000_000 }, (_, i) => `t${i}`);
  const metadata = {};
  for (let i = 0; i < 200_000; i++) metadata[`k${i}`] = 'v';
  results.hostile['withTraceAttributes, 10^6 tags + 2·10^5 metadata keys'] = await longestBlock(async () => withTraceAttributes({ tags, metadata }, () => undefined));
  console.log(JSON.stringify(results, null, 2));
}

await main();
