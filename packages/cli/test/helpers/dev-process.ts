/**
 * Starts the built `lamplight dev` command as a child process, the way a user runs it, and
 * reads the viewer URL and the environment lines from what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The command's entry file; it runs the built dist. */
export const BIN = fileURLToPath(new URL('../../bin/lamplight.mjs', import.meta.url));
/** True once `pnpm --filter @lamplight/cli build` has run. */
export const BUILT = existsSync(fileURLToPath(new URL('../../dist/page/page/main.js', import.meta.url)));

/** A running `lamplight dev`. */
export interface DevProcess {
  child: ChildProcess;
  viewerUrl: string;
  env: Record<string, string>;
  stdout: () => string;
  /** ms from spawn to the "listening" line (reported, never asserted). */
  startupMs: number;
  stop: () => Promise<void>;
}

/** Spawns `lamplight dev <args>` and resolves once it printed its env lines. */
export function startDevProcess(args: string[] = ['--port', '0', '--langfuse-port', '0', '--foglamp-port', '0']): Promise<DevProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'dev', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let listeningAt: number | undefined;
  let resolved = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`lamplight dev printed no env lines within 20 s\nstdout: ${out}\nstderr: ${err}`)), 20_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`lamplight dev exited with ${code}\nstdout: ${out}\nstderr: ${err}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (listeningAt === undefined && out.includes('listening')) listeningAt = performance.now();
      // Later output (the line printed on exit) must not resolve again or drop stop()'s exit listener.
      if (resolved || !out.includes('FOGLAMP_API_KEY=') || !out.includes('Ctrl-C')) return;
      resolved = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const env = Object.fromEntries([...out.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const viewerUrl = /viewer (http:\/\/\S+)/.exec(out)?.[1] ?? '';
      resolve({
        child,
        viewerUrl,
        env,
        stdout: () => out,
        startupMs: (listeningAt ?? performance.now()) - started,
        stop: () =>
          new Promise<void>((done, fail) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              fail(new Error(`lamplight dev did not exit within 10 s of SIGTERM\nstdout: ${out}\nstderr: ${err}`));
            }, 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
