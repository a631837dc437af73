/**
 * Scripted failures for receivers: "answer the next N requests with 429 and Retry-After: 1".
 * Exporter tests need these to prove retry, back-off, 413 splitting and auth accounting
 * against a real socket rather than a mocked transport.
 */

/** What the next request(s) should get instead of normal handling. */
export interface FailNextOptions {
  /**
   * HTTP status to answer with (e.g. 401, 413, 429, 503). Leave it out to only delay the
   * request by `delayMs` and then handle it normally (useful for timeout tests).
   */
  status?: number;
  /** How many consecutive requests this applies to. Default 1. */
  count?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /**
   * Response body: a string is sent as is, anything else as JSON. Default:
   * `{ "message": "injected failure <status>" }`.
   */
  body?: unknown;
  /** Wait this long before answering (the request body has been read already). */
  delayMs?: number;
}

/** One scripted answer taken from the queue. */
export interface ScriptedFault {
  /** Status to answer with; `undefined` means "delay, then handle normally". */
  status?: number;
  /** Response headers to add. */
  headers: Record<string, string>;
  /** Body text to send. */
  body: string;
  /** Content type of `body`, unless `headers` sets one. */
  contentType: string;
  /** Delay before answering, in ms. */
  delayMs: number;
}

interface QueuedFault {
  fault: ScriptedFault;
  remaining: number;
}

/** Throws with a message that names the option, as DESIGN.md asks of code options. */
function validate(options: FailNextOptions): void {
  const { status, count, delayMs } = options;
  if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) {
    throw new TypeError(`failNext: status must be an HTTP status code (100-599), got ${String(status)}`);
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new TypeError(`failNext: count must be a positive integer, got ${String(count)}`);
  }
  if (delayMs !== undefined && (!Number.isFinite(delayMs) || delayMs < 0)) {
    throw new TypeError(`failNext: delayMs must be a non-negative number, got ${String(delayMs)}`);
  }
  if (status === undefined && delayMs === undefined) {
    throw new TypeError('failNext: give a status, a delayMs, or both');
  }
}

/** A FIFO of scripted faults; each entry serves `count` requests before the next one starts. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  /** Appends a fault for the next `count` requests (after any already queued). */
  push(options: FailNextOptions): void {
    validate(options);
    const isText = typeof options.body === 'string';
    const body = isText
      ? (options.body as string)
      : JSON.stringify(options.body ?? { message: `injected failure ${String(options.status ?? '')}`.trim() });
    this.queue.push({
      remaining: options.count ?? 1,
      fault: {
        status: options.status,
        headers: { ...options.headers },
        body,
        contentType: isText ? 'text/plain; charset=utf-8' : 'application/json',
        delayMs: options.delayMs ?? 0,
      },
    });
  }

  /** Takes the fault for the current request, or `undefined` when none is queued. */
  take(): ScriptedFault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.queue.shift();
    return head.fault;
  }

  /** Number of requests still scripted. */
  get pending(): number {
    return this.queue.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue = [];
  }
}
