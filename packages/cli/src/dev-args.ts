/**
 * Parses `lamplight dev` flags. Every flag is checked here, with one message naming the
 * flag, so a typo stops the command instead of silently running on a default.
 */
import { DEV_DEFAULT_PORTS } from './dev-server.js';

/** Parsed `lamplight dev` flags. */
export interface DevArgs {
  host: string;
  port: number;
  langfusePort: number;
  foglampPort: number;
  maxTraces: number;
  jsonl?: string;
  help: boolean;
}

/** Usage text of `lamplight dev`. */
export const DEV_USAGE = `Usage: lamplight dev [options]

Runs a local Langfuse-compatible OTLP endpoint and a Foglamp-compatible /ingest, checks what
arrives against each backend's contract, and shows the traces live in the browser.

Options:
  --port <n>           viewer port (default ${DEV_DEFAULT_PORTS.viewer}; 0 picks a free port)
  --langfuse-port <n>  Langfuse OTLP receiver port (default ${DEV_DEFAULT_PORTS.langfuse})
  --foglamp-port <n>   Foglamp receiver port (default ${DEV_DEFAULT_PORTS.foglamp})
  --host <addr>        interface for all three (default 127.0.0.1)
  --max-traces <n>     traces kept in memory, newest first (default 1000)
  --jsonl <file>       also append every received observation to this JSON Lines file
  -h, --help           show this text
`;

/** Thrown for a bad flag; the message names it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError(`${flag} needs a whole number, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Parses the arguments after `dev`; throws {@link UsageError} for anything it does not know. */
export function parseDevArgs(argv: readonly string[]): DevArgs {
  const args: DevArgs = {
    host: '127.0.0.1',
    port: DEV_DEFAULT_PORTS.viewer,
    langfusePort: DEV_DEFAULT_PORTS.langfuse,
    foglampPort: DEV_DEFAULT_PORTS.foglamp,
    maxTraces: 1000,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (flag !== arg ? arg.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '-h':
      case '--help':
        args.help = true;
        break;
      case '--port':
        args.port = integer(flag, value(), 0, 65535);
        break;
      case '--langfuse-port':
        args.langfusePort = integer(flag, value(), 0, 65535);
        break;
      case '--foglamp-port':
        args.foglampPort = integer(flag, value(), 0, 65535);
        break;
      case '--max-traces':
        args.maxTraces = integer(flag, value(), 1, 1_000_000);
        break;
      case '--host': {
        const host = value();
        if (!host) throw new UsageError('--host needs an address, e.g. 127.0.0.1');
        args.host = host;
        break;
      }
      case '--jsonl': {
        const file = value();
        if (!file) throw new UsageError('--jsonl needs a file path');
        args.jsonl = file;
        break;
      }
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)} (lamplight dev --help lists the options)`);
    }
  }
  const ports = [args.port, args.langfusePort, args.foglampPort].filter((port) => port !== 0);
  if (new Set(ports).size !== ports.length) throw new UsageError('--port, --langfuse-port and --foglamp-port must differ');
  return args;
}
