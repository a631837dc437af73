#!/usr/bin/env node
// Bootstraps the repository's own toolchain and runs one task with it.
//
// Machines may only have an older Node and no pnpm, so the first run installs the
// pinned Node 22 and pnpm from the npm registry into .toolchain/node_modules (the
// versions live in .toolchain/package.json and its lockfile), then installs the
// workspace with that pnpm and runs the task with that Node first on PATH.
// This file itself must run on any Node >= 18: plain ESM, node: built-ins only.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const toolchainDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(toolchainDir);
const binDir = join(toolchainDir, 'node_modules', '.bin');
const nodeBin = join(binDir, 'node');
const pnpmBin = join(binDir, 'pnpm');

/** Tasks a newcomer or CI runs; each is a list of pnpm argument lists run in order. */
const TASKS = {
  install: [],
  build: [['run', '-r', '--filter', './packages/**', 'build']],
  // The gates a contributor can trust: the build, a type-check of sources AND tests
  // (tsconfig.json covers packages/*/test and test/), typescript-eslint with type
  // information (floating promises, unsafe any), then the suite.
  test: [
    ['run', '-r', '--filter', './packages/**', 'build'],
    ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit'],
    ['exec', 'eslint', '--max-warnings', '0', '.'],
    ['exec', 'vitest', 'run'],
  ],
  lint: [
    ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit'],
    ['exec', 'eslint', '--max-warnings', '0', '.'],
  ],
  demo: [
    ['run', '-r', '--filter', './packages/**', 'build'],
    ['--filter', '@lamplight/example-demo', 'start'],
  ],
  bench: [
    ['run', '-r', '--filter', './packages/**', 'build'],
    ['--filter', '@lamplight/e2e', 'bench'],
  ],
  faults: [['--filter', '@lamplight/e2e', 'faults']],
};

function run(cmd, args, env) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (res.error) throw res.error;
  if (res.status !== 0) process.exit(res.status ?? 1);
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function ensureToolchain() {
  const wanted = JSON.parse(readFileSync(join(toolchainDir, 'package.json'), 'utf8')).dependencies;
  const have = (name) => {
    const p = join(toolchainDir, 'node_modules', name, 'package.json');
    return existsSync(p) && JSON.parse(readFileSync(p, 'utf8')).version;
  };
  if (have('node') === wanted.node && have('pnpm') === wanted.pnpm && existsSync(nodeBin)) return;
  console.error(`[toolchain] installing node ${wanted.node} and pnpm ${wanted.pnpm} from the npm registry`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['ci', '--prefix', toolchainDir, '--no-audit', '--no-fund', '--loglevel=error'], process.env);
}

function toolEnv() {
  return { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`, npm_config_manage_package_manager_versions: 'false' };
}

function ensureWorkspace(env) {
  // Reinstall only when the lockfile or a manifest is newer than the last install.
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && mtime(marker) >= mtime(lock) && !process.env.CI) return;
  run(pnpmBin, ['install', '--frozen-lockfile', '--prefer-offline'], env);
}

const task = process.argv[2] ?? 'test';
const extra = process.argv.slice(3);
if (!(task in TASKS)) {
  console.error(`unknown task "${task}"; known: ${Object.keys(TASKS).join(', ')}`);
  process.exit(2);
}
ensureToolchain();
const env = toolEnv();
ensureWorkspace(env);
const steps = TASKS[task];
steps.forEach((args, i) => run(pnpmBin, i === steps.length - 1 ? [...args, ...extra] : args, env));
