import { fileURLToPath } from 'node:url';
import {
  runNodeFixture,
  type DecodedSpan,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { describe, expect, it } from 'vitest';
import { generationView } from './openai-harness.js';
import { useE2eBackends } from './e2e-backends.js';

// The app's own NodeTracerProvider samples 20 % of traces. Lamplight attaches to it, and
// its LLM calls still reach Lamplight's backends, each in a complete trace, while the
// host keeps exactly its own sampling.
const dir = fileURLToPath(new URL('./foreign/', import.meta.url));
const CALLS = 20;

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
useE2eBackends((b) => ({ langfuse, foglamp, openai } = b));

interface Request {
  i: number;
  traceId: string;
  spanId: string;
  sampled: boolean;
}
interface HostSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

async function run(extra: Record<string, string> = {}) {
  const result = await runNodeFixture({
    file: `${dir}host-sampled-app.mjs`,
    nodeArgs: ['--import', `${dir}host-sampler-setup.mjs`, '--import', '@lamplight/register'],
    cwd: dir,
    env: {
      LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
      LANGFUSE_SECRET_KEY: langfuse.secretKey,
      LANGFUSE_BASE_URL: langfuse.url,
      FOGLAMP_API_KEY: foglamp.apiKey,
      FOGLAMP_BASE_URL: foglamp.url,
      FAKE_OPENAI_BASE_URL: openai.baseURL,
      CALLS: String(CALLS),
      ...extra,
    },
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain("attached to the app's NodeTracerProvider");
  const line = (prefix: string) => JSON.parse(result.stdout.split('\n').find((l) => l.startsWith(prefix))!.slice(prefix.length + 1)) as unknown;
  return { requests: line('REQUESTS') as Request[], host: line('HOST') as HostSpan[] };
}

/** Every parent id a backend received belongs to a span it received. */
function expectComplete(spans: Array<{ spanId: string; parentSpanId?: string; name: string }>): void {
  const ids = new Set(spans.map((s) => s.spanId));
  for (const span of spans) if (span.parentSpanId) expect(ids.has(span.parentSpanId), `parent of ${span.name}`).toBe(true);
}

function generations(): DecodedSpan[] {
  return langfuse.spans().filter((s) => generationView(s).type === 'generation');
}

describe('a host provider with TraceIdRatioBasedSampler(0.2)', () => {
  it('every one of the LLM calls reaches both backends as a complete trace; the host keeps its own sampling', async () => {
    const { requests, host } = await run();
    expect(requests).toHaveLength(CALLS);
    const sampled = requests.filter((r) => r.sampled);

    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);
    expect(generations()).toHaveLength(CALLS);
    expect(foglamp.spans().filter((s) => s.spanType === 'llm')).toHaveLength(CALLS);
    expectComplete(langfuse.spans());
    expectComplete(foglamp.spans());

    for (const request of requests) {
      const generation = generations().find((s) => JSON.stringify(generationView(s).input).includes(`call ${request.i}"`))!;
      expect(generation, `call ${request.i}`).toBeDefined();
      if (request.sampled) {
        // Kept by the host: the generation sits in the app's trace, under the request span.
        expect(generation.traceId).toBe(request.traceId);
        expect(generation.parentSpanId).toBe(request.spanId);
      } else {
        // Sampled out by the host: a root of its own, linked to the request it ran in.
        expect(generation.parentSpanId).toBeUndefined();
        expect(generation.links.map((l) => [l.traceId, l.spanId])).toEqual([[request.traceId, request.spanId]]);
      }
    }

    // The host exported exactly its sampled traces, complete, nothing from the others.
    const sampledTraces = new Set(sampled.map((r) => r.traceId));
    expect(host.filter((s) => s.name.startsWith('request ')).map((s) => s.traceId).sort()).toEqual([...sampledTraces].sort());
    for (const span of host) expect(sampledTraces.has(span.traceId), span.name).toBe(true);
    expectComplete(host);
    expect(host.filter((s) => s.name.startsWith('chat '))).toHaveLength(sampled.length);
  });

  it('LAMPLIGHT_FOLLOW_HOST_SAMPLING=true: Lamplight keeps exactly the traces the host keeps', async () => {
    const { requests } = await run({ LAMPLIGHT_FOLLOW_HOST_SAMPLING: 'true' });
    const sampled = requests.filter((r) => r.sampled);
    // Flush happens at exit, so what arrived is all there is.
    expect(generations()).toHaveLength(sampled.length);
    expect(new Set(generations().map((s) => s.traceId))).toEqual(new Set(sampled.map((r) => r.traceId)));
    expectComplete(langfuse.spans());
    expectComplete(foglamp.spans());
  });
});

describe('beside @sentry/node 11 initialised first (tracesSampleRate 0.2)', () => {
  it('documents today: Sentry registers no OpenTelemetry provider, so every call arrives as a complete trace of its own, detached from the Sentry spans', async () => {
    const result = await runNodeFixture({
      file: `${dir}sentry-app.mjs`,
      nodeArgs: ['--import', `${dir}sentry-setup.mjs`, '--import', '@lamplight/register'],
      cwd: dir,
      env: {
        LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
        LANGFUSE_SECRET_KEY: langfuse.secretKey,
        LANGFUSE_BASE_URL: langfuse.url,
        FOGLAMP_API_KEY: foglamp.apiKey,
        FOGLAMP_BASE_URL: foglamp.url,
        FAKE_OPENAI_BASE_URL: openai.baseURL,
        CALLS: String(CALLS),
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('own tracer provider');
    const requests = JSON.parse(result.stdout.split('\n').find((l) => l.startsWith('REQUESTS '))!.slice('REQUESTS '.length)) as Array<{ traceId: string }>;
    expect(requests).toHaveLength(CALLS);

    expect(generations()).toHaveLength(CALLS);
    expect(foglamp.spans().filter((s) => s.spanType === 'llm')).toHaveLength(CALLS);
    expectComplete(langfuse.spans());
    expectComplete(foglamp.spans());
    const sentryTraces = new Set(requests.map((r) => r.traceId));
    for (const generation of generations()) {
      expect(generation.parentSpanId).toBeUndefined();
      expect(sentryTraces.has(generation.traceId)).toBe(false);
    }
  });
});
