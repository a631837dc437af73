/**
 * The outcome of one HTTP attempt, in the shape of OTel's `ExportResponse`
 * (`success | failure | retryable`), with the status code and body kept for accounting
 * and diagnostics.
 */
export type SendResult =
  | { status: 'success'; statusCode: number; body: string }
  | { status: 'failure'; statusCode?: number; body?: string; error: Error }
  | { status: 'retryable'; statusCode?: number; body?: string; retryAfterMs?: number; error: Error; unreachable?: boolean };

/** Connection errors that mean nobody is there: no host, no route, nothing listening. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The result of an attempt that failed before any answer: retryable, and marked
 * `unreachable` when the error (or, from `fetch`, its cause) says no server was there.
 */
export function connectionFailure(error: unknown): SendResult {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return { status: 'retryable', error: err, ...(typeof code === 'string' && UNREACHABLE_CODES.has(code) ? { unreachable: true } : {}) };
}

/** Status codes worth retrying: throttling and transient server or gateway errors. */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 429 || statusCode === 500 || statusCode === 502 || statusCode === 503 || statusCode === 504;
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The result of a send the caller aborted (see `HttpRequest.signal`): a `failure` that says so. */
export function abortedResult(): SendResult {
  return { status: 'failure', error: new Error('request aborted: the export was given up') };
}

/**
 * Classifies an HTTP answer, whichever client got it: 2xx `success`, 429/5xx `retryable`
 * (with `Retry-After`), any other status `failure` with the body for the diagnostic.
 */
export function classifyResponse(statusCode: number, body: string, retryAfter: string | string[] | undefined, streamError?: Error): SendResult {
  if (statusCode >= 200 && statusCode < 300) return { status: 'success', statusCode, body };
  const error = streamError ?? new Error(`HTTP ${statusCode}${body ? `: ${body.slice(0, 500)}` : ''}`);
  if (isRetryableStatus(statusCode)) return { status: 'retryable', statusCode, body, error, retryAfterMs: parseRetryAfter(retryAfter) };
  return { status: 'failure', statusCode, body, error };
}
