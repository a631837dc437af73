import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  runNodeFixture,
  startFakeOpenAI,
  startFoglampReceiver,
  startLangfuseReceiver,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The release candidate, tried as a new user would: every public package packed, the
// tarballs installed with plain npm into an app outside the workspace, then an ESM app under
// --import, a CommonJS app under --require and a TypeScript consumer under the four module
// resolution modes, against the testkit receivers; publint and arethetypeswrong check each
// tarball. Packing uses the dist the test command just built (a pack-time rebuild here would
// delete dist under the other test files running in parallel); that `prepack` builds is
// checked on the manifests. npm uses its cache (--prefer-offline), so a warm run installs
// from disk. Slow by nature (an npm install), so it lives in this file alone.

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = readdirSync(join(root, 'packages')).filter((p) => existsSync(join(root, 'packages', p, 'package.json')));
const VERSIONS = JSON.parse(readFileSync(join(root, 'test/package.json'), 'utf8')) as { dependencies: Record<string, string> };
const SLOW = 300_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - start }));
  });
}

const pnpm = existsSync(join(root, '.toolchain/node_modules/.bin/pnpm')) ? join(root, '.toolchain/node_modules/.bin/pnpm') : 'pnpm';
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');

let work: string;
let app: string;
const tarballs = new Map<string, string>();
const report: string[] = [];
let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lamplight-rc-'));
  app = join(work, 'app');
  mkdirSync(join(work, 'tarballs'));
  mkdirSync(app);
  const packEnv = { ...process.env, npm_config_ignore_scripts: 'true' };
  const packed = await Promise.all(PACKAGES.map((pkg) => exec(pnpm, ['pack', '--pack-destination', join(work, 'tarballs')], join(root, 'packages', pkg), packEnv)));
  packed.forEach((r, i) => expect(r.code, `${PACKAGES[i]}: ${r.stderr}`).toBe(0));
  for (const file of readdirSync(join(work, 'tarballs'))) {
    const name = `@lamplight/${file.replace(/^lamplight-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`;
    tarballs.set(name, join(work, 'tarballs', file));
    report.push(`tarball ${file}: ${(statSync(join(work, 'tarballs', file)).size / 1024).toFixed(1)} KB`);
  }
  const dependencies: Record<string, string> = Object.fromEntries([...tarballs].map(([name, path]) => [name, `file:${path}`]));
  // `ai` without `@ai-sdk/otel` first: the newcomer mistake the startup output must name.
  for (const dep of ['openai', 'ai', '@opentelemetry/api']) dependencies[dep] = VERSIONS.dependencies[dep]!;
  dependencies['@types/node'] = '22.20.5';
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'rc-app', version: '1.0.0', private: true, dependencies }, null, 2));
  const install = await npmInstall([]);
  report.push(`npm install of ${tarballs.size} tarballs + openai + ai: ${(install.ms / 1000).toFixed(1)} s`);
  writeFixtures();
  [langfuse, foglamp, openai] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver(), startFakeOpenAI()]);
}, SLOW);

