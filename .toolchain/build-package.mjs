#!/usr/bin/env node
// Builds the package in the current directory twice from one source tree:
// dist/esm (ES modules) and dist/cjs (CommonJS, marked by its own package.json),
// each with type declarations. Two plain `tsc` runs keep the build free of bundlers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const cwd = process.cwd();

function tscRun(args) {
  const res = spawnSync(process.execPath, [tsc, ...args], { cwd, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

rmSync(join(cwd, 'dist'), { recursive: true, force: true });
const base = ['-p', existsSync(join(cwd, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json'];
tscRun([...base, '--outDir', 'dist/esm']);
tscRun([...base, '--outDir', 'dist/cjs', '--module', 'CommonJS', '--moduleResolution', 'Node10', '--verbatimModuleSyntax', 'false']);
mkdirSync(join(cwd, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(cwd, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
