/** What the exit hooks act on. */
export interface ExitTarget {
  /** Delivers what is queued, bounded by the flush deadline; drops nothing. */
  forceFlush(): Promise<void>;
  /** Flushes within the deadline, then counts what is left (`shutdown`); resolves within the deadline. */
  shutdown(): Promise<void>;
  /** True when spans are waiting or being exported. */
  hasPending(): boolean;
  /** The line to print once shut down, or undefined when nothing was lost. */
  exitLine(): string | undefined;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Ends Lamplight's work when the process ends, within one flush deadline, then lets the
 * process do what it would have done without us:
 * - `beforeExit` with spans pending: shut down (flush, then count what is left as
 *   `shutdown`) once — `beforeExit` fires again after our work, and never starts another
 *   deadline, so an app whose backend is unreachable exits within one deadline;
 * - a signal with no other listener: shut down, print, then re-raise it, so the default
 *   exit (and exit code) happens; with the app's own listeners present we only flush, since
 *   the app decides when (and whether) it exits;
 * - an uncaught exception with no other listener: shut down, then re-throw it so Node
 *   prints it and exits with code 1 as before; with other listeners, only flush.
 * After a shutdown, `print` gets the exit line when anything was lost.
 * Returns a function that removes the hooks.
 */
export function installExitHooks(target: ExitTarget, print: (line: string) => void): () => void {
  let finishing: Promise<void> | undefined;
  const finish = (): Promise<void> =>
    (finishing ??= target
      .shutdown()
      .catch(() => undefined)
      .then(() => {
        const line = target.exitLine();
        if (line !== undefined) print(line);
      }));
  const flushOrFinish = (alone: boolean): Promise<void> => (alone ? finish() : target.forceFlush().catch(() => undefined));

  const onBeforeExit = (): void => {
    if (finishing === undefined && target.hasPending()) void finish();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    const alone = process.listenerCount(signal) === 1;
    void flushOrFinish(alone).then(() => {
      if (!alone) return;
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    });
  };
  const onUncaught = (error: unknown): void => {
    const alone = process.listenerCount('uncaughtException') === 1;
    void flushOrFinish(alone).then(() => {
      if (!alone) return;
      remove();
      setImmediate(() => {
        throw error;
      });
    });
  };
  function remove(): void {
    process.removeListener('beforeExit', onBeforeExit);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.removeListener('uncaughtException', onUncaught);
  }

  process.on('beforeExit', onBeforeExit);
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('uncaughtException', onUncaught);
  return remove;
}
