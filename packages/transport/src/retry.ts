import { abortedResult, type SendResult } from './send-result.js';

/** Backoff settings of `sendWithRetry`. */
export interface RetryOptions {
  /** Total time for all attempts and waits, in ms. */
  deadlineMs: number;
  /** First backoff in ms; default 500. */
  initialBackoffMs?: number;
  /** Largest backoff in ms; default 5000. */
  maxBackoffMs?: number;
  /** Most attempts; default 6. */
  maxAttempts?: number;
  /** Injected for tests of the schedule; default `setTimeout` (cut short by `signal`). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Aborting it stops the retries: no further attempt is made and a backoff wait ends at
   * once. Pass the same signal to the attempt's `httpSend` to destroy a request in flight.
   */
  signal?: AbortSignal;
  /**
   * Aborted when the process is shutting down: an attempt that found nobody there
   * (connection refused, no such host) is then final instead of retried, so a shutdown
   * with the backend gone returns at once rather than at its deadline.
   */
  shuttingDown?: AbortSignal;
}

/** The final result and how many attempts it took. */
export interface RetryOutcome {
  result: SendResult;
  attempts: number;
  /** True when the last result was retryable but the deadline or attempt limit stopped us. */
  exhausted: boolean;
  /** True when `signal` was aborted before the sends came to an answer; `result` is then a `failure`. */
  aborted: boolean;
}

const JITTER = 0.2;

/**
 * Calls `attempt` until it succeeds or fails for good, retrying `retryable` results with
 * exponential backoff and jitter, honouring `Retry-After`, all inside one deadline: a retry
 * whose wait would pass the deadline is not made. `attempt` gets the time left. An aborted
 * `options.signal` ends it early with `aborted: true`, whatever the last attempt answered.
 */
export async function sendWithRetry(attempt: (remainingMs: number) => Promise<SendResult>, options: RetryOptions): Promise<RetryOutcome> {
  const deadline = Date.now() + options.deadlineMs;
  const maxAttempts = options.maxAttempts ?? 6;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const sleep = options.sleep ?? defaultSleep;
  const signal = options.signal;
  let backoff = options.initialBackoffMs ?? 500;
  let attempts = 0;
  if (signal?.aborted) return { result: abortedResult(), attempts, exhausted: false, aborted: true };
  attempts++;
  let result = await attempt(Math.max(1, deadline - Date.now()));
  while (result.status === 'retryable') {
    if (signal?.aborted) break;
    if (attempts >= maxAttempts || (result.unreachable === true && options.shuttingDown?.aborted === true)) return { result, attempts, exhausted: true, aborted: false };
    const jittered = Math.min(backoff, maxBackoff) * (1 + (Math.random() * 2 - 1) * JITTER);
    const wait = result.retryAfterMs ?? jittered;
    const remaining = deadline - Date.now();
    if (wait >= remaining) return { result, attempts, exhausted: true, aborted: false };
    // Nobody answered: a shutdown that begins during the wait ends it, and the attempt is final.
    const wake = result.unreachable === true ? options.shuttingDown : undefined;
    await sleep(wait, wake === undefined ? signal : eitherSignal(signal, wake));
    if (signal?.aborted) break;
    if (wake?.aborted === true) return { result, attempts, exhausted: true, aborted: false };
    backoff *= 2;
    attempts++;
    result = await attempt(Math.max(1, deadline - Date.now()));
  }
  // The caller gave up (and counted the spans): even an answer that raced the abort is not reported as one.
  if (signal?.aborted) return { result: result.status === 'failure' ? result : abortedResult(), attempts, exhausted: false, aborted: true };
  return { result, attempts, exhausted: false, aborted: false };
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    // Waiting to retry must not keep a finished app alive on its own; flush paths await us.
    t.unref?.();
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A signal aborted when either is (`AbortSignal.any` where the runtime has it). */
function eitherSignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  if (a === undefined) return b;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return controller.signal;
}
