import type { DropReason, ExportItem, ExportOptions, ExportOutcome } from '@lamplight/core';
import { addDrop, addShortfall, ExportCounters, mergeOutcome, RateLimitedLogger, type ExportCounterStats } from '@lamplight/core/internal';
import type { DeliveryCodec, DeliveryTarget } from './delivery-codec.js';
import { createRedactor, displayUrl, type Redactor } from './redact.js';
import { responseReason } from './response-reason.js';
import { sendBodyWithRetry, type BodyTarget } from './send-body.js';
import type { SendResult } from './send-result.js';

/** Refusals quoted in one export call's diagnostic; the rest are counted. */
const MAX_QUOTED_REJECTIONS = 5;

/** State shared by the requests of one export call. */
interface ExportRun {
  /** One deadline for every request, retry and wait of the call (and of each 413 half). */
  readonly deadlineAt: number;
  /** Set on 401/403: the other requests of the call would be refused too, so they are not sent. */
  authRefused: boolean;
  /** Aborted when the processor gives up on the call (shutdown): stop sending, destroy the request. */
  readonly signal: AbortSignal | undefined;
  /** Aborted when the process is shutting down: an unreachable backend is not retried. */
  readonly shuttingDown: AbortSignal | undefined;
  /** Refusals of this call (4xx bodies, per-item errors of a 2xx), reported in one diagnostic at its end. */
  readonly rejections: string[];
  rejected: number;
}

/**
 * The one delivery engine under every backend (DESIGN §1). It owns, once for all codecs:
 * one deadline per export call; attempts with backoff and `Retry-After` inside it; 413
 * halving down to a single `too-large` item; stop after 401/403 for the rest of the call;
 * abort on shutdown; per-item outcome accounting (exported + dropped = items, always);
 * request and byte counters; and the diagnostics, each redacted (credentials, URL
 * userinfo, anything secret-shaped) before it reaches a log line or `lastError`.
 */
export class DeliveryEngine<R, I = ExportItem> {
  private readonly counters = new ExportCounters();
  private readonly body: BodyTarget;
  private readonly redact: Redactor;
  /** The backend and its address, for sentences: `Foglamp at https://host/ingest`. */
  private readonly where: string;
  /** True from a refused key until the next success, so the diagnostic says it once per episode. */
  private authReported = false;
  /** Per exporter, so one backend's repeated failure never silences another's. */
  private readonly log = new RateLimitedLogger('@lamplight/transport');

  constructor(
    private readonly target: DeliveryTarget,
    private readonly codec: DeliveryCodec<R, I>,
  ) {
    this.body = {
      url: target.url,
      headers: target.headers,
      timeoutMs: target.timeoutMillis,
      onAttempt: (bytes) => this.counters.countRequest(bytes),
      ...(target.send ? { send: target.send } : {}),
    };
    this.redact = createRedactor(target.secrets);
    this.where = `${target.label} at ${displayUrl(target.url)}`;
  }

