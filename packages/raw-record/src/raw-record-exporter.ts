import { type ExportItem, type ExportOptions, type ExportOutcome, type ObservationExporter } from '@lamplight/core';
import { ExportCounters, mergeOutcome, rawRecordJson, RateLimitedLogger, toRawRecord, type ExportCounterStats } from '@lamplight/core/internal';
import { sendBodyWithRetry, userHeaders, type BodyTarget, type SendResult } from '@lamplight/transport';
import { resolveRawRecordConfig, type RawRecordConfig, type RawRecordExporterOptions } from './raw-record-config.js';
import { redact, rejectionReason, saysUnsuccessful } from './raw-record-response.js';
import { VERSION } from './version.js';

const log = new RateLimitedLogger('@lamplight/raw-record');

/** Headers the exporter owns; user `headers` with these names are ignored. */
const RESERVED_HEADERS = new Set(['x-api-key', 'content-type', 'content-encoding', 'content-length']);
/** Rejected records quoted in one diagnostic; the rest are counted. */
const MAX_QUOTED_REJECTIONS = 5;

/**
 * Counters of a `RawRecordExporter`: `exported` and `dropped` count records, `lastError`
 * holds the validation detail when the endpoint gave one, never the key.
 */
export interface RawRecordExporterStats extends ExportCounterStats {}

/** State shared by the requests of one export call. */
interface ExportRun {
  readonly deadlineAt: number;
  /** Set on 401/403: the remaining records would be refused too, so they are not sent. */
  authRefused: boolean;
  /** Aborted when the processor gives up on the call (shutdown): stop sending, destroy the requests. */
  readonly signal: AbortSignal | undefined;
  readonly outcome: ExportOutcome;
  /** Validation errors of this call, reported in one diagnostic at its end. */
  readonly rejections: string[];
}

/**
 * Sends one flat record per observation to `POST {baseUrl}/api/v1/telemetry/raw` (seed:
 * raw-telemetry-record-api.txt) with `X-API-Key` when a key is configured. Rendering is
 * core's (`toRawRecord`, `rawRecordJson`: exact integer nanosecond times from the span's
 * `HrTime`). The API takes one record per request, so requests run at most
 * `maxConcurrency` at a time, all inside one deadline:
 * - 429/5xx/network errors retried with backoff honouring `Retry-After`;
 * - validation errors (`{"success": false, "error": {"detail": [...]}}`, HTTP 422/400, or a
 *   2xx that says `success: false`) are `rejected-4xx`, not retried, with `loc: msg` of each
 *   detail in one rate-limited diagnostic per export call and in `stats().lastError`;
 * - 413 is `too-large` (a record cannot be split); 401/403 stop the call, with one
 *   diagnostic naming the URL, never the key;
 * - an aborted `signal` (the processor's shutdown deadline) stops the call: requests in
 *   flight are destroyed and records not delivered are `shutdown`.
 * Every call resolves with an outcome where exported + dropped = items handed over.
 */
export class RawRecordExporter implements ObservationExporter {
  readonly name = 'raw-record';
  private readonly config: RawRecordConfig;
  /** The endpoint, headers and per-attempt timeout of every request; counts each attempt. */
  private readonly target: BodyTarget;
  private readonly counters = new ExportCounters();
  private isShutdown = false;
  /** True from a refused key until the next success, so the diagnostic says it once per episode. */
  private authReported = false;

