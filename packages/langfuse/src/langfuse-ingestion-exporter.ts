import { type ExportItem, type ExportOptions, type ExportOutcome, type ObservationExporter } from '@lamplight/core';
import { addDrop, addShortfall, ExportCounters, LANGFUSE_INGESTION_MAX_BATCH_BYTES, mergeOutcome, RateLimitedLogger, type ExportCounterStats } from '@lamplight/core/internal';
import { sendBodyWithRetry, userHeaders, type BodyTarget, type SendResult } from '@lamplight/transport';
import { ingestionBody, packIngestionChunks, splitIngestionChunk, type IngestionChunk } from './ingestion-batches.js';
import { describeEventError, ingestionErrors, redact, requestReason } from './ingestion-response.js';
import { resolveLangfuseIngestionConfig, type LangfuseIngestionConfig, type LangfuseIngestionExporterOptions } from './langfuse-ingestion-config.js';
import { VERSION } from './version.js';

const log = new RateLimitedLogger('@lamplight/langfuse');

/** Headers the exporter owns; user `headers` with these names are ignored. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-encoding', 'content-length']);
/** Per-event reasons quoted in one diagnostic; the rest are counted. */
const MAX_QUOTED_REJECTIONS = 5;

/**
 * Counters of a `LangfuseIngestionExporter`: `exported` is the spans whose event Langfuse
 * took, `lastError` never holds the secret key.
 */
export interface LangfuseIngestionExporterStats extends ExportCounterStats {}

/** State shared by the requests of one export call. */
interface ExportRun {
  readonly items: readonly ExportItem[];
  /** One deadline for every request, retry and wait of the call. */
  readonly deadlineAt: number;
  /** Set on 401/403: the other requests of the call would be refused too, so they are not sent. */
  authRefused: boolean;
  /** Aborted when the processor gives up on the call (shutdown): stop sending, destroy the request. */
  readonly signal: AbortSignal | undefined;
  /** Per-event errors of this call, reported in one diagnostic at its end. */
  rejections: string[];
  rejectedEvents: number;
}

/**
 * Sends observations to Langfuse's legacy batch ingestion API, `POST {baseUrl}/api/public/ingestion`,
 * for self-hosted Langfuse versions without the OTLP endpoint: JSON `{ batch: [...] }` of
 * `trace-create` + `span-create` / `generation-create` / `event-create` events (rendering is
 * core's), Basic auth. Transport and accounting:
 * - batches below `maxRequestBytes` (exact JSON bytes, at most 3.5 MB), each with a `trace-create`
 *   for every trace it holds; an event that alone breaks the 3.5 MB limit is `too-large`, unsent;
 * - HTTP 207 per-event errors: exactly those events' spans are `rejected-4xx` (`export-failed`
 *   for a per-event 5xx), the others exported; the batch is never resent as a whole; the
 *   reasons go into one rate-limited diagnostic per export call and `stats().lastError`;
 * - 429/5xx/network errors retried inside one deadline honouring `Retry-After`;
 * - 413 splits the batch in halves; 401/403 stop the call with one diagnostic naming the
 *   host and public key, never the secret; other 4xx are `rejected-4xx` with the reason;
 * - an aborted `signal` (the processor's shutdown deadline) stops the call: the request in
 *   flight is destroyed and what was not delivered is `shutdown`.
 * Every call resolves with an outcome where exported + dropped = items handed over.
 */
export class LangfuseIngestionExporter implements ObservationExporter {
  readonly name = 'langfuse-ingestion';
  private readonly config: LangfuseIngestionConfig;
  /** The endpoint, headers and per-attempt timeout of every request; counts each attempt. */
  private readonly target: BodyTarget;
  private readonly counters = new ExportCounters();
  private isShutdown = false;
  /** True from a refused key until the next success, so the diagnostic says it once per episode. */
  private authReported = false;