afterAll(async () => {
  await Promise.all([langfuse?.close(), foglamp?.close(), openai?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
  // The run's own record: sizes, tool verdicts, app runs, timings.
  console.log(`release candidate:\n  ${report.join('\n  ')}`);
}, SLOW);

async function npmInstall(extra: string[]): Promise<Run> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = { ...process.env, npm_config_workspaces: undefined, npm_config_user_agent: undefined };
  const r = await exec(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...extra], app, env);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

function writeFixtures(): void {
  const call = (user: string, text: string) =>
    `withTraceAttributes({ userId: '${user}' }, async () => (await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '${text}' }] })).choices[0].message.content)`;
  const client = "new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-rc-app-000000000000000000000000' })";
  writeFileSync(
    join(app, 'app.mjs'),
    `import OpenAI from 'openai';\nimport { withTraceAttributes } from '@lamplight/core';\nconst client = ${client};\nconsole.log(JSON.stringify({ text: await ${call('rc-esm', 'hello from esm')} }));\n`,
  );
  writeFileSync(
    join(app, 'app.cjs'),
    `const OpenAI = require('openai');\nconst { withTraceAttributes } = require('@lamplight/core');\nconst client = ${client};\n${call('rc-cjs', 'hello from cjs')}.then((text) => console.log(JSON.stringify({ text })));\n`,
  );
  const consumer = `// Every public entry point, as an app's TypeScript sees it.
import '@lamplight/register';
import { register, type Registration } from '@lamplight/register/api';
import { LamplightSpanProcessor, observe, withTraceAttributes, VERSION } from '@lamplight/core';
import { normalize } from '@lamplight/core/internal';
import { LangfuseExporter } from '@lamplight/langfuse';
import { FoglampExporter } from '@lamplight/foglamp';
import { RawRecordExporter } from '@lamplight/raw-record';
import { observeOpenAI } from '@lamplight/openai';
import { lamplightTelemetry, aiSdkTelemetry } from '@lamplight/ai-sdk';
import { startLangfuseReceiver } from '@lamplight/testkit';
import * as transport from '@lamplight/transport';

export const registration: Registration = register({ langfuse: false });
export const processor = new LamplightSpanProcessor({
  exporters: [new LangfuseExporter({ publicKey: 'pk', secretKey: 'sk' }), new FoglampExporter({ apiKey: 'k' }), new RawRecordExporter({ baseUrl: 'http://localhost:1' })],
});
export const pieces = [observe, withTraceAttributes, VERSION, normalize, observeOpenAI, lamplightTelemetry, aiSdkTelemetry, startLangfuseReceiver, transport];
`;
  writeFileSync(join(app, 'consumer.ts'), consumer); // CommonJS (the app has no "type")
  writeFileSync(join(app, 'consumer.mts'), consumer); // ES module
}

function backendEnv(): Record<string, string> {
  return {
    LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
    LANGFUSE_SECRET_KEY: langfuse.secretKey,
    LANGFUSE_BASE_URL: langfuse.url,
    FOGLAMP_API_KEY: foglamp.apiKey,
    FOGLAMP_BASE_URL: foglamp.url,
    FAKE_OPENAI_BASE_URL: openai.baseURL,
  };
}

async function runApp(file: string, nodeArgs: string[]) {
  const r = await runNodeFixture({ file: join(app, file), nodeArgs, cwd: app, env: backendEnv(), cleanEnv: true });
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('[lamplight]'));
  report.push(`${nodeArgs.join(' ')} ${file}: exit ${r.code}; ${lines.join(' / ')}`);
  return { ...r, lines };
}

