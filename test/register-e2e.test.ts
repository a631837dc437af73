import { fileURLToPath } from 'node:url';
import {
  runNodeFixture,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { describe, expect, it } from 'vitest';
import { useE2eBackends } from './e2e-backends.js';

// These tests run the BUILT packages (dist/) in child processes, the way users run apps:
// `node --import @lamplight/register app.mjs` / `node --require @lamplight/register app.cjs`.
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const cwd = fileURLToPath(new URL('.', import.meta.url));

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
useE2eBackends((b) => ({ langfuse, foglamp, openai } = b));

function backendEnv(extra: Record<string, string> = {}) {
  return {
    LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
    LANGFUSE_SECRET_KEY: langfuse.secretKey,
    LANGFUSE_BASE_URL: langfuse.url,
    FOGLAMP_API_KEY: foglamp.apiKey,
    FOGLAMP_BASE_URL: foglamp.url,
    FAKE_OPENAI_BASE_URL: openai.baseURL,
    ...extra,
  };
}

const EXPECTED = ['agent', 'chat fake-model', 'lookup'];

function names(spans: Array<{ name: string }>) {
  return spans.map((s) => s.name).sort();
}

describe('@lamplight/register in child processes', () => {
  it('ESM app with --import: every observation reaches both backends once, on normal exit', async () => {
    const result = await runNodeFixture({ file: fixture('manual-app.mjs'), nodeArgs: ['--import', '@lamplight/register'], cwd, env: backendEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\[lamplight\] exporting to langfuse \(.*\) and foglamp \(.*\); own tracer provider/);
    expect(result.stderr).not.toContain(langfuse.secretKey);
    expect(result.stderr).not.toContain(foglamp.apiKey);
    expect(names(langfuse.spans())).toEqual(EXPECTED);
    expect(names(foglamp.spans())).toEqual(EXPECTED);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);
    for (const span of langfuse.spans()) expect(span.attributes['user.id']).toBe('user-esm');
  });

  it('CJS app with --require', async () => {
    const result = await runNodeFixture({ file: fixture('manual-app.cjs'), nodeArgs: ['--require', '@lamplight/register'], cwd, env: backendEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(names(langfuse.spans())).toEqual(EXPECTED);
    expect(names(foglamp.spans())).toEqual(EXPECTED);
    for (const span of langfuse.spans()) expect(span.attributes['session.id']).toBe('session-cjs');
  });

  it('SIGTERM flushes what had ended, then the process dies of the signal as before', async () => {
    const result = await runNodeFixture({
      file: fixture('manual-app.mjs'),
      nodeArgs: ['--import', '@lamplight/register'],
      cwd,
      env: backendEnv({ FIXTURE_EXIT: 'sigterm' }),
      onStdoutLine: (line) => (line === 'ready' ? 'SIGTERM' : undefined),
    });
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe('SIGTERM');
    expect(names(langfuse.spans())).toEqual(EXPECTED);
    expect(names(foglamp.spans())).toEqual(EXPECTED);
  });

  it('an uncaught exception flushes, then crashes with the original error and exit code 1', async () => {
    const result = await runNodeFixture({
      file: fixture('manual-app.mjs'),
      nodeArgs: ['--import', '@lamplight/register'],
      cwd,
      env: backendEnv({ FIXTURE_EXIT: 'throw' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: fixture crash');
    expect(names(langfuse.spans())).toEqual(EXPECTED);
    expect(names(foglamp.spans())).toEqual(EXPECTED);
  });

  it('LAMPLIGHT_DISABLED and OTEL_SDK_DISABLED make it a no-op', async () => {
    for (const flag of ['LAMPLIGHT_DISABLED', 'OTEL_SDK_DISABLED']) {
      const result = await runNodeFixture({ file: fixture('manual-app.mjs'), nodeArgs: ['--import', '@lamplight/register'], cwd, env: backendEnv({ [flag]: 'true' }) });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`disabled by ${flag}`);
    }
    expect(langfuse.requests).toHaveLength(0);
    expect(foglamp.requests).toHaveLength(0);
  });

  it('without backend keys it says so in one line and exports nothing', async () => {
    const result = await runNodeFixture({ file: fixture('manual-app.mjs'), nodeArgs: ['--import', '@lamplight/register'], cwd, env: { LANGFUSE_PUBLIC_KEY: '', FOGLAMP_API_KEY: '' } });
    expect(result.code).toBe(0);
    expect(result.stderr.match(/\[lamplight\]/g)).toHaveLength(1);
    expect(result.stderr).toContain('no backend configured');
  });

  it("attaches to a provider another tool registered first; both get their spans", async () => {
    const result = await runNodeFixture({
      file: fixture('manual-app.mjs'),
      nodeArgs: ['--import', fixture('foreign-provider.mjs'), '--import', '@lamplight/register'],
      cwd,
      env: backendEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("attached to the app's NodeTracerProvider");
    expect(result.stdout).toContain('foreign exporter spans: agent,chat fake-model,foreign work,lookup');
    expect(names(langfuse.spans())).toEqual(EXPECTED);
    expect(names(foglamp.spans())).toEqual(EXPECTED);
  });

  for (const [variant, flag] of [
    ['openai-app.mjs', '--import'],
    ['openai-app.cjs', '--require'],
  ] as const) {
    it(`traces the real openai package in ${variant} (${flag}) with no code change: three generations at both backends`, async () => {
      const result = await runNodeFixture({ file: fixture(variant), nodeArgs: [flag, '@lamplight/register'], cwd, env: backendEnv() });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/instrumented: openai/);
      const app = JSON.parse(result.stdout.trim().split('\n').pop()!) as { text: string; chunks: number; dims: number };
      expect(app.text).toBe('echo: hello there');
      expect(app.dims).toBeGreaterThan(0);
      const generations = langfuse.spans().filter((s) => s.attributes['langfuse.observation.type'] === 'generation');
      expect(generations.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
      expect(langfuse.spans().filter((s) => s.attributes['langfuse.observation.type'] === 'embedding')).toHaveLength(1);
      for (const g of generations) {
        const usage = JSON.parse(g.attributes['langfuse.observation.usage_details'] as string) as Record<string, number>;
        expect(usage.total).toBeGreaterThan(0);
      }
      expect(foglamp.spans()).toHaveLength(3);
      expect(langfuse.violations()).toEqual([]);
      expect(foglamp.violations()).toEqual([]);
      expect(JSON.stringify(langfuse.spans(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('sk-fixture-key');
    });
  }

  it('traces AI SDK v7 with no code change (zero-config): one generation with the provider usage, at both backends', async () => {
    const result = await runNodeFixture({ file: fixture('ai-sdk-register-app.mjs'), nodeArgs: ['--import', '@lamplight/register'], cwd, env: backendEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/instrumented: openai, ai-sdk/);
    const app = JSON.parse(result.stdout.trim().split('\n').pop()!) as { text: string; totalTokens: number };
    expect(app.text).toBe('echo: hello from the ai sdk');
    const generations = langfuse.spans().filter((s) => s.attributes['langfuse.observation.type'] === 'generation');
    expect(generations).toHaveLength(1);
    const usage = JSON.parse(generations[0]!.attributes['langfuse.observation.usage_details'] as string) as Record<string, number>;
    expect(usage.total).toBe(app.totalTokens);
    for (const span of langfuse.spans()) expect(span.attributes['user.id']).toBe('user-ai');
    expect(foglamp.spans()).toHaveLength(langfuse.spans().length);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);
  });

  it('a malformed backend URL in the environment skips that backend but never stops the app', async () => {
    const result = await runNodeFixture({
      file: fixture('manual-app.mjs'),
      nodeArgs: ['--import', '@lamplight/register'],
      cwd,
      env: backendEnv({ LANGFUSE_BASE_URL: 'not a url' }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/NOT exporting to langfuse/);
    expect(result.stderr).not.toContain(langfuse.secretKey);
    expect(langfuse.requests).toHaveLength(0);
    expect(names(foglamp.spans())).toEqual(EXPECTED);
  });

  it('an invalid LAMPLIGHT_* value warns and falls back instead of failing silently', async () => {
    const result = await runNodeFixture({
      file: fixture('manual-app.mjs'),
      nodeArgs: ['--import', '@lamplight/register'],
      cwd,
      env: backendEnv({ LAMPLIGHT_SAMPLE_RATE: '2', LAMPLIGHT_EXPORT_MODE: 'fast' }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('LAMPLIGHT_SAMPLE_RATE="2"');
    expect(result.stderr).toContain('LAMPLIGHT_EXPORT_MODE="fast"');
    expect(names(langfuse.spans())).toEqual(EXPECTED);
  });
});
