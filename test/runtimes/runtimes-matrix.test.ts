import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAI, startFoglampReceiver, startLangfuseReceiver, type FakeOpenAI, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EdgeRuntime } from 'edge-runtime';
import { Miniflare } from 'miniflare';
import type { AppConfig } from './app/lamplight-app.js';
import { bundleEdge, type EdgeBundle } from './bundle-edge.js';

// The same small app (./app) runs in each real runtime, installed from the npm
// registry by ./package.json: workerd (through miniflare, without nodejs_compat),
// Vercel's edge-runtime, Deno and Bun. Each exports to both receivers, which check the
// payloads as they do for Node. The app is bundled with the edge export conditions, so what
// runs is the edge entry: fetch, CompressionStream, Web Crypto, no node: module.
const runtimesDir = fileURLToPath(new URL('./', import.meta.url));
const requireRuntime = createRequire(join(runtimesDir, 'package.json'));
const QUESTION = 'what is six times seven?';

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
let workDir: string;
let workerBundle: string;
let workerAlsBundle: string;
let edgeRuntimeBundle: string;

/** Only the app itself may import a Node module (node:async_hooks, for its context manager), never Lamplight. */
function expectNodeImports(bundle: EdgeBundle, allowAsyncHooks: boolean): string {
  const outside = bundle.nodeImports.filter((i) => !(allowAsyncHooks && /^node:async_hooks <- .*\/(workerd-als-worker|cli-app)\.ts$/.test(i)));
  expect(outside).toEqual([]);
  return bundle.code;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'lamplight-runtimes-'));
  const [worker, workerAls, edgeRt, cli] = await Promise.all([
    bundleEdge(join(runtimesDir, 'workerd-worker.ts')),
    bundleEdge(join(runtimesDir, 'workerd-als-worker.ts')),
    bundleEdge(join(runtimesDir, 'edge-runtime-handler.ts'), { format: 'iife' }),
    bundleEdge(join(runtimesDir, 'cli-app.ts')),
  ]);
  workerBundle = expectNodeImports(worker, false);
  workerAlsBundle = expectNodeImports(workerAls, true);
  edgeRuntimeBundle = expectNodeImports(edgeRt, false);
  writeFileSync(join(workDir, 'cli-app.mjs'), expectNodeImports(cli, true));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(async () => {
  [langfuse, foglamp, openai] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver(), startFakeOpenAI()]);
});
afterEach(async () => {
  await Promise.all([langfuse.close(), foglamp.close(), openai.close()]);
});

function appConfig(runtime: string): AppConfig {
  return {
    runtime,
    langfuseUrl: langfuse.url,
    langfusePublicKey: langfuse.publicKey,
    langfuseSecretKey: langfuse.secretKey,
    foglampUrl: foglamp.url,
    foglampApiKey: foglamp.apiKey,
    openaiBaseURL: openai.baseURL,
  };
}

/** What both receivers must hold for one request, checked as for Node; returns the matrix line. */
async function expectDelivered(runtime: string, traceId: string, gzip: boolean): Promise<string> {
  const [lfSpans, fgSpans] = await Promise.all([langfuse.waitForSpans(2, { timeoutMs: 10_000 }), foglamp.waitForSpans(2, { timeoutMs: 10_000 })]);
  expect(langfuse.violations()).toEqual([]);
  expect(foglamp.violations()).toEqual([]);
  expect(lfSpans.map((s) => s.name).sort()).toEqual(['chat fake-model', 'handle request']);
  expect(fgSpans.map((s) => s.name).sort()).toEqual(['chat fake-model', 'handle request']);
  expect(new Set([...lfSpans, ...fgSpans].map((s) => s.traceId))).toEqual(new Set([traceId]));
  // The tree: the generation is the child of the request span at both backends.
  const lfRoot = lfSpans.find((s) => s.name === 'handle request');
  const lfGen = lfSpans.find((s) => s.name === 'chat fake-model');
  expect(lfGen?.parentSpanId).toBe(lfRoot?.spanId);
  expect(lfGen?.attributes['langfuse.observation.type']).toBe('generation');
  expect(lfGen?.attributes['langfuse.observation.model.name']).toBe('fake-model');
  expect(lfRoot?.attributes['langfuse.observation.metadata.runtime']).toBe(runtime);
  // Langfuse got OTLP/protobuf, gzip-compressed through CompressionStream where the runtime
  // has it, plain where it does not (edge-runtime's sandbox).
  expect(langfuse.requests.map((r) => r.contentEncoding ?? 'identity')).toEqual(langfuse.requests.map(() => (gzip ? 'gzip' : 'identity')));
  const fgGen = fgSpans.find((s) => s.name === 'chat fake-model');
  expect(fgGen?.spanType).toBe('llm');
  expect(fgGen?.modelId).toBe('fake-model');
  expect(fgGen?.usage?.inputTokens).toBeGreaterThan(0);
  expect(fgGen?.parentSpanId).toBe(fgSpans.find((s) => s.name === 'handle request')?.spanId);
  expect(openai.requests.length).toBe(1);
  return `langfuse ${lfSpans.length} spans (${gzip ? 'gzip' : 'no gzip'}), foglamp ${fgSpans.length} spans`;
}

/** The installed version of a package of ./package.json (or of miniflare's workerd). */
function versionOf(pkg: string): string {
  const from = pkg === 'workerd' ? createRequire(requireRuntime.resolve('miniflare')) : requireRuntime;
  return (from(`${pkg}/package.json`) as { version: string }).version;
}