  /** Packs, sends and accounts for one batch; never rejects. */
  async deliver(items: readonly I[], options: ExportOptions = {}): Promise<ExportOutcome> {
    const outcome: ExportOutcome = { exported: 0, dropped: {} };
    const run: ExportRun = {
      deadlineAt: Date.now() + this.target.exportDeadlineMillis,
      authRefused: false,
      signal: options.signal,
      shuttingDown: options.shuttingDown,
      rejections: [],
      rejected: 0,
    };
    const onRenderError = (item: I, error: unknown): void => {
      addDrop(outcome, 'render-error', 1);
      const name = this.codec.itemName?.(item) ?? `span "${String((item as Partial<ExportItem>).observation?.name)}"`;
      outcome.error = new Error(this.redact(`could not render ${name} for ${this.target.label}: ${messageOf(error)}`));
      this.logError('render', outcome.error.message);
    };
    try {
      const next = puller(this.codec.pack(items, onRenderError));
      const worker = async (): Promise<void> => {
        while (!run.authRefused && run.signal?.aborted !== true) {
          const request = await next();
          if (request === undefined) return;
          mergeOutcome(outcome, await this.send(request, run));
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, this.target.concurrency ?? 1) }, worker));
    } catch (error) {
      // A codec bug must not lose the count: whatever is unaccounted is counted below.
      outcome.error = new Error(this.redact(`${this.target.label} export failed unexpectedly: ${messageOf(error)}`));
      this.logError('export', outcome.error.message);
    }
    // Items not sent after a refused key or an abort, or lost to a bug, still add up to the batch.
    addShortfall(outcome, items.length, run.authRefused ? 'rejected-4xx' : run.signal?.aborted ? 'shutdown' : 'export-failed');
    if (run.rejections.length > 0) this.reportRejections(run, items.length, outcome);
    return this.tally(outcome);
  }

  /** Adds an outcome decided without sending (e.g. after shutdown) to the counters. */
  tally(outcome: ExportOutcome): ExportOutcome {
    return this.counters.tally(outcome);
  }

  /** Requests, bytes, exported and dropped since construction. */
  stats(): ExportCounterStats {
    return this.counters.snapshot();
  }

  private async send(request: R, run: ExportRun): Promise<ExportOutcome> {
    const n = this.codec.itemCount(request);
    if (run.signal?.aborted) return dropped('shutdown', n);
    if (run.authRefused) return dropped('rejected-4xx', n);
    const oversize = this.codec.oversize?.(request);
    if (oversize !== undefined) {
      this.logWarn('too-large', `${this.target.label}: ${oversize}; ${n} span(s) dropped`);
      return dropped('too-large', n, new Error(this.redact(oversize)));
    }
    let body: Uint8Array;
    try {
      body = await this.codec.encode(request);
    } catch (error) {
      const message = this.redact(`could not encode ${n} spans for ${this.target.label}: ${messageOf(error)}`);
      this.logError('encode', message);
      return dropped('render-error', n, new Error(message));
    }
    // Checked after encoding, which takes time too: a request never starts past the call's deadline.
    const remaining = run.deadlineAt - Date.now();
    if (remaining <= 0) {
      const message = `export deadline of ${this.target.exportDeadlineMillis} ms passed before a request could be sent`;
      this.logWarn('deadline', `${this.where}: ${message}; ${n} spans dropped`);
      return dropped('retries-exhausted', n, new Error(message));
    }
    const limits = { deadlineMs: remaining, signal: run.signal, ...(run.shuttingDown ? { shuttingDown: run.shuttingDown } : {}) };
    const { result, attempts, exhausted, aborted } = await sendBodyWithRetry(this.body, body, limits);
    if (aborted) return dropped('shutdown', n);
    if (result.status === 'success') return this.accepted(request, n, result.body, run);
    const error = new Error(this.redact(result.error.message));
    if (result.status === 'retryable') {
      this.logWarn(`retry:${result.statusCode ?? 'net'}`, `${this.where} gave up after ${attempts} attempt(s): ${error.message}`);
      return dropped(exhausted ? 'retries-exhausted' : 'export-failed', n, error);
    }
    return this.refused(request, n, result, body.byteLength, run, error);
  }

  /** A 2xx: the codec reads what the answer says about the items; otherwise all were taken. */
  private accepted(request: R, n: number, responseBody: string, run: ExportRun): ExportOutcome {
    this.authReported = false;
    if (!this.codec.accepted) return { exported: n, dropped: {} };
    const answer = this.codec.accepted(request, responseBody);
    if (answer.unreadable !== undefined) this.logWarn('unreadable', `${this.where}: ${this.redact(answer.unreadable)}`);
    const outcome: ExportOutcome = { exported: Math.min(n, Math.max(0, answer.delivered)), dropped: { ...answer.dropped } };
    if (answer.rejections && answer.rejections.length > 0) {
      run.rejections.push(...answer.rejections.map(this.redact));
      run.rejected += n - outcome.exported;
    }
    return outcome;
  }

  private async refused(
    request: R,
    n: number,
    result: Extract<SendResult, { status: 'failure' }>,
    bytes: number,
    run: ExportRun,
    error: Error,
  ): Promise<ExportOutcome> {
    const status = result.statusCode;
    if (status === 413) {
      const halves = n > 1 ? this.codec.split(request) : undefined;
      // Each half checks the abort and a refused key itself before it is sent.
      if (halves) return mergeOutcome(await this.send(halves[0], run), await this.send(halves[1], run));
      this.logWarn('413', `${this.where} refused a request of ${n} span(s) as too large (${bytes} bytes)`);
      return dropped('too-large', n, error);
    }
    if (status === 401 || status === 403) {
      run.authRefused = true;
      if (!this.authReported) {
        this.authReported = true;
        this.logError('auth', `${this.where} refused the credentials (HTTP ${status}); the spans of this export are dropped. Check ${this.target.authHint}.`);
      }
      return dropped('rejected-4xx', n, new Error(`HTTP ${status} from ${this.where}: credentials refused`));
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const reason = this.redact(responseReason(result.body));
      run.rejections.push(`${this.codec.describe?.(request) ?? `${n} span(s)`}: HTTP ${status} ${reason}`);
      run.rejected += n;
      return dropped('rejected-4xx', n, new Error(`HTTP ${status} from ${this.where}: ${reason}`));
    }
    this.logWarn(`fail:${status ?? 'none'}`, `${this.where} failed: ${error.message}`);
    return dropped('export-failed', n, error);
  }

  /** One diagnostic per export call for every refusal it met; its text becomes `lastError`. */
  private reportRejections(run: ExportRun, total: number, outcome: ExportOutcome): void {
    const quoted = run.rejections.slice(0, MAX_QUOTED_REJECTIONS);
    const more = run.rejections.length - quoted.length;
    const message = `${this.where} rejected ${run.rejected} of ${total} spans (not resent): ${quoted.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
    this.logError('rejected', message);
    outcome.error = new Error(message);
  }

  private logWarn(key: string, message: string): void {
    this.log.warn(key, message);
  }

  private logError(key: string, message: string): void {
    this.log.error(key, message);
  }
}

function dropped(reason: DropReason, n: number, error?: Error): ExportOutcome {
  return error ? { exported: 0, dropped: { [reason]: n }, error } : { exported: 0, dropped: { [reason]: n } };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Pulls one value at a time from a sync or async iterable; concurrent pulls are served in order. */
function puller<R>(source: Iterable<R> | AsyncIterable<R>): () => Promise<R | undefined> {
  const iterator: Iterator<R> | AsyncIterator<R> =
    Symbol.asyncIterator in source ? (source as AsyncIterable<R>)[Symbol.asyncIterator]() : (source as Iterable<R>)[Symbol.iterator]();
  let chain: Promise<unknown> = Promise.resolve();
  return () => {
    const result = chain.then(() => iterator.next()).then((r) => (r.done ? undefined : r.value));
    chain = result.catch(() => undefined);
    return result;
  };
}
