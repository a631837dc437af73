import { type ExportItem, type ExportOptions, type ExportOutcome, type ObservationExporter, type ReadableSpanLike } from '@lamplight/core';
import { addShortfall, ExportCounters, mergeOutcome, RateLimitedLogger, TimeSlicer, toLangfuseSpan } from '@lamplight/core/internal';
import { gzipAsync, sendBodyWithRetry, userHeaders, type BodyTarget } from '@lamplight/transport';
import { resolveLangfuseConfig, type LangfuseConfig, type LangfuseExporterOptions } from './langfuse-config.js';
import { estimateSpanBytes } from './request-chunks.js';
import { serializeSliced } from './sliced-serializer.js';
import { VERSION } from './version.js';

const log = new RateLimitedLogger('@lamplight/langfuse');

/**
 * Headers the exporter owns; user `headers` with these names (any case) are ignored, so a
 * proxy header can be added but the credentials, the ingestion version or the body framing
 * cannot be replaced (a user `Content-Encoding: gzip` on an uncompressed body breaks it).
 */
const RESERVED_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-encoding',
  'content-length',
  'x-langfuse-ingestion-version',
  'x-langfuse-public-key',
]);

/** Counters of a `LangfuseExporter`. */
export interface LangfuseExporterStats {
  requests: number;
  /** Request body bytes as sent (after gzip). */
  bytesSent: number;
  exported: number;
  dropped: Record<string, number>;
  lastError?: string;
}

/** State shared by the requests of one export call. */
interface ExportRun {
  /** One deadline for every request, retry and wait of the call (and of each 413 half). */
  readonly deadlineAt: number;
  /** Set on 401/403: the other requests of the call would be refused too, so they are not sent. */
  authRefused: boolean;
  /** Aborted when the processor gives up on the call (shutdown): stop sending, destroy the request. */
  readonly signal: AbortSignal | undefined;
}

/**
 * Sends observations to Langfuse's OTLP endpoint as OTLP/protobuf, gzip-compressed off
 * the event loop, with `x-langfuse-ingestion-version: 4` (real-time ingestion) and Basic
 * auth. Requests are bounded in size; a 413 splits the batch; 429/5xx and network errors
 * are retried, and all requests of one call share one deadline (`exportDeadlineMillis`):
 * a request that would start after it is not sent (`retries-exhausted`). A 401/403 stops
 * the call (the rest is `rejected-4xx`); an aborted `signal` stops it too (`shutdown`).
 * Every span is accounted for in the returned outcome.
 */
export class LangfuseExporter implements ObservationExporter {
  readonly name = 'langfuse';
  private readonly config: LangfuseConfig;
  /** The endpoint, headers and per-attempt timeout of every request; counts each attempt. */
  private readonly target: BodyTarget;
  private readonly counters = new ExportCounters();
  private isShutdown = false;

