/**
 * What the examples' launchers share: start a local stand-in for every backend the
 * environment has no key for, run the app in a child process with the environment it would
 * get in production, then say what each stand-in received. The app never knows it talks to
 * stand-ins, so the same app runs unchanged against real OpenAI, Langfuse and Foglamp.
 */
import { spawn } from 'node:child_process';
import { startFakeOpenAI } from './fake-openai/fake-openai-server.js';
import type { FakeOpenAI, FakeOpenAIResponder } from './fake-openai/fake-openai-api.js';
import { startFoglampReceiver } from './foglamp-receiver.js';
import type { FoglampReceiver } from './foglamp-receiver-api.js';
import { formatFoglampSpanTree } from './foglamp-span-tree.js';
import { startLangfuseReceiver, type LangfuseReceiver } from './langfuse-receiver.js';
import { formatSpanTree } from './span-tree.js';

/** An environment as `process.env` holds it. */
export type LaunchEnv = Record<string, string | undefined>;

/** Options for {@link startLocalBackends}. */
export interface LocalBackendsOptions {
  /** How the fake OpenAI server answers (e.g. `weatherModel`); default: it echoes. */
  respond?: FakeOpenAIResponder;
}

/** The stand-ins {@link startLocalBackends} started; a backend with a key in the environment has none. */
export interface LocalBackends {
  /** The environment to run the app with: the one given, plus each stand-in's URL and key. */
  readonly env: LaunchEnv;
  /** Started unless `OPENAI_API_KEY` is set. */
  readonly openai?: FakeOpenAI;
  /** Started unless both `LANGFUSE_PUBLIC_KEY` and `LANGFUSE_SECRET_KEY` are set. */
  readonly langfuse?: LangfuseReceiver;
  /** Started unless `FOGLAMP_API_KEY` is set. */
  readonly foglamp?: FoglampReceiver;
  /** One line saying where each backend's traffic goes, e.g. `OpenAI: local fake server; Langfuse: …`. */
  readonly summary: string;
  /**
   * Prints what each embedded receiver decoded (request, span and violation counts, then the
   * span tree). False when one received no spans or saw a contract violation — the signal a
   * launcher exits non-zero on, since an example that exports nothing must not look fine.
   */
  report(): boolean;
  /** Stops every stand-in. */
  close(): Promise<void>;
}

/**
 * Starts local stand-ins for the backends `env` has no keys for: a fake OpenAI server, an
 * embedded Langfuse receiver and an embedded Foglamp receiver, each on a free port. `env`
 * is not changed; the returned `env` is a copy with `OPENAI_*`, `LANGFUSE_*` and `FOGLAMP_*`
 * pointing at the stand-ins, exactly the variables the app reads in production.
 *
 * @example
 * ```js
 * const local = await startLocalBackends(process.env, { respond: weatherModel });
 * console.log(local.summary);
 * const code = await runNodeApp(['app.mjs'], { cwd: import.meta.dirname, env: local.env });
 * const ok = code === 0 && local.report();
 * await local.close();
 * process.exitCode = ok ? 0 : 1;
 * ```
 */
export async function startLocalBackends(env: LaunchEnv, options: LocalBackendsOptions = {}): Promise<LocalBackends> {
  const childEnv: LaunchEnv = { ...env };
  const started: { close(): Promise<void> }[] = [];
  // Resolved one at a time so a failure can close what already listens instead of leaking it.
  const start = async <T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> => {
    try {
      const ready = await server;
      started.push(ready);
      return ready;
    } catch (error) {
      await Promise.all(started.map((s) => s.close()));
      throw error;
    }
  };

  let openai: FakeOpenAI | undefined;
  if (!childEnv.OPENAI_API_KEY) {
    openai = await start(startFakeOpenAI({ respond: options.respond }));
    Object.assign(childEnv, { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL });
  }
  let langfuse: LangfuseReceiver | undefined;
  if (!(childEnv.LANGFUSE_PUBLIC_KEY && childEnv.LANGFUSE_SECRET_KEY)) {
    langfuse = await start(startLangfuseReceiver());
    Object.assign(childEnv, { LANGFUSE_PUBLIC_KEY: langfuse.publicKey, LANGFUSE_SECRET_KEY: langfuse.secretKey, LANGFUSE_BASE_URL: langfuse.url });
  }
  let foglamp: FoglampReceiver | undefined;
  if (!childEnv.FOGLAMP_API_KEY) {
    foglamp = await start(startFoglampReceiver());
    Object.assign(childEnv, { FOGLAMP_API_KEY: foglamp.apiKey, FOGLAMP_BASE_URL: foglamp.url });
  }

  const summary = [
    `OpenAI: ${openai ? 'local fake server' : 'api.openai.com (OPENAI_API_KEY)'}`,
    `Langfuse: ${langfuse ? 'embedded receiver' : 'your project (LANGFUSE_*)'}`,
    `Foglamp: ${foglamp ? 'embedded receiver' : 'your instance (FOGLAMP_*)'}`,
  ].join('; ');
  return {
    env: childEnv,
    openai,
    langfuse,
    foglamp,
    summary,
    report: () => reportReceivers(langfuse, foglamp),
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}

function reportReceivers(langfuse: LangfuseReceiver | undefined, foglamp: FoglampReceiver | undefined): boolean {
  let ok = true;
  // Each receiver reports even when an earlier one failed: the launcher shows everything it got.
  if (langfuse) ok = reportReceiver('Langfuse', langfuse, formatSpanTree(langfuse.spans())) && ok;
  if (foglamp) ok = reportReceiver('Foglamp', foglamp, formatFoglampSpanTree(foglamp.spans())) && ok;
  return ok;
}

/** The parts of a receiver a report reads; the Langfuse and Foglamp receivers both have them. */
interface ReportedReceiver {
  readonly requests: readonly unknown[];
  spans(): readonly unknown[];
  violations(): readonly unknown[];
}

function reportReceiver(name: string, receiver: ReportedReceiver, tree: string): boolean {
  const spans = receiver.spans().length;
  const violations = receiver.violations().length;
  console.log(`\n${name} receiver: ${receiver.requests.length} request(s), ${spans} spans, ${violations} contract violations`);
  console.log(tree);
  return spans > 0 && violations === 0;
}

/** Options for {@link runNodeApp}. */
export interface NodeAppOptions {
  /** Folder to run in (a launcher passes `import.meta.dirname`). */
  cwd: string;
  /** The app's whole environment, e.g. `local.env` from {@link startLocalBackends}. */
  env: LaunchEnv;
}

/**
 * Runs `node <nodeArgs>` with the current Node binary, sharing this terminal (stdio is
 * inherited, so the app's output reads as if run by hand), after printing `$ node <nodeArgs>`
 * so the transcript shows the exact production command. Resolves with the exit code; a
 * child killed by a signal counts as 1. Unlike `runNodeFixture`, nothing is captured.
 */
export function runNodeApp(nodeArgs: readonly string[], options: NodeAppOptions): Promise<number> {
  console.log(`$ node ${nodeArgs.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: options.cwd, env: options.env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
