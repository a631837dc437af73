import type { SendResult } from './send-result.js';

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
  /** Injected for tests of the schedule; default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

/** The final result and how many attempts it took. */
export interface RetryOutcome {
  result: SendResult;
  attempts: number;
  /** True when the last result was retryable but the deadline or attempt limit stopped us. */
  exhausted: boolean;
}

const JITTER = 0.2;

/**
 * Calls `attempt` until it succeeds or fails for good, retrying `retryable` results with
 * exponential backoff and jitter, honouring `Retry-After`, all inside one deadline: a retry
 * whose wait would pass the deadline is not made. `attempt` gets the time left.
 */
export async function sendWithRetry(attempt: (remainingMs: number) => Promise<SendResult>, options: RetryOptions): Promise<RetryOutcome> {
  const deadline = Date.now() + options.deadlineMs;
  const maxAttempts = options.maxAttempts ?? 6;
  const maxBackoff = options.maxBackoffMs ?? 5000;
  const sleep = options.sleep ?? defaultSleep;
  let backoff = options.initialBackoffMs ?? 500;
  let attempts = 1;
  let result = await attempt(Math.max(1, deadline - Date.now()));
  while (result.status === 'retryable') {
    if (attempts >= maxAttempts) return { result, attempts, exhausted: true };
    const jittered = Math.min(backoff, maxBackoff) * (1 + (Math.random() * 2 - 1) * JITTER);
    const wait = result.retryAfterMs ?? jittered;
    const remaining = deadline - Date.now();
    if (wait >= remaining) return { result, attempts, exhausted: true };
    await sleep(wait);
    backoff *= 2;
    attempts++;
    result = await attempt(Math.max(1, deadline - Date.now()));
  }
  return { result, attempts, exhausted: false };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    // Waiting to retry must not keep a finished app alive on its own; flush paths await us.
    t.unref?.();
  });
}
