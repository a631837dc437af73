import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OpenAIInstrumentation, observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CJS_PATHS, OpenAI, OpenAIModuleNamespace } from '../packages/openai/test/sdk.js';
import { generationView, startHarness, type Harness } from './openai-harness.js';

const packageDir = fileURLToPath(new URL('../packages/openai/', import.meta.url));
const fixtures = join(packageDir, 'test', 'fixtures');
const requireHere = createRequire(import.meta.url);

/** The child-process fixtures load the built package; build it when the sources are newer. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  const built = join(packageDir, 'dist', 'cjs', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(packageDir, 'src'))) return;
  const result = spawnSync(process.execPath, [join(packageDir, '..', '..', '.toolchain', 'build-package.mjs')], { cwd: packageDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build of @lamplight/openai failed:\n${result.stdout}\n${result.stderr}`);
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('OpenAIInstrumentation in a child process (real module hooks)', () => {
  beforeAll(ensureBuilt, 120_000);

  function runFixture(file: string, nodeArgs: string[] = []) {
    const instrumentationDir = dirname(createRequire(CJS_PATHS.lamplightOpenAI).resolve('@opentelemetry/instrumentation/package.json'));
    const iitmDir = dirname(createRequire(join(instrumentationDir, 'package.json')).resolve('import-in-the-middle/package.json'));
    const config = {
      fakeBaseURL: h.fake.baseURL,
      apiKey: h.fake.apiKey,
      receiverUrl: h.receiver.url,
      publicKey: h.receiver.publicKey,
      secretKey: h.receiver.secretKey,
      paths: {
        sdkTraceBase: requireHere.resolve('@opentelemetry/sdk-trace-base'),
        core: requireHere.resolve('@lamplight/core'),
        langfuse: requireHere.resolve('@lamplight/langfuse'),
        lamplightOpenAI: CJS_PATHS.lamplightOpenAI,
        lamplightOpenAIEsm: pathToFileURL(join(packageDir, 'dist', 'esm', 'index.js')).href,
        iitmHook: join(iitmDir, 'hook.mjs'),
      },
    };
    // Asynchronous: the fixture talks to servers running in this process.
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const { spawn } = requireHere('node:child_process') as typeof import('node:child_process');
      const child = spawn(process.execPath, [...nodeArgs, join(fixtures, file)], {
        env: { ...process.env, LAMPLIGHT_FIXTURE: JSON.stringify(config) },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  async function expectOneGenerationPerCall(run: { status: number | null; stdout: string; stderr: string }) {
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { chunks: number; usageChunks: number; patched: boolean };
    expect(result.patched).toBe(true);
    expect(result.usageChunks).toBe(0);
    const spans = await h.exported(3);
    expect(spans).toHaveLength(3);
    const inputs = spans.map((s) => JSON.stringify(generationView(s).input));
    for (const text of ['"instrumented"', '"streamed"', '"observed and instrumented"']) {
      expect(inputs.filter((i) => i.includes(text))).toHaveLength(1);
    }
    for (const span of spans) expect(span.scope.name).toBe('@lamplight/openai');
    const streamed = spans.find((s) => JSON.stringify(generationView(s).input).includes('"streamed"'))!;
    expect(generationView(streamed).usage).toMatchObject({ total: 18 });
  }

  it('CJS: enabled before require("openai"), one generation per call, also under observeOpenAI', async () => {
    await expectOneGenerationPerCall(await runFixture('instrumented-app.cjs'));
  });

  it('ESM: enabled before import("openai") with the import-in-the-middle loader, one generation per call', async () => {
    await expectOneGenerationPerCall(await runFixture('instrumented-app.mjs', ['--import', pathToFileURL(join(fixtures, 'esm-loader.mjs')).href]));
  });
});

describe('OpenAIInstrumentation patch on a loaded module (in process)', () => {
  let instrumentation: OpenAIInstrumentation | undefined;
  afterEach(() => {
    instrumentation?.unpatchModule(OpenAIModuleNamespace);
    instrumentation = undefined;
  });

  const patch = (config = {}) => {
    instrumentation = new OpenAIInstrumentation({ enabled: false, ...config });
    instrumentation.patchModule(OpenAIModuleNamespace);
    return instrumentation;
  };
  const client = () => new OpenAI({ baseURL: h.fake.baseURL, apiKey: h.fake.apiKey, maxRetries: 0 });
  const ask = (content: string) => ({ model: 'gpt-4o', messages: [{ role: 'user' as const, content }] });

  it('patches the ESM namespace’s prototypes and unpatches them', async () => {
    const original = OpenAI.Chat.Completions.prototype.create;
    patch();
    expect(OpenAI.Chat.Completions.prototype.create).not.toBe(original);
    await client().chat.completions.create(ask('patched'));
    const [span] = await h.exported(1);
    expect(generationView(span!).input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'patched' }] }]);
    instrumentation!.unpatchModule(OpenAIModuleNamespace);
    expect(OpenAI.Chat.Completions.prototype.create).toBe(original);
  });

  it('observeOpenAI over an instrumented module makes one generation, not two', async () => {
    patch();
    const openai = observeOpenAI(client(), { captureContent: false });
    await openai.chat.completions.create(ask('once'));
    const final = await openai.chat.completions.stream(ask('helper once')).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('echo: helper once');
    const spans = await h.exported(2);
    expect(spans).toHaveLength(2);
    // The outer wrapper (observeOpenAI, content off) is the one that traced.
    for (const span of spans) expect(generationView(span).input).toBeUndefined();
  });

  it('an instrumented module patched after observeOpenAI still makes one generation', async () => {
    const openai = observeOpenAI(client());
    patch();
    await openai.chat.completions.create(ask('order reversed'));
    await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'e' });
    expect(await h.exported(2)).toHaveLength(2);
  });

  it('uses its config: captureContent false', async () => {
    patch({ captureContent: false });
    await client().responses.create({ model: 'gpt-4o', input: 'hidden' });
    const [span] = await h.exported(1);
    expect(JSON.stringify(span!.attributes)).not.toContain('hidden');
    expect(generationView(span!).usage).toMatchObject({ total: 18 });
  });

  it('rejects an invalid option at construction, naming it', () => {
    expect(() => new OpenAIInstrumentation({ unconsumedTimeoutMs: -1 })).toThrow(/unconsumedTimeoutMs/);
    expect(() => observeOpenAI(client(), { captureContent: 'no' as unknown as boolean })).toThrow(/captureContent/);
  });
});
