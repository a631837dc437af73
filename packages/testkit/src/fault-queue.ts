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
  /**
   * Reset the connection instead of answering: once `resetAfterBytes` bytes of the request
   * body have arrived (or the body ended, if shorter), the socket is destroyed with a TCP RST.
   * The client gets no response (ECONNRESET/EPIPE). Recorded with status 0 and no spans.
   * Cannot be combined with `status`, `delayMs` or `processed`.
   */
  reset?: boolean;
  /** With `reset`: body bytes to read before resetting; default 1 (as soon as part of the body is in). */
  resetAfterBytes?: number;
  /**
   * Handle the request normally first — the checks run and valid spans are accepted and
   * recorded as usual — then answer with this fault's `status` (default: the status the
   * checks chose), `headers` and `body` (default: the real answer's body). Simulates a
   * server that stored the data but whose answer is broken (a garbage body, a missing
   * `accepted`), a 5xx after the write, or, with `delayMs`, a late answer after the
   * client's timeout.
   */
  processed?: boolean;
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
  /** Reset the connection after `resetAfterBytes` body bytes instead of answering. */
  reset: boolean;
  /** Body bytes read before a reset. */
  resetAfterBytes: number;
  /** Handle normally (accept the spans), then answer with this fault's status/headers/body. */
  processed: boolean;
  /** Whether `body` was given; a `processed` fault without one keeps the real answer's body. */
  bodyGiven: boolean;
}

interface QueuedFault {
  fault: ScriptedFault;
  remaining: number;
}

/** Throws with a message that names the option, as DESIGN.md asks of code options. */
function validate(options: FailNextOptions): void {
  const { status, count, delayMs, reset, resetAfterBytes, processed } = options;
  if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) {
    throw new TypeError(`failNext: status must be an HTTP status code (100-599), got ${String(status)}`);
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new TypeError(`failNext: count must be a positive integer, got ${String(count)}`);
  }
  if (delayMs !== undefined && (!Number.isFinite(delayMs) || delayMs < 0)) {
    throw new TypeError(`failNext: delayMs must be a non-negative number, got ${String(delayMs)}`);
  }
  if (resetAfterBytes !== undefined && (!Number.isInteger(resetAfterBytes) || resetAfterBytes < 1)) {
    throw new TypeError(`failNext: resetAfterBytes must be a positive integer, got ${String(resetAfterBytes)}`);
  }
  if (resetAfterBytes !== undefined && reset !== true) {
    throw new TypeError('failNext: resetAfterBytes needs reset: true');
  }
  if (reset === true && (status !== undefined || delayMs !== undefined || processed === true)) {
    throw new TypeError('failNext: reset answers nothing, so it cannot be combined with status, delayMs or processed');
  }
  if (status === undefined && delayMs === undefined && reset !== true && processed !== true) {
    throw new TypeError('failNext: give a status, a delayMs, or both (or reset: true, or processed: true)');
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
        reset: options.reset === true,
        resetAfterBytes: options.resetAfterBytes ?? 1,
        processed: options.processed === true,
        bodyGiven: options.body !== undefined,
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
