import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What `hook.mjs` records when it runs, for the startup line to tell the truth about ESM. */
export interface EsmHookState {
  /** True when the loader hook was registered before the app's modules were loaded. */
  preloaded: boolean;
  /** URL of `hook.mjs`, which locates this package in the ESM build. */
  hookUrl: string;
}

const STATE = Symbol.for('lamplight.register.esm-hook');
type GlobalWithState = typeof globalThis & { [STATE]?: EsmHookState };

/** The state `hook.mjs` recorded, or undefined when it never ran (`--require`, or `register()` in code). */
export function esmHookState(): EsmHookState | undefined {
  return (globalThis as GlobalWithState)[STATE];
}

/**
 * Called by `hook.mjs`: records whether it runs as a preload. An ES module app's imports are
 * all loaded before its first line runs, so a hook registered by `import '@lamplight/register'`
 * inside the app comes too late to patch them; only `--import` (or a preload file of the
 * user's own that imports us first) comes early enough.
 */
export function recordEsmHook(hookUrl: string): EsmHookState {
  const state: EsmHookState = { preloaded: isPreloaded(hookUrl, process.execArgv, process.env.NODE_OPTIONS, process.cwd()), hookUrl };
  (globalThis as GlobalWithState)[STATE] = state;
  return state;
}

/**
 * Whether one of the `--import` preloads (command line or `NODE_OPTIONS`) is this package, or
 * a file of the user's own (outside `node_modules`), which is where a setup file that imports
 * `@lamplight/register` first lives. Another package given to `--import` (a TypeScript
 * loader, say) does not count.
 */
export function isPreloaded(hookUrl: string, execArgv: readonly string[], nodeOptions: string | undefined, cwd: string): boolean {
  const hookPath = safeRealpath(fileURLToPath(hookUrl));
  return importSpecifiers([...execArgv, ...(nodeOptions ?? '').split(/\s+/).filter(Boolean)]).some((spec) => {
    if (spec === '@lamplight/register' || spec.startsWith('@lamplight/register/')) return true;
    const path = spec.startsWith('file:') ? safeFileUrl(spec) : spec.startsWith('.') || isAbsolute(spec) ? resolve(cwd, spec) : undefined;
    if (path === undefined) return false;
    const real = safeRealpath(path);
    return real === hookPath || !/[\\/]node_modules[\\/]/.test(real);
  });
}

function importSpecifiers(args: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--import' && args[i + 1] !== undefined) found.push(stripQuotes(args[(i += 1)]!));
    else if (arg.startsWith('--import=')) found.push(stripQuotes(arg.slice('--import='.length)));
  }
  return found;
}

/** Whether `--require`/`-r` (command line or `NODE_OPTIONS`) names this package. */
export function isRequirePreload(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const args = [...execArgv, ...(nodeOptions ?? '').split(/\s+/).filter(Boolean)];
  return args.some((arg, i) => {
    const value = arg === '--require' || arg === '-r' ? args[i + 1] : arg.startsWith('--require=') ? arg.slice(10) : undefined;
    return value !== undefined && /@lamplight[\\/]register/.test(stripQuotes(value));
  });
}

function stripQuotes(s: string): string {
  return s.replace(/^["']|["']$/g, '');
}

function safeFileUrl(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
