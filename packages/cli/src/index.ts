/**
 * `@lamplight/cli`: the `lamplight` command. `lamplight dev` runs local Langfuse- and
 * Foglamp-compatible receivers and a live trace viewer; these exports run it from code.
 */
export { runCli } from './run-cli.js';
export type { CliIo } from './run-cli.js';
export { startDevServer, DEV_DEFAULT_PORTS, DEV_KEYS } from './dev-server.js';
export type { DevServer, DevServerOptions } from './dev-server.js';
export { parseDevArgs, DEV_USAGE, UsageError } from './dev-args.js';
export type { DevArgs } from './dev-args.js';
export { TraceStore } from './trace-store.js';
export type { TraceFields, TraceStoreLimits } from './trace-store.js';
export type {
  ViewObservation,
  ViewProblem,
  ViewSnapshot,
  ViewSource,
  ViewTrace,
  ViewTraceSummary,
  ViewUsage,
  ViewViolation,
} from './view-model.js';
