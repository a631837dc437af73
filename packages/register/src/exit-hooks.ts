/** What the exit hooks flush. */
export interface Flushable {
  forceFlush(): Promise<void>;
  /** True when spans are waiting or being exported. */
  hasPending(): boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Flushes on `beforeExit`, `SIGTERM`, `SIGINT` and an uncaught exception, each bounded by
 * `timeoutMs`, then lets the process do what it would have done without us:
 * - a signal with no other listener is re-raised after the flush, so the default exit (and
 *   exit code) happens; with the app's own listeners present we only flush;
 * - an uncaught exception with no other listener is re-thrown after the flush, so Node
 *   prints it and exits with code 1 exactly as before; the app keeps running for at most
 *   `timeoutMs` meanwhile.
 * Returns a function that removes the hooks.
 */
export function installExitHooks(target: Flushable, timeoutMs: number): () => void {
  let flushing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    flushing ??= withTimeout(target.forceFlush(), timeoutMs).finally(() => {
      flushing = undefined;
    });
    return flushing;
  };

  const onBeforeExit = (): void => {
    // beforeExit fires again once our flush's work is done; flush only while work is left.
    if (target.hasPending()) void flush();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    const alone = process.listenerCount(signal) === 1;
    void flush().then(() => {
      if (!alone) return;
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    });
  };
  const onUncaught = (error: unknown): void => {
    const alone = process.listenerCount('uncaughtException') === 1;
    void flush().then(() => {
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

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([promise.catch(() => undefined), expired]).finally(() => clearTimeout(timer));
}