  constructor(options: LangfuseExporterOptions = {}) {
    this.config = resolveLangfuseConfig(options);
    const headers: Record<string, string> = {
      ...userHeaders(this.config.headers, RESERVED_HEADERS),
      authorization: `Basic ${Buffer.from(`${this.config.publicKey}:${this.config.secretKey}`).toString('base64')}`,
      'content-type': 'application/x-protobuf',
      'x-langfuse-ingestion-version': '4',
      'x-langfuse-sdk-name': 'lamplight',
      'x-langfuse-sdk-version': VERSION,
      'x-langfuse-public-key': this.config.publicKey,
      ...(this.config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    this.target = { url: this.config.endpoint, headers, timeoutMs: this.config.timeoutMillis, onAttempt: (bytes) => this.counters.countRequest(bytes) };
  }

  /** The resolved endpoint, for startup lines and diagnostics. */
  get endpoint(): string {
    return this.config.endpoint.href;
  }

  /** Renders each observation onto its span's Langfuse view and sends them; never rejects. */
  async exportObservations(items: readonly ExportItem[], options: ExportOptions = {}): Promise<ExportOutcome> {
    if (this.isShutdown) return this.counters.tally({ exported: 0, dropped: { shutdown: items.length } });
    const outcome: ExportOutcome = { exported: 0, dropped: {} };
    const run: ExportRun = { deadlineAt: Date.now() + this.config.exportDeadlineMillis, authRefused: false, signal: options.signal };
    const stopped = (): boolean => run.authRefused || run.signal?.aborted === true;
    // Render span by span and send a request whenever the byte budget fills, yielding to
    // the event loop between slices: a batch of large prompts never blocks the app.
    const slicer = new TimeSlicer();
    let chunk: ReadableSpanLike[] = [];
    let chunkBytes = 0;
    try {
      for (const item of items) {
        const pause = slicer.maybeYield();
        if (pause) await pause;
        if (stopped()) break;
        let view: ReadableSpanLike;
        try {
          view = toLangfuseSpan(item.span, item.observation);
        } catch (error) {
          log.error('render', 'could not render a span for Langfuse; dropped', error);
          mergeOutcome(outcome, { exported: 0, dropped: { 'render-error': 1 }, error: error as Error });
          continue;
        }
        const bytes = estimateSpanBytes(view);
        if (chunk.length > 0 && chunkBytes + bytes > this.config.maxRequestBytes) {
          mergeOutcome(outcome, await this.sendChunk(chunk, run));
          chunk = [];
          chunkBytes = 0;
          if (stopped()) break;
        }
        chunk.push(view);
        chunkBytes += bytes;
      }
      if (chunk.length > 0 && !stopped()) mergeOutcome(outcome, await this.sendChunk(chunk, run));
    } catch (error) {
      // An exporter bug must not lose the count: whatever is unaccounted is counted below.
      outcome.error = error as Error;
      log.error('export', 'Langfuse export failed unexpectedly', error);
    }
    // Spans not sent after a refused key or an abort, or lost to a bug, still add up to the batch.
    addShortfall(outcome, items.length, run.authRefused ? 'rejected-4xx' : run.signal?.aborted ? 'shutdown' : 'export-failed');
    return this.counters.tally(outcome);
  }

  /** Counters since construction. */
  stats(): LangfuseExporterStats {
    return this.counters.snapshot();
  }

  async forceFlush(): Promise<void> {
    // Nothing is buffered here: the processor owns the queue.
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
  }

  private async sendChunk(spans: ReadableSpanLike[], run: ExportRun): Promise<ExportOutcome> {
    if (run.signal?.aborted) return { exported: 0, dropped: { shutdown: spans.length } };
    let body: Uint8Array;
    try {
      const serialized = await serializeSliced(spans);
      body = this.config.compression === 'gzip' ? await gzipAsync(serialized, this.config.gzipLevel) : serialized;
    } catch (error) {
      log.error('encode', `could not encode ${spans.length} spans for Langfuse`, error);
      return { exported: 0, dropped: { 'render-error': spans.length }, error: error as Error };
    }
    // Checked after encoding, which takes time too: a request never starts past the call's deadline.
    const remaining = run.deadlineAt - Date.now();
    if (remaining <= 0) {
      const error = new Error(`export deadline of ${this.config.exportDeadlineMillis} ms passed before a request could be sent`);
      log.warn('deadline', `Langfuse: ${error.message}; ${spans.length} spans dropped`);
      return { exported: 0, dropped: { 'retries-exhausted': spans.length }, error };
    }
    const { result, exhausted, aborted } = await sendBodyWithRetry(this.target, body, { deadlineMs: remaining, signal: run.signal });
    if (aborted) return { exported: 0, dropped: { shutdown: spans.length } };
    if (result.status === 'success') return { exported: spans.length, dropped: {} };
    if (result.status === 'retryable') {
      const reason = exhausted ? 'retries-exhausted' : 'export-failed';
      log.warn(`retry:${result.statusCode ?? 'net'}`, `Langfuse export to ${this.config.baseUrl} gave up: ${result.error.message}`);
      return { exported: 0, dropped: { [reason]: spans.length }, error: result.error };
    }
    const status = result.statusCode;
    if (status === 413 && spans.length > 1) {
      const half = Math.ceil(spans.length / 2);
      const outcome = await this.sendChunk(spans.slice(0, half), run);
      const rest = spans.slice(half);
      if (run.authRefused) return mergeOutcome(outcome, { exported: 0, dropped: { 'rejected-4xx': rest.length } });
      return mergeOutcome(outcome, await this.sendChunk(rest, run));
    }
    if (status === 413) {
      log.warn('413', `Langfuse rejected a single span as too large (${body.byteLength} bytes)`);
      return { exported: 0, dropped: { 'too-large': 1 }, error: result.error };
    }
    if (status === 401 || status === 403) {
      run.authRefused = true;
      log.error(
        'auth',
        `Langfuse at ${this.config.baseUrl} refused the credentials (HTTP ${status}) for public key ${this.config.publicKey}. ` +
          'Check LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY and that LANGFUSE_BASE_URL is the host of that project.',
      );
      return { exported: 0, dropped: { 'rejected-4xx': spans.length }, error: new Error(`HTTP ${status} from ${this.config.baseUrl}: credentials refused`) };
    }
    if (status !== undefined && status >= 400 && status < 500) {
      log.error(`4xx:${status}`, `Langfuse rejected ${spans.length} spans (HTTP ${status}): ${result.body?.slice(0, 300) ?? ''}`);
      return { exported: 0, dropped: { 'rejected-4xx': spans.length }, error: result.error };
    }
    log.warn(`fail:${status ?? 'none'}`, `Langfuse export failed: ${result.error.message}`);
    return { exported: 0, dropped: { 'export-failed': spans.length }, error: result.error };
  }
}

