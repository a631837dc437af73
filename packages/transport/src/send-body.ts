import type { HttpRequest } from './http-request.js';
import { sendWithRetry, type RetryOptions, type RetryOutcome } from './retry.js';
import type { SendResult } from './send-result.js';
import { transportPlatform } from './transport-platform.js';

/** One attempt of one POST: `httpSend` (Node) or `fetchSend` (Web `fetch`). */
export type Sender = (request: HttpRequest) => Promise<SendResult>;

/** Where and how an exporter POSTs its request bodies; the same for every send of the exporter. */
export interface BodyTarget {
  url: URL;
  headers: Record<string, string>;
  /** Longest one attempt may take, in ms; an attempt never outlives the send's deadline either. */
  timeoutMs: number;
  /** Called before every attempt, retries included, with the body's size: for request and byte counters. */
  onAttempt?: (bytes: number) => void;
  /** Backoff settings other than the deadline and signal; the defaults of `sendWithRetry` otherwise. */
  retry?: Omit<RetryOptions, 'deadlineMs' | 'signal'>;
  /** The HTTP client; default the platform's (`httpSend` on Node, `fetchSend` on the edge). */
  send?: Sender;
  /** Default `POST`. */
  method?: HttpRequest['method'];
}

/** The bounds of one send. */
export interface BodySendLimits {
  /** Time left for every attempt and wait, in ms; the caller checks it is positive first. */
  deadlineMs: number;
  /** Aborting it stops the retries and destroys the request in flight (see `RetryOptions.signal`). */
  signal?: AbortSignal;
  /** See `RetryOptions.shuttingDown`. */
  shuttingDown?: AbortSignal;
}

/**
 * POSTs `body` to `target` with its sender (the platform's default client unless set), retrying through `sendWithRetry` within
 * `limits.deadlineMs`. Each attempt's timeout is the smaller of `target.timeoutMs` and the
 * time left, so the last attempt cannot run past the deadline; the same signal ends both
 * the backoff waits and the request in flight.
 */
export function sendBodyWithRetry(target: BodyTarget, body: Uint8Array, limits: BodySendLimits): Promise<RetryOutcome> {
  const { url, headers, timeoutMs, onAttempt, method } = target;
  const platform = transportPlatform();
  const send = target.send ?? platform.clients[platform.defaultClient] ?? platform.clients.fetch;
  const { signal } = limits;
  return sendWithRetry(
    (remainingMs) => {
      onAttempt?.(body.byteLength);
      return send({ url, headers, body, timeoutMs: Math.min(timeoutMs, remainingMs), signal, ...(method ? { method } : {}) });
    },
    { ...target.retry, deadlineMs: limits.deadlineMs, signal, ...(limits.shuttingDown ? { shuttingDown: limits.shuttingDown } : {}) },
  );
}
