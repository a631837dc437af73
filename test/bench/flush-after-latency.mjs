// Serverless request latency with `flushAfter()`: a handler makes an agent span and a
// generation with the manual API and returns; the "platform" collects what the handler gave
// to waitUntil. Measured per request, interleaved in one process: no tracing at all (no
// provider registered, so observe() is a no-op) against `register()` + `flushAfter()` on
// every request, exporting to a local sink. Prints medians and p99 of the handler's time to
// its response, and how many spans the sink received.
import { observe } from '@lamplight/core';
import { startSink } from './sink.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const sink = await startSink();

async function handler(i, flushAfter) {
  const answer = await observe('handle request', { kind: 'agent', input: `question ${i}` }, () =>
    observe('chat model', { kind: 'generation', model: 'm', input: `question ${i}` }, async (g) => {
      g.update({ output: `answer ${i}`, usage: { inputTokens: 12, outputTokens: 4 } });
      return `answer ${i}`;
    }),
  );
  flushAfter?.();
  return answer;
}

async function measure(flushAfter, keepAlive) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await handler(i, flushAfter);
    times.push(performance.now() - t);
    // The platform awaits what the handler handed over before the next request, as it would before freezing.
    if (keepAlive.length > 0) await Promise.all(keepAlive.splice(0));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] };
}

// Untraced first (before register installs a provider), then traced.
await measure(undefined, []);
const untraced = await measure(undefined, []);
process.env.LANGFUSE_PUBLIC_KEY = 'pk-lf-bench';
process.env.LANGFUSE_SECRET_KEY = 'sk-lf-bench';
process.env.LANGFUSE_BASE_URL = sink.url;
process.env.LAMPLIGHT_LOG_LEVEL = 'none';
const { register } = await import('@lamplight/register/api');
const lamplight = register({ openai: false, aiSdk: false, foglamp: false });
const keepAlive = [];
const withFlush = () => lamplight.flushAfter((p) => keepAlive.push(p));
await measure(withFlush, keepAlive);
const traced = await measure(withFlush, keepAlive);
await lamplight.shutdown();
console.log(`flushAfter() request latency — ${REQUESTS} requests each, after a warm-up round`);
console.log(`  untraced                    median ${untraced.median.toFixed(3)} ms  p99 ${untraced.p99.toFixed(3)} ms`);
console.log(`  register + flushAfter()     median ${traced.median.toFixed(3)} ms  p99 ${traced.p99.toFixed(3)} ms  (+${(traced.median - untraced.median).toFixed(3)} ms median)`);
console.log(`  spans at the sink: ${sink.counters?.spans ?? 'n/a'}`);
await sink.close?.();
process.exit(0);