  constructor(options: RawRecordExporterOptions = {}) {
    this.config = resolveRawRecordConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(this.config.headers, RESERVED_HEADERS),
      'content-type': 'application/json',
      'user-agent': `lamplight-raw-record/${VERSION}`,
      ...(this.config.apiKey !== undefined ? { 'x-api-key': this.config.apiKey } : {}),
    };
    this.target = { url: this.config.endpoint, headers, timeoutMs: this.config.timeoutMillis, onAttempt: (bytes) => this.counters.countRequest(bytes) };
  }

  /** The resolved endpoint, for startup lines and diagnostics (holds no secret). */
  get endpoint(): string {
    return this.config.endpoint.href;
  }

  /** Renders and sends one record per item, at most `maxConcurrency` at a time; never rejects. */
  async exportObservations(items: readonly ExportItem[], options: ExportOptions = {}): Promise<ExportOutcome> {
    if (this.isShutdown) return this.counters.tally({ exported: 0, dropped: { shutdown: items.length } });
    const run: ExportRun = {
      deadlineAt: Date.now() + this.config.exportDeadlineMillis,
      authRefused: false,
      signal: options.signal,
      outcome: { exported: 0, dropped: {} },
      rejections: [],
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const item = items[next++] as ExportItem;
        try {
          mergeOutcome(run.outcome, await this.sendItem(item, run));
        } catch (error) {
          mergeOutcome(run.outcome, { exported: 0, dropped: { 'export-failed': 1 }, error: error as Error });
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.config.maxConcurrency, items.length) }, worker);
    await Promise.all(workers);
    if (run.rejections.length > 0) this.reportRejections(run, items.length);
    return this.counters.tally(run.outcome);
  }

  /** Counters since construction. */
  stats(): RawRecordExporterStats {
    return this.counters.snapshot();
  }

  /** Resolves at once: nothing is buffered here, the processor owns the queue. */
  async forceFlush(): Promise<void> {
    // intentionally empty
  }

  /** Later exports are dropped as `shutdown` without a request. Idempotent. */
  async shutdown(): Promise<void> {
    this.isShutdown = true;
  }

  private async sendItem(item: ExportItem, run: ExportRun): Promise<ExportOutcome> {
    const obs = item.observation;
    if (run.authRefused) return { exported: 0, dropped: { 'rejected-4xx': 1 } };
    if (run.signal?.aborted) return { exported: 0, dropped: { shutdown: 1 } };
    let body: Buffer;
    try {
      // The span's HrTime gives exact nanoseconds; the observation's milliseconds are the fallback.
      const span = item.span as Partial<ExportItem['span']> | undefined;
      body = Buffer.from(rawRecordJson(toRawRecord(obs, { startTime: span?.startTime, endTime: span?.endTime })), 'utf8');
    } catch (error) {
      log.error('render', `could not render span "${obs.name}" as a raw record; dropped`, error);
      return { exported: 0, dropped: { 'render-error': 1 }, error: new Error(`could not render span "${obs.name}": ${(error as Error)?.message}`) };
    }
    const remaining = run.deadlineAt - Date.now();
    if (remaining <= 0) {
      return { exported: 0, dropped: { 'retries-exhausted': 1 }, error: new Error(`export deadline of ${this.config.exportDeadlineMillis} ms passed before the record could be sent`) };
    }
    const { result, exhausted, aborted } = await sendBodyWithRetry(this.target, body, { deadlineMs: remaining, signal: run.signal });
    if (aborted) return { exported: 0, dropped: { shutdown: 1 } };
    const where = `span "${obs.name}" (${obs.spanId})`;
    if (result.status === 'success') {
      this.authReported = false;
      if (!saysUnsuccessful(result.body)) return { exported: 1, dropped: {} };
      return this.rejected(run, where, result.statusCode, result.body);
    }
    if (result.status === 'retryable') {
      const error = this.errorOf(result);
      log.warn(`retry:${result.statusCode ?? 'net'}`, `raw record export to ${this.config.baseUrl} gave up after retrying: ${error.message}`);
      return { exported: 0, dropped: { [exhausted ? 'retries-exhausted' : 'export-failed']: 1 }, error };
    }
    return this.refused(run, where, result);
  }

  private refused(run: ExportRun, where: string, result: Extract<SendResult, { status: 'failure' }>): ExportOutcome {
    const status = result.statusCode;
    if (status === 401 || status === 403) {
      run.authRefused = true;
      if (!this.authReported) {
        this.authReported = true;
        log.error(
          'auth',
          `the raw record endpoint ${this.config.endpoint.href} refused the request (HTTP ${status}). ` +
            `Check LAMPLIGHT_RAW_RECORD_API_KEY (or the "apiKey" option)${this.config.apiKey === undefined ? ': no key is configured' : ''}.`,
        );
      }
      return { exported: 0, dropped: { 'rejected-4xx': 1 }, error: new Error(`HTTP ${status} from ${this.config.baseUrl}: API key refused`) };
    }
    if (status === 413) {
      log.warn('413', `the raw record endpoint refused ${where} as too large`);
      return { exported: 0, dropped: { 'too-large': 1 }, error: this.errorOf(result) };
    }
    if (status !== undefined && status >= 400 && status < 500) return this.rejected(run, where, status, result.body);
    const error = this.errorOf(result);
    log.warn(`fail:${status ?? 'none'}`, `raw record export to ${this.config.baseUrl} failed: ${error.message}`);
    return { exported: 0, dropped: { 'export-failed': 1 }, error };
  }

  /** A validation error: counted, its detail kept for the call's one diagnostic. */
  private rejected(run: ExportRun, where: string, status: number | undefined, body: string | undefined): ExportOutcome {
    const reason = `${where}: HTTP ${status ?? '?'} ${rejectionReason(body, this.config.apiKey)}`;
    run.rejections.push(reason);
    return { exported: 0, dropped: { 'rejected-4xx': 1 }, error: new Error(`raw record rejected: ${reason}`) };
  }

  private reportRejections(run: ExportRun, total: number): void {
    const quoted = run.rejections.slice(0, MAX_QUOTED_REJECTIONS);
    const more = run.rejections.length - quoted.length;
    const message =
      `${this.config.endpoint.href} rejected ${run.rejections.length} of ${total} records (not retried): ` +
      quoted.join('; ') +
      (more > 0 ? `; and ${more} more` : '');
    log.error('rejected-records', message);
    run.outcome.error = new Error(message);
  }

  /** The result's error with the key blanked out (a server may echo headers into its body). */
  private errorOf(result: Exclude<SendResult, { status: 'success' }>): Error {
    return new Error(redact(result.error.message, this.config.apiKey));
  }
}
