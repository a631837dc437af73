/**
 * The `lamplight` command line: dispatches to a subcommand and owns the terminal output.
 * `dev` prints the environment lines and the viewer URL, then runs until SIGINT/SIGTERM.
 */
import { DEV_USAGE, parseDevArgs, UsageError } from './dev-args.js';
import { startDevServer, type DevServer } from './dev-server.js';
import { runDoctor } from './doctor/doctor.js';

/** Where the command writes; injectable so tests can read it. */
export interface CliIo {
  /** Directory of the built page scripts; default the one this package ships. */
  pageDir?: URL;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Resolves when the command should stop; default: the first SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
  /** Called with the running server once it listens. */
  onStarted?: (server: DevServer) => void;
}

const USAGE = `Usage: lamplight <command>

Commands:
  dev      local Langfuse and Foglamp receivers with a live trace viewer (lamplight dev --help)
  doctor   checks each configured backend from the environment: DNS, connection, TLS,
           credentials, one test trace (read back from Langfuse); exit 0 only if all pass
`;

/** Runs the command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'doctor') return runDoctor({ print: (line) => out(`${line}\n`) });
  if (command !== 'dev') {
    err(`lamplight: unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  }
  let args;
  try {
    args = parseDevArgs(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`lamplight dev: ${error.message}\n`);
    return 2;
  }
  if (args.help) {
    out(DEV_USAGE);
    return 0;
  }
  let server: DevServer;
  try {
    server = await startDevServer({ ...args, pageDir: io.pageDir, onWarning: (message) => err(`lamplight dev: ${message}\n`) });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const hint = e.code === 'EADDRINUSE' ? ' (another lamplight dev running? pick other ports with --port/--langfuse-port/--foglamp-port, or 0)' : '';
    err(`lamplight dev: cannot start: ${e.message}${hint}\n`);
    return 1;
  }
  const envLines = Object.entries(server.env).map(([name, value]) => `${name}=${value}`);
  out(
    [
      `lamplight dev: listening; viewer ${server.viewerUrl}`,
      '',
      'Point your app at it (these keys only open the local receivers):',
      '',
      ...envLines,
      '',
      `then run it, e.g.  node --import @lamplight/register app.mjs`,
      `Langfuse OTLP ${server.langfuse.tracesUrl} · Foglamp ${server.foglamp.ingestUrl}` + (args.jsonl ? ` · appending to ${args.jsonl}` : ''),
      `Keeping the newest ${args.maxTraces} traces in memory. Ctrl-C stops.`,
      '',
    ].join('\n'),
  );
  io.onStarted?.(server);
  await (io.stopSignal ?? firstSignal());
  await server.close();
  const { written, failed } = server.jsonlStats();
  if (args.jsonl) out(`lamplight dev: stopped; ${written} observation(s) appended to ${args.jsonl}${failed ? `, ${failed} not written` : ''}\n`);
  return 0;
}

function firstSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