/** A runtime binary shipped inside an npm package, or why it cannot run here. */
function binaryOf(wrapper: string, pkg: string, bin: string, versionArgs: string[]): { path: string; version: string } | { skip: string } {
  let path: string;
  try {
    // The binary comes in the wrapper package's optional dependency for this platform.
    const requireWrapper = createRequire(requireRuntime.resolve(`${wrapper}/package.json`));
    path = join(dirname(requireWrapper.resolve(`${pkg}/package.json`)), bin);
  } catch {
    return { skip: `${pkg} is not installed for this platform (${process.platform}-${process.arch})` };
  }
  const probe = spawnSync(path, versionArgs, { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) return { skip: `${path} does not run here: ${probe.error?.message ?? probe.stderr.trim() ?? `exit ${probe.status}`}` };
  return { path, version: probe.stdout.trim().split('\n')[0] ?? '' };
}

describe('runtime matrix: the edge bundle in real runtimes, exporting to both receivers', () => {
  for (const variant of [
    { title: 'workerd (miniflare, no compatibility flag; explicit parents)', flags: [] as string[], bundle: () => workerBundle, label: 'workerd' },
    { title: 'workerd (miniflare, nodejs_als; nested observe through AsyncLocalStorage)', flags: ['nodejs_als'], bundle: () => workerAlsBundle, label: 'workerd+als' },
  ]) {
    it(`${variant.title}: ctx.waitUntil carries the export after the response`, async () => {
      const mf = new Miniflare({ modules: true, script: variant.bundle(), compatibilityDate: '2026-07-01', compatibilityFlags: variant.flags });
      try {
        const response = await mf.dispatchFetch('http://worker.test/', { method: 'POST', body: JSON.stringify({ config: appConfig(variant.label), question: QUESTION }) });
        const body = (await response.json()) as { answer: string; traceId: string; runtime: string };
        expect(response.status).toBe(200);
        expect(body.answer.length).toBeGreaterThan(0);
        const line = await expectDelivered(variant.label, body.traceId, true);
        console.log(`workerd ${versionOf('workerd')} [${variant.flags.join(',') || 'no flags'}] (${body.runtime}): ${line}`);
      } finally {
        await mf.dispose();
      }
    });
  }

  it('Vercel edge-runtime: event.waitUntil carries the export after the response', async () => {
    const runtime = new EdgeRuntime({ initialCode: edgeRuntimeBundle });
    const response = await runtime.dispatchFetch('http://edge.test/', { method: 'POST', body: JSON.stringify({ config: appConfig('edge-runtime'), question: QUESTION }) });
    const body = (await response.json()) as { answer: string; traceId: string; runtime: string };
    await response.waitUntil();
    expect(response.status).toBe(200);
    const line = await expectDelivered('edge-runtime', body.traceId, false);
    console.log(`edge-runtime ${versionOf('edge-runtime')} (EdgeRuntime=${body.runtime}): ${line}`);
  });

  // Bundled: the edge entry, as a deploy bundles it. Unbundled: the runtime's own package
  // resolution from test/runtimes/node_modules, as an app run in place gets it — Deno takes
  // the `deno` condition (the edge entry), Bun the Node entry (node:http and zlib, which it has).
  const deno = { pkg: '@deno/linux-x64-glibc', bin: 'deno' };
  const bun = { pkg: '@oven/bun-linux-x64', bin: 'bin/bun' };
  for (const rt of [
    { name: 'deno', ...deno, how: 'bundled', platform: 'web', args: (arg: string) => ['run', '--allow-net', '--no-prompt', join(workDir, 'cli-app.mjs'), arg] },
    { name: 'deno', ...deno, how: 'unbundled', platform: 'web', args: (arg: string) => ['run', '--sloppy-imports', '--allow-net', '--allow-read', '--allow-env', '--no-prompt', join(runtimesDir, 'cli-app.ts'), arg] },
    { name: 'bun', ...bun, how: 'bundled', platform: 'web', args: (arg: string) => [join(workDir, 'cli-app.mjs'), arg] },
    { name: 'bun', ...bun, how: 'unbundled', platform: 'node', args: (arg: string) => [join(runtimesDir, 'cli-app.ts'), arg] },
  ]) {
    const binary = binaryOf(rt.name, rt.pkg, rt.bin, ['--version']);
    const title = `${rt.name} (${rt.how}, ${rt.platform} transport platform): the flush awaited before exit`;
    if ('skip' in binary) {
      it.skip(`${title} — skipped: ${binary.skip}`, () => undefined);
      continue;
    }
    it(title, async () => {
      const arg = JSON.stringify({ config: appConfig(rt.name), question: QUESTION });
      // Asynchronously: the receivers answer from this process while the runtime runs.
      const run = await promisify(execFile)(binary.path, rt.args(arg), {
        encoding: 'utf8',
        timeout: 30_000,
        cwd: rt.how === 'bundled' ? workDir : runtimesDir,
        env: { PATH: process.env.PATH, HOME: workDir, DENO_DIR: join(workDir, '.deno'), NO_COLOR: '1' },
      });
      expect(run.stderr.replace(/^Warning .*sloppy.*\n?/gim, '')).toBe('');
      const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { traceId: string; runtime: string; platform: string; stats: { destinations: Record<string, { exported: number }> } };
      expect(out.platform).toBe(rt.platform);
      expect(out.stats.destinations).toMatchObject({ langfuse: { exported: 2 }, foglamp: { exported: 2 } });
      const line = await expectDelivered(rt.name, out.traceId, true);
      console.log(`${out.runtime} (${binary.version}), ${rt.how}, ${out.platform} platform: ${line}`);
    });
  }
});
