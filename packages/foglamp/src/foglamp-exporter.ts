import { type ExportItem, type ExportOptions, type ExportOutcome, type ObservationExporter } from '@lamplight/core';
import { addDrop, addShortfall, ExportCounters, mergeOutcome, RateLimitedLogger, type ExportCounterStats } from '@lamplight/core/internal';
import { gzipAsync, sendBodyWithRetry, userHeaders, type BodyTarget, type SendResult } from '@lamplight/transport';
import { resolveFoglampConfig, type FoglampConfig, type FoglampExporterOptions } from './foglamp-config.js';
import { acceptedCount, reasonOf, redact } from './foglamp-response.js';
import { chunkBody, packRequests, splitChunk, type RequestChunk } from './request-chunks.js';
import { VERSION } from './version.js';

const log = new RateLimitedLogger('@lamplight/foglamp');

/** Headers the exporter owns; user `headers` with these names are ignored. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-encoding', 'content-length']);

/**
 * Counters of a `FoglampExporter`: `bytesSent` is counted after gzip when enabled,
 * `exported` is the spans Foglamp reported as accepted, `lastError` never holds the key.
 */
export interface FoglampExporterStats extends ExportCounterStats {}

/** State shared by the requests of one export call. */
interface ExportRun {
  /** One deadline for every request, retry and wait of the call. */
  deadlineAt: number;
  /** Set on 401/403: the other requests of the call would be refused too, so they are not sent. */
  authRefused: boolean;
  /** Aborted when the processor gives up on the call (shutdown): stop sending, destroy the request. */
  readonly signal: AbortSignal | undefined;
}

/**
 * Sends observations to Foglamp's `POST {baseUrl}/ingest` as JSON `{ version: "v1",
 * traces: [...] }` with `Authorization: Bearer <key>` (contract:
 * shared/contracts/foglamp-ingest.md). Rendering is core's (`toFoglampSpan`,
 * `foglampTraceFields`); this class owns transport and accounting:
 * - requests of at most 1000 traces and `maxRequestBytes`; an empty batch is never sent;
 * - 429/5xx/network errors retried with backoff inside one deadline, honouring `Retry-After`;
 * - 413 splits the request in halves; a single span refused as too large is `too-large`;
 * - 400/422 (any other 4xx too) is `rejected-4xx`, not retried, with the body's reason in one
 *   rate-limited diagnostic; 401/403 likewise, with one diagnostic naming the base URL;
 * - `accepted` in the answer is compared with the spans sent; the shortfall is `partially-accepted`;
 * - an aborted `signal` (the processor's shutdown deadline) stops the call: the request in
 *   flight is destroyed and what was not delivered is `shutdown`.
 * Every call resolves with an outcome where exported + dropped = spans handed over.
 */
export class FoglampExporter implements ObservationExporter {
  readonly name = 'foglamp';
  private readonly config: FoglampConfig;
  /** The endpoint, headers and per-attempt timeout of every request; counts each attempt. */
  private readonly target: BodyTarget;
  private readonly counters = new ExportCounters();
  private isShutdown = false;
  /** True from a refused key until the next success, so the diagnostic says it once per episode. */
  private authReported = false;

