/**
 * Captures golden-vector fixtures from the real Vercel AI SDK packages.
 *
 *   export PATH=/work/main/.toolchain/node_modules/.bin:$PATH
 *   node packages/ai-sdk/test/capture/capture-fixtures.mjs
 *
 * Runs `ai` v5 (5.0.x) and v6 (6.0.x) with `experimental_telemetry`, and `ai` v7 with
 * `@ai-sdk/otel` in both of its modes (`OpenTelemetry` → `gen_ai` scope, `LegacyOpenTelemetry`
 * → `ai` scope), against a tiny local OpenAI-compatible server, records every span with an
 * in-memory exporter and writes them to packages/core/test/fixtures/ai-sdk-<dialect>/<scenario>.json.
 *
 * Span and trace ids come from a counting id generator and times are rebased to a fixed
 * epoch, so a re-capture only changes what the SDK itself changed (and span durations).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, loadDialect } from './scenarios.mjs';
import { startTinyOpenAIServer } from './tiny-openai-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const fixturesDir = join(repo, 'packages', 'core', 'test', 'fixtures');
// The OTel SDK is a dev dependency of @lamplight/core; load it from there.
const requireFromCore = createRequire(join(repo, 'packages', 'core', 'package.json'));
const api = requireFromCore('@opentelemetry/api');
const sdk = requireFromCore('@opentelemetry/sdk-trace-base');
const { AsyncLocalStorageContextManager } = requireFromCore('@opentelemetry/context-async-hooks');

/** Rebased start of every capture run: 2026-01-01T00:00:00Z. */
const FIXED_EPOCH_NS = 1_767_225_600n * 1_000_000_000n;

/** Counting ids: trace ids `0000…0001`, span ids `00000000000000NN`, unique per run. */
class CountingIdGenerator {
  traces = 0;
  spans = 0;
  generateTraceId() {
    return (++this.traces).toString(16).padStart(32, '0');
  }
  generateSpanId() {
    return (++this.spans).toString(16).padStart(16, '0');
  }
}

const toNs = ([s, ns]) => BigInt(s) * 1_000_000_000n + BigInt(ns);
const fromNs = (t) => [Number(t / 1_000_000_000n), Number(t % 1_000_000_000n)];

/** A captured span as plain JSON: everything `ReadableSpanLike` needs, times as [s, ns]. */
function serializeSpan(span, originNs) {
  const rebase = (t) => fromNs(toNs(t) - originNs + FIXED_EPOCH_NS);
  const ctx = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version },
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    startTime: rebase(span.startTime),
    endTime: rebase(span.endTime),
    status: span.status.message ? { code: span.status.code, message: span.status.message } : { code: span.status.code },
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, time: rebase(e.time), attributes: scrubStack(e.attributes ?? {}) })),
  };
}

/** Exception stacks name local paths; keep the first line only. */
function scrubStack(attributes) {
  const out = { ...attributes };
  if (typeof out['exception.stacktrace'] === 'string') out['exception.stacktrace'] = out['exception.stacktrace'].split('\n')[0];
  return out;
}

async function main() {
  const server = await startTinyOpenAIServer();
  const exporter = new sdk.InMemorySpanExporter();
  const provider = new sdk.BasicTracerProvider({
    idGenerator: new CountingIdGenerator(),
    spanProcessors: [new sdk.SimpleSpanProcessor(exporter)],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  const versions = {};
  try {
    for (const dialect of ['v5', 'v6', 'v7-gen-ai', 'v7-legacy']) {
      const loaded = await loadDialect(dialect, server.url);
      versions[dialect] = await packageVersion(dialect);
      for (const [scenario, run] of Object.entries(SCENARIOS)) {
        exporter.reset();
        await run(loaded);
        await provider.forceFlush();
        const spans = exporter.getFinishedSpans();
        // Times are rebased so the scenario's first span starts at FIXED_EPOCH.
        const earliest = spans.reduce((min, s) => (toNs(s.startTime) < min ? toNs(s.startTime) : min), toNs(spans[0].startTime));
        const fixture = {
          source: `ai ${versions[dialect]}${dialect.startsWith('v7') ? ` + @ai-sdk/otel ${await otelVersion()}` : ''}`,
          dialect,
          scenario,
          capturedWith: 'packages/ai-sdk/test/capture/capture-fixtures.mjs',
          spans: spans.map((s) => serializeSpan(s, earliest)),
        };
        const file = join(fixturesDir, `ai-sdk-${dialect}`, `${scenario}.json`);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`);
        process.stdout.write(`${dialect}/${scenario}: ${spans.length} spans → ${file}\n`);
      }
    }
  } finally {
    await provider.shutdown();
    await server.close();
  }
}

async function packageVersion(dialect) {
  const name = dialect === 'v5' ? 'ai-v5' : dialect === 'v6' ? 'ai-v6' : 'ai';
  const require = createRequire(join(here, 'capture-fixtures.mjs'));
  return require(`${name}/package.json`).version;
}

async function otelVersion() {
  const require = createRequire(join(here, 'capture-fixtures.mjs'));
  return require('@ai-sdk/otel/package.json').version;
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
