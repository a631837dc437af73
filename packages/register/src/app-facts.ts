import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esmHookState, isRequirePreload } from './esm-hook-state.js';

/** What the startup line needs to know about the app to say only what is true. */
export interface AppFacts {
  /** The app's entry file (`process.argv[1]`), when there is one. */
  mainPath?: string;
  /** Module format of the entry file. */
  mainFormat: 'esm' | 'cjs' | 'unknown';
  /** How Lamplight was loaded: the ESM loader hook as a preload, that hook too late, `--require`, or `register()` in code. */
  loadedBy: 'import-preload' | 'late-import' | 'require' | 'code';
  /** Version of a package installed where the app resolves it, or undefined when it is not installed. */
  installedVersion(name: string): string | undefined;
  /** Whether `@ai-sdk/otel` can be loaded from `@lamplight/ai-sdk`, the way it loads it. */
  aiSdkOtelLoadable: boolean;
  /** Whether `openai` was `require`d before Lamplight registered (a CommonJS module cached unpatched). */
  openaiRequiredEarly: boolean;
}

let cached: AppFacts | undefined;

/** Facts about the running app, gathered once per process; never throws. */
export function appFacts(): AppFacts {
  cached ??= gather();
  return cached;
}

function gather(): AppFacts {
  const mainPath = process.argv[1];
  const appDir = mainPath ? dirname(mainPath) : process.cwd();
  const hook = esmHookState();
  const loadedBy = hook ? (hook.preloaded ? 'import-preload' : 'late-import') : isRequirePreload(process.execArgv, process.env.NODE_OPTIONS) ? 'require' : 'code';
  const versions = new Map<string, string | undefined>();
  const ownDir = ownDirectory(hook?.hookUrl);
  return {
    mainPath,
    mainFormat: mainPath ? moduleFormat(mainPath) : 'unknown',
    loadedBy,
    installedVersion(name) {
      if (!versions.has(name)) versions.set(name, findPackage(name, appDir)?.version);
      return versions.get(name);
    },
    aiSdkOtelLoadable: aiSdkOtelLoadable(ownDir, appDir),
    openaiRequiredEarly: requiredEarly('openai'),
  };
}

/** The format Node gives the entry file: by extension, else by the nearest package.json `type`. */
export function moduleFormat(file: string): 'esm' | 'cjs' | 'unknown' {
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  if (ext !== '.js' && ext !== '.ts' && ext !== '') return 'unknown';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'esm' : 'cjs';
      } catch {
        return 'unknown';
      }
    }
    if (dirname(dir) === dir) return 'cjs';
  }
}

/**
 * A package as Node's lookup finds it from `fromDir` (the nearest `node_modules/<name>`),
 * read from its package.json without loading it: its `exports` may not expose package.json.
 */
export function findPackage(name: string, fromDir: string): { dir: string; version?: string } | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    const manifest = join(candidate, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
        return { dir: safeRealpath(candidate), version: typeof version === 'string' ? version : undefined };
      } catch {
        return { dir: safeRealpath(candidate) };
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** This package's directory: from the CommonJS build's `__dirname`, or from `hook.mjs`'s URL. */
function ownDirectory(hookUrl: string | undefined): string | undefined {
  if (typeof __dirname === 'string') return __dirname;
  return hookUrl ? dirname(fileURLToPath(hookUrl)) : undefined;
}

/**
 * `@lamplight/ai-sdk` imports `@ai-sdk/otel` from its own location, so that is where to look
 * (in a strict layout such as pnpm's it can differ from the app's).
 */
function aiSdkOtelLoadable(ownDir: string | undefined, appDir: string): boolean {
  let aiSdkDir: string | undefined;
  try {
    if (ownDir) aiSdkDir = dirname(createRequire(join(ownDir, 'noop.js')).resolve('@lamplight/ai-sdk/package.json'));
  } catch {
    aiSdkDir = undefined;
  }
  aiSdkDir ??= findPackage('@lamplight/ai-sdk', appDir)?.dir;
  return findPackage('@ai-sdk/otel', safeRealpath(aiSdkDir ?? appDir)) !== undefined;
}

function requiredEarly(name: string): boolean {
  try {
    const cache = createRequire(join(process.cwd(), 'noop.js')).cache;
    const marker = `${'/'}node_modules${'/'}${name}${'/'}`;
    return Object.keys(cache).some((file) => file.replace(/\\/g, '/').includes(marker));
  } catch {
    return false;
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
