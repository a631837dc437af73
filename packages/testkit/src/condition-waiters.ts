/**
 * Promises that settle when a receiver's state meets a condition, re-checked after every
 * recorded request. Event-driven rather than polling, so tests wait exactly as long as the
 * exporter takes and a timeout message can say what did arrive.
 */

interface Waiter {
  /** Returns true (and resolves) when the condition holds. */
  check: () => boolean;
  /** Rejects with the given error. */
  fail: (error: Error) => void;
}

/** A set of pending waits, all re-checked by {@link ConditionWaiters.notify}. */
export class ConditionWaiters {
  private readonly waiters = new Set<Waiter>();

  /**
   * Resolves with `value()` once `ready()` holds (checked now and after each `notify`), or
   * rejects with `timeoutMessage()` after `timeoutMs`.
   */
  wait<T>(ready: () => boolean, value: () => T, timeoutMs: number, timeoutMessage: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (ready()) {
        resolve(value());
        return;
      }
      const waiter: Waiter = {
        check: () => {
          if (!ready()) return false;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(value());
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(timeoutMessage())), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Re-checks every pending wait. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /** Rejects every pending wait (used when the receiver closes). */
  failAll(message: string): void {
    for (const waiter of [...this.waiters]) waiter.fail(new Error(message));
  }
}