  constructor(options: FoglampExporterOptions = {}) {
    this.config = resolveFoglampConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(this.config.headers, RESERVED_HEADERS),
      authorization: `Bearer ${this.config.apiKey}`,
      'content-type': 'application/json',
      'user-agent': `lamplight-foglamp/${VERSION}`,
      ...(this.config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    this.target = { url: this.config.endpoint, headers, timeoutMs: this.config.timeoutMillis, onAttempt: (bytes) => this.counters.countRequest(bytes) };
  }

  /** The resolved ingest URL, for startup lines and diagnostics (holds no secret). */
  get endpoint(): string {
    return this.config.endpoint.href;
  }

  /** Renders the observations into trace batches and sends them; never rejects. */
  async exportObservations(items: readonly ExportItem[], options: ExportOptions = {}): Promise<ExportOutcome> {
    if (this.isShutdown) return this.counters.tally({ exported: 0, dropped: { shutdown: items.length } });
    const outcome: ExportOutcome = { exported: 0, dropped: {} };
    const run: ExportRun = { deadlineAt: Date.now() + this.config.exportDeadlineMillis, authRefused: false, signal: options.signal };
    const onRenderError = (obs: ExportItem['observation'], error: unknown): void => {
      addDrop(outcome, 'render-error', 1);
      outcome.error = new Error(`could not render span "${obs.name}" for Foglamp: ${(error as Error)?.message ?? String(error)}`);
      log.error('render', `could not render span "${obs.name}" for Foglamp; dropped`, error);
    };
    const limits = { maxTraces: this.config.maxTracesPerRequest, maxBytes: this.config.maxRequestBytes };
    try {
      for (const chunk of packRequests(items.map((item) => item.observation), limits, onRenderError)) {
        if (run.signal?.aborted) break;
        mergeOutcome(outcome, await this.sendChunk(chunk, run));
        if (run.authRefused) break;
      }
    } catch (error) {
      // An exporter bug must not lose the count: whatever is unaccounted becomes export-failed below.
      outcome.error = error as Error;
      log.error('export', 'Foglamp export failed unexpectedly', error);
    }
    // Requests not sent after a refused key or an abort, or lost to a bug, still add up to the batch.
    addShortfall(outcome, items.length, run.authRefused ? 'rejected-4xx' : run.signal?.aborted ? 'shutdown' : 'export-failed');
    return this.counters.tally(outcome);
  }

  /** Counters since construction. */
  stats(): FoglampExporterStats {
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

  private async sendChunk(chunk: RequestChunk, run: ExportRun): Promise<ExportOutcome> {
    const spans = chunk.spanCount;
    if (run.signal?.aborted) return { exported: 0, dropped: { shutdown: spans } };
    const remaining = run.deadlineAt - Date.now();
    if (remaining <= 0) {
      const error = new Error(`export deadline of ${this.config.exportDeadlineMillis} ms passed before a request could be sent`);
      log.warn('deadline', `Foglamp: ${error.message}; ${spans} spans dropped`);
      return { exported: 0, dropped: { 'retries-exhausted': spans }, error };
    }
    let body: Uint8Array;
    try {
      const json = Buffer.from(chunkBody(chunk), 'utf8');
      body = this.config.compression === 'gzip' ? await gzipAsync(json, this.config.gzipLevel) : json;
    } catch (error) {
      log.error('encode', `could not encode ${spans} spans for Foglamp`, error);
      return { exported: 0, dropped: { 'render-error': spans }, error: error as Error };
    }
    const { result, exhausted, aborted } = await sendBodyWithRetry(this.target, body, { deadlineMs: remaining, signal: run.signal });
    if (aborted) return { exported: 0, dropped: { shutdown: spans } };
    if (result.status === 'success') return this.accepted(chunk, result.body);
    if (result.status === 'retryable') {
      const error = this.errorOf(result);
      log.warn(`retry:${result.statusCode ?? 'net'}`, `Foglamp export to ${this.config.baseUrl} gave up after retrying: ${error.message}`);
      return { exported: 0, dropped: { [exhausted ? 'retries-exhausted' : 'export-failed']: spans }, error };
    }
    return this.refused(chunk, result, run);
  }

  /** Compares `accepted` with the spans sent; the shortfall is `partially-accepted`. */
  private accepted(chunk: RequestChunk, body: string): ExportOutcome {
    this.authReported = false;
    const spans = chunk.spanCount;
    const accepted = acceptedCount(body);
    if (accepted === undefined) {
      // A 2xx without a count: Foglamp took the batch; we cannot say more, so trust it and say so.
      log.warn('no-accepted', `Foglamp answered 2xx without an integer "accepted"; counting all ${spans} spans as exported`);
      return { exported: spans, dropped: {} };
    }
    if (accepted >= spans) return { exported: spans, dropped: {} };
    const error = new Error(`Foglamp accepted ${accepted} of ${spans} spans`);
    log.warn('partial', `${error.message}; ${spans - accepted} counted as partially-accepted`);
    return { exported: accepted, dropped: { 'partially-accepted': spans - accepted }, error };
  }

  private async refused(chunk: RequestChunk, result: Extract<SendResult, { status: 'failure' }>, run: ExportRun): Promise<ExportOutcome> {
    const spans = chunk.spanCount;
    const status = result.statusCode;
    if (status === 413 && spans > 1) {
      const [first, second] = splitChunk(chunk);
      const outcome = await this.sendChunk(first, run);
      if (run.authRefused) return mergeOutcome(outcome, { exported: 0, dropped: { 'rejected-4xx': second.spanCount } });
      return mergeOutcome(outcome, await this.sendChunk(second, run));
    }
    if (status === 413) {
      log.warn('413', `Foglamp refused a single span as too large (${chunk.bytes} bytes of JSON)`);
      return { exported: 0, dropped: { 'too-large': 1 }, error: this.errorOf(result) };
    }
    if (status === 401 || status === 403) {
      run.authRefused = true;
      if (!this.authReported) {
        this.authReported = true;
        log.error(
          'auth',
          `Foglamp at ${this.config.baseUrl} refused the API key (HTTP ${status}); ${spans} spans dropped. ` +
            'Check FOGLAMP_API_KEY (or the "apiKey" option) and that FOGLAMP_BASE_URL is the Foglamp that issued it.',
        );
      }
      return { exported: 0, dropped: { 'rejected-4xx': spans }, error: new Error(`HTTP ${status} from ${this.config.baseUrl}: API key refused`) };
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const reason = reasonOf(result.body, this.config.apiKey);
      log.error(`4xx:${status}`, `Foglamp at ${this.config.baseUrl} rejected ${spans} spans (HTTP ${status}): ${reason}`);
      return { exported: 0, dropped: { 'rejected-4xx': spans }, error: new Error(`HTTP ${status} from ${this.config.baseUrl}: ${reason}`) };
    }
    const error = this.errorOf(result);
    log.warn(`fail:${status ?? 'none'}`, `Foglamp export to ${this.config.baseUrl} failed: ${error.message}`);
    return { exported: 0, dropped: { 'export-failed': spans }, error };
  }

  /** The result's error with the key blanked out (a server may echo headers into its body). */
  private errorOf(result: Exclude<SendResult, { status: 'success' }>): Error {
    return new Error(redact(result.error.message, this.config.apiKey));
  }
}