describe('release candidate: the packed packages, installed with npm outside the workspace', { timeout: SLOW }, () => {
  it('every tarball passes publint (suggestions included) and arethetypeswrong under node10, node16 (CJS and ESM) and bundler', async () => {
    // One process per tarball, all at once: arethetypeswrong dominates this test's time.
    await Promise.all(
      [...tarballs].map(async ([name, tarball]) => {
        const dir = join(work, 'unpacked', name);
        mkdirSync(dir, { recursive: true });
        expect((await exec('tar', ['-xzf', tarball, '-C', dir], work)).code).toBe(0);
        const pkgDir = join(dir, 'package');
        const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
        const [{ messages }, types] = await Promise.all([
          publint({ pkgDir, level: 'suggestion', strict: true, pack: false }),
          exec(process.execPath, [attw, tarball, '--format', 'json'], work),
        ]);
        const lint = messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
        expect(lint, `${name}: publint`).toEqual([]);
        const problems = (JSON.parse(types.stdout) as { analysis: { problems?: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> } }).analysis.problems ?? [];
        expect(problems.map((p) => `${p.kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`), `${name}: arethetypeswrong`).toEqual([]);
        report.push(`${name}: publint 0 messages, arethetypeswrong 0 problems`);
      }),
    );
  });

  it('every tarball holds built ESM and CJS with types, README and LICENSE, and no workspace: ranges; prepack builds', () => {
    for (const [name] of tarballs) {
      const pkgDir = join(work, 'app/node_modules', name);
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
      for (const file of ['README.md', 'LICENSE', 'dist/esm/index.js', 'dist/cjs/index.js', 'dist/cjs/package.json']) {
        expect(existsSync(join(pkgDir, file)), `${name}: ${file}`).toBe(true);
      }
      expect(JSON.stringify(pkg)).not.toContain('workspace:');
      expect(pkg.publishConfig).toEqual({ access: 'public' });
      expect(pkg.repository).toMatchObject({ type: 'git', directory: `packages/${name.slice('@lamplight/'.length)}` });
      const source = JSON.parse(readFileSync(join(root, 'packages', name.slice('@lamplight/'.length), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(source.scripts.prepack, name).toBe(source.scripts.build);
      // OpenTelemetry packages as ranges, so an app's own copies are reused.
      for (const [dep, range] of Object.entries((pkg.dependencies as Record<string, string> | undefined) ?? {})) {
        if (dep.startsWith('@opentelemetry/')) expect(range, `${name} → ${dep}`).toMatch(/^\^/);
      }
    }
  });

  it('ESM app under --import: traced to both receivers; with ai but no @ai-sdk/otel the startup output says so instead of claiming ai-sdk', async () => {
    const r = await runApp('app.mjs', ['--import', '@lamplight/register']);
    expect(r.lines[0]).toMatch(/^\[lamplight\] exporting to langfuse \(.*\) and foglamp \(.*\); own tracer provider; instrumented: openai$/);
    expect(r.lines.slice(1)).toEqual([
      `[lamplight] ai ${VERSIONS.dependencies.ai} is installed but @ai-sdk/otel is not, so AI SDK calls are not traced: npm install @ai-sdk/otel`,
    ]);
    expect(r.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(JSON.parse(r.stdout.trim())).toEqual({ text: 'echo: hello from esm' });
    const gens = langfuse.spans().filter((s) => s.attributes['user.id'] === 'rc-esm');
    expect(gens.map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    expect(foglamp.spans().filter((s) => s.name === 'chat gpt-4o-mini')).toHaveLength(1);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);
  });

  it('CommonJS app under --require: traced to both receivers', async () => {
    const r = await runApp('app.cjs', ['--require', '@lamplight/register']);
    expect(r.lines[0]).toMatch(/; own tracer provider; instrumented: openai$/);
    expect(JSON.parse(r.stdout.trim())).toEqual({ text: 'echo: hello from cjs' });
    expect(langfuse.spans().filter((s) => s.attributes['user.id'] === 'rc-cjs').map((s) => s.name)).toEqual(['chat gpt-4o-mini']);
    expect(foglamp.spans().filter((s) => s.name === 'chat gpt-4o-mini')).toHaveLength(2);
  });

  it('after npm install @ai-sdk/otel the startup line claims ai-sdk, and a TypeScript consumer type-checks under node10, node16, nodenext and bundler with skipLibCheck off', async () => {
    const install = await npmInstall([`@ai-sdk/otel@${VERSIONS.dependencies['@ai-sdk/otel']}`, '@types/json-schema@7.0.15']);
    report.push(`npm install @ai-sdk/otel: ${(install.ms / 1000).toFixed(1)} s`);
    const r = await runApp('app.mjs', ['--import', '@lamplight/register']);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/; instrumented: openai, ai-sdk$/);

    const modes = [
      { resolution: 'node10', module: 'commonjs', files: ['consumer.ts'] },
      { resolution: 'node16', module: 'node16', files: ['consumer.ts', 'consumer.mts'] },
      { resolution: 'nodenext', module: 'nodenext', files: ['consumer.ts', 'consumer.mts'] },
      { resolution: 'bundler', module: 'esnext', files: ['consumer.ts'] },
    ];
    const results = await Promise.all(
      modes.map(async (mode) => {
        const config = `tsconfig.${mode.resolution}.json`;
        writeFileSync(
          join(app, config),
          JSON.stringify({
            compilerOptions: { module: mode.module, moduleResolution: mode.resolution, target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: ['node'], esModuleInterop: true },
            files: mode.files,
          }),
        );
        return { mode, check: await exec(process.execPath, [tsc, '-p', config], app) };
      }),
    );
    for (const { mode, check } of results) {
      const errors = check.stdout.split('\n').filter((l) => /: error TS\d+/.test(l));
      // Ours or the consumer's fail the test; a third-party declaration file's own errors
      // (ai's dependencies under node10, which they do not support) are reported, not ours to fix.
      const ours = errors.filter((l) => l.startsWith('consumer') || l.includes('node_modules/@lamplight/'));
      expect(ours, `${mode.resolution}:\n${check.stdout}`).toEqual([]);
      report.push(`tsc --noEmit, moduleResolution ${mode.resolution} (${mode.files.join(', ')}): ${ours.length} errors in Lamplight or the consumer${errors.length > ours.length ? `, ${errors.length - ours.length} in third-party declarations` : ''}`);
    }
  });
});
