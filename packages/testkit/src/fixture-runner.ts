import { spawn } from 'node:child_process';

/** Options of `runNodeFixture`. */
export interface NodeFixtureOptions {
  /** The script to run (absolute path). */
  file: string;
  /** Node flags before the script, e.g. `['--import', '@lamplight/register']`. */
  nodeArgs?: string[];
  /** Extra environment; merged over `process.env` unless `cleanEnv` is set. */
  env?: Record<string, string | undefined>;
  /** Start from an empty environment (plus PATH) instead of `process.env`. */
  cleanEnv?: boolean;
  cwd?: string;
  /** Kill the child after this long; default 20000 ms. */
  timeoutMs?: number;
  /**
   * Called for each line the child writes to stdout; may return a signal to send it,
   * e.g. `(line) => line === 'ready' ? 'SIGTERM' : undefined`.
   */
  onStdoutLine?: (line: string) => NodeJS.Signals | undefined | void;
}

/** How a fixture process ended. */
export interface NodeFixtureResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the runner killed it at `timeoutMs`. */
  timedOut: boolean;
}

/**
 * Runs a Node script in a child process with the current Node binary, the way an app is
 * run in production (`node --import … app.mjs`), and collects its output. Pairs with the
 * receivers: start them on port 0, pass their URLs through `env`, assert on what they got.
 */
export function runNodeFixture(options: NodeFixtureOptions): Promise<NodeFixtureResult> {
  const baseEnv = options.cleanEnv ? { PATH: process.env.PATH } : process.env;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...baseEnv, ...options.env })) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.file], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const signal = options.onStdoutLine?.(line);
        if (signal) child.kill(signal);
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