  constructor(options: LangfuseIngestionExporterOptions = {}) {
    this.config = resolveLangfuseIngestionConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(this.config.headers, RESERVED_HEADERS),
      authorization: `Basic ${Buffer.from(`${this.config.publicKey}:${this.config.secretKey}`).toString('base64')}`,
      'content-type': 'application/json',
      'x-langfuse-sdk-name': 'lamplight',
      'x-langfuse-sdk-version': VERSION,
      'x-langfuse-public-key': this.config.publicKey,
    };
    this.target = { url: this.config.endpoint, headers, timeoutMs: this.config.timeoutMillis, onAttempt: (bytes) => this.counters.countRequest(bytes) };
  }

  /** The resolved ingestion URL, for startup lines and diagnostics (holds no secret). */
  get endpoint(): string {
    return this.config.endpoint.href;
  }

  /** Renders the observations into event batches and sends them; never rejects. */
  async exportObservations(items: readonly ExportItem[], options: ExportOptions = {}): Promise<ExportOutcome> {
    if (this.isShutdown) return this.counters.tally({ exported: 0, dropped: { shutdown: items.length } });
    const outcome: ExportOutcome = { exported: 0, dropped: {} };
    const deadlineAt = Date.now() + this.config.exportDeadlineMillis;
    const run: ExportRun = { items, deadlineAt, authRefused: false, signal: options.signal, rejections: [], rejectedEvents: 0 };
    const onRenderError = (index: number, error: unknown): void => {
      const name = items[index]?.observation.name ?? '?';
      addDrop(outcome, 'render-error', 1);
      outcome.error = new Error(`could not render span "${name}" for Langfuse ingestion: ${(error as Error)?.message ?? String(error)}`);
      log.error('render', `could not render span "${name}" for Langfuse ingestion; dropped`, error);
    };
    try {
      const observations = items.map((item) => item.observation);
      for (const chunk of packIngestionChunks(observations, this.config.maxRequestBytes, { typeMode: this.config.typeMode }, onRenderError)) {
        if (run.signal?.aborted) break;
        mergeOutcome(outcome, await this.sendChunk(chunk, run));
        if (run.authRefused) break;
      }
    } catch (error) {
      // An exporter bug must not lose the count: whatever is unaccounted becomes export-failed below.
      outcome.error = error as Error;
      log.error('export', 'Langfuse ingestion export failed unexpectedly', error);
    }
    addShortfall(outcome, items.length, run.authRefused ? 'rejected-4xx' : run.signal?.aborted ? 'shutdown' : 'export-failed');
    if (run.rejections.length > 0) this.reportRejections(run, outcome);
    return this.counters.tally(outcome);
  }

  /** Counters since construction. */
  stats(): LangfuseIngestionExporterStats {
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

  private async sendChunk(chunk: IngestionChunk, run: ExportRun): Promise<ExportOutcome> {
    const spans = chunk.eventCount;
    if (chunk.bytes > LANGFUSE_INGESTION_MAX_BATCH_BYTES) {
      // Only a lone event gets here (fuller chunks stay under the budget): Langfuse would refuse it.
      const error = new Error(`a single span's events are ${chunk.bytes} bytes, above Langfuse's ${LANGFUSE_INGESTION_MAX_BATCH_BYTES}-byte batch limit`);
      log.warn('too-large', `Langfuse ingestion: ${error.message}; dropped`);
      return { exported: 0, dropped: { 'too-large': spans }, error };
    }
    if (run.signal?.aborted) return { exported: 0, dropped: { shutdown: spans } };
    const remaining = run.deadlineAt - Date.now();
    if (remaining <= 0) {
      const error = new Error(`export deadline of ${this.config.exportDeadlineMillis} ms passed before a request could be sent`);
      log.warn('deadline', `Langfuse ingestion: ${error.message}; ${spans} spans dropped`);
      return { exported: 0, dropped: { 'retries-exhausted': spans }, error };
    }
    const { json, traceEvents } = ingestionBody(chunk);
    const body = Buffer.from(json, 'utf8');
    const { result, exhausted, aborted } = await sendBodyWithRetry(this.target, body, { deadlineMs: remaining, signal: run.signal });
    if (aborted) return { exported: 0, dropped: { shutdown: spans } };
    if (result.status === 'success') return this.accepted(chunk, traceEvents, result.body, run);
    if (result.status === 'retryable') {
      const error = this.errorOf(result);
      log.warn(`retry:${result.statusCode ?? 'net'}`, `Langfuse ingestion to ${this.config.baseUrl} gave up after retrying: ${error.message}`);
      return { exported: 0, dropped: { [exhausted ? 'retries-exhausted' : 'export-failed']: spans }, error };
    }
    return this.refused(chunk, result, run);
  }

  /** A 2xx (Langfuse answers 207): the events named in `errors` failed, the others were taken. */
  private accepted(chunk: IngestionChunk, traceEvents: Map<string, string>, responseBody: string, run: ExportRun): ExportOutcome {
    this.authReported = false;
    const errors = ingestionErrors(responseBody);
    if (errors === undefined) {
      log.warn('no-errors-list', `Langfuse ingestion answered 2xx without an "errors" list; counting all ${chunk.eventCount} spans as exported`);
      return { exported: chunk.eventCount, dropped: {} };
    }
    const events = new Map(chunk.entries.flatMap((entry) => entry.events.map((event) => [event.eventId, event] as const)));
    const outcome: ExportOutcome = { exported: 0, dropped: {} };
    const failed = new Set<string>();
    for (const error of errors) {
      const reason = describeEventError(error, this.config.secretKey);
      const event = events.get(error.id);
      const traceId = traceEvents.get(error.id);
      if (event && !failed.has(error.id)) {
        failed.add(error.id);
        addDrop(outcome, error.status >= 500 ? 'export-failed' : 'rejected-4xx', 1);
        const obs = run.items[event.itemIndex]?.observation;
        run.rejections.push(`${event.type} "${obs?.name ?? '?'}" (span ${obs?.spanId ?? '?'}): ${reason}`);
        run.rejectedEvents++;
      } else if (traceId !== undefined) {
        // The spans themselves were taken; only the trace's attributes (name, user, …) are lost. Said, not counted.
        run.rejections.push(`trace-create (trace ${traceId}): ${reason}`);
      }
    }
    outcome.exported = chunk.eventCount - failed.size;
    return outcome;
  }

  private async refused(chunk: IngestionChunk, result: Extract<SendResult, { status: 'failure' }>, run: ExportRun): Promise<ExportOutcome> {
    const spans = chunk.eventCount;
    const status = result.statusCode;
    if (status === 413 && spans > 1) {
      const [first, second] = splitIngestionChunk(chunk);
      const outcome = await this.sendChunk(first, run);
      if (run.authRefused) return mergeOutcome(outcome, { exported: 0, dropped: { 'rejected-4xx': second.eventCount } });
      return mergeOutcome(outcome, await this.sendChunk(second, run));
    }
    if (status === 413) {
      log.warn('413', `Langfuse refused a single span's events as too large (${chunk.bytes} bytes of JSON)`);
      return { exported: 0, dropped: { 'too-large': 1 }, error: this.errorOf(result) };
    }
    if (status === 401 || status === 403) {
      run.authRefused = true;
      if (!this.authReported) {
        this.authReported = true;
        log.error(
          'auth',
          `Langfuse at ${this.config.baseUrl} refused the credentials (HTTP ${status}) for public key ${this.config.publicKey}; ${spans} spans dropped. ` +
            'Check LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY and that LANGFUSE_BASE_URL is the host of that project.',
        );
      }
      return { exported: 0, dropped: { 'rejected-4xx': spans }, error: new Error(`HTTP ${status} from ${this.config.baseUrl}: credentials refused`) };
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const reason = requestReason(result.body, this.config.secretKey);
      log.error(`4xx:${status}`, `Langfuse ingestion at ${this.config.baseUrl} rejected a batch of ${spans} spans (HTTP ${status}): ${reason}`);
      return { exported: 0, dropped: { 'rejected-4xx': spans }, error: new Error(`HTTP ${status} from ${this.config.baseUrl}: ${reason}`) };
    }
    const error = this.errorOf(result);
    log.warn(`fail:${status ?? 'none'}`, `Langfuse ingestion to ${this.config.baseUrl} failed: ${error.message}`);
    return { exported: 0, dropped: { 'export-failed': spans }, error };
  }

  /** One diagnostic per export call for every per-event error it met. */
  private reportRejections(run: ExportRun, outcome: ExportOutcome): void {
    const quoted = run.rejections.slice(0, MAX_QUOTED_REJECTIONS);
    const more = run.rejections.length - quoted.length;
    const message =
      `Langfuse at ${this.config.baseUrl} rejected ${run.rejectedEvents} of ${run.items.length} spans' events (HTTP 207; not resent): ` +
      quoted.join('; ') +
      (more > 0 ? `; and ${more} more` : '');
    log.error('rejected-events', message);
    outcome.error = new Error(message);
  }

  /** The result's error with the secret blanked out (a server may echo credentials into its body). */
  private errorOf(result: Exclude<SendResult, { status: 'success' }>): Error {
    return new Error(redact(result.error.message, this.config.secretKey));
  }
}
