import { context, type Context } from '@opentelemetry/api';
import { suppressTracing } from '../suppress-tracing.js';
import { LAMPLIGHT_KEYS } from '../attribute-keys.js';
import { applyTraceAttributes, getTraceAttributes } from '../context/trace-attributes.js';
import { RateLimitedLogger } from '../diag-logger.js';
import { AncestorTracker } from '../filter/ancestor-tracker.js';
import { isLlmSpan } from '../filter/llm-span-filter.js';
import { normalize } from '../normalize.js';
import { parentSpanIdOf, type ReadableSpanLike, type WritableSpanLike } from '../span-like.js';
import { DestinationLedger } from './destination-ledger.js';
import { emptyDrops, type DropReason, type ExportItem, type ObservationExporter, type ProcessorStats } from './export-types.js';
import { prepareObservation } from './prepare-observation.js';
import { resolveProcessorOptions, type LamplightSpanProcessorOptions, type ResolvedProcessorOptions } from './processor-options.js';
import { isSpanExporter, SpanExporterAdapter } from './span-exporter-adapter.js';
import { SpanQueue } from './span-queue.js';
import { TimeSlicer } from './time-slicer.js';

const log = new RateLimitedLogger('@lamplight/core');

/** Part of the shutdown deadline kept for the work after the flush, in ms. */
const SHUTDOWN_MARGIN_MS = 10;

/** The batch being exported now. */
interface BatchRun {
  readonly size: number;
  /** Aborted at the shutdown deadline: exporters stop retrying and destroy their requests. */
  readonly controller: AbortController;
  /** True once the items are with the destinations (each ledger then holds a token for them). */
  handedOver: boolean;
  /** Set at the shutdown deadline, when the batch is counted as `shutdown`: nothing more of it is counted. */
  abandoned: boolean;
}

/**
 * The span processor at the centre of Lamplight (DESIGN §1). `onStart` copies propagated
 * trace attributes onto the span; `onEnd` only filters and enqueues (O(1), no
 * serialisation); exports run later, off the span's call stack, one at a time:
 * normalize → prepare (content switch, mask, budget) → each destination renders and sends.
 * Every span that ends is accounted for in `stats()`: exported or dropped with a reason.
 */
export class LamplightSpanProcessor {
  private readonly options: ResolvedProcessorOptions;
  private readonly destinations: Array<{ exporter: ObservationExporter; ledger: DestinationLedger }>;
  private readonly queue: SpanQueue;
  private readonly tracker = new AncestorTracker();
  private readonly drops = emptyDrops();
  private ended = 0;
  private inFlight = 0;
  private current: BatchRun | undefined;
  private lastError: string | undefined;
  private running: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soonScheduled = false;
  private isShutdown = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: LamplightSpanProcessorOptions = {}) {
    this.options = resolveProcessorOptions(options);
    const exporters = [...(options.exporter ? [options.exporter] : []), ...(options.exporters ?? [])];
    const names = new Set<string>();
    this.destinations = exporters.map((x, i) => {
      const exporter = isSpanExporter(x) ? new SpanExporterAdapter(x) : x;
      if (typeof exporter?.exportObservations !== 'function') {
        throw new TypeError(`LamplightSpanProcessor: option "exporters[${i}]" is neither a Lamplight exporter nor an OTel SpanExporter`);
      }
      let name = exporter.name || `exporter-${i}`;
      while (names.has(name)) name = `${name}-${i}`;
      names.add(name);
      return { exporter, ledger: new DestinationLedger(name) };
    });
    this.queue = new SpanQueue(this.options.maxQueueSize, this.options.maxQueueBytes);
  }

  /** Copies trace attributes propagated by `withTraceAttributes` onto the starting span. */
  onStart(span: WritableSpanLike, parentContext: Context): void {
    try {
      const attrs = getTraceAttributes(parentContext);
      if (attrs) applyTraceAttributes(span, attrs);
    } catch (error) {
      log.warn('onStart', 'could not apply trace attributes', error);
    }
  }

  /** Filters and enqueues. Never throws, never serialises. */
  onEnd(span: ReadableSpanLike): void {
    try {
      this.ended++;
      if (this.isShutdown) return this.drop('shutdown', 'span ended after shutdown; not exported');
      if (!this.keep(span)) {
        this.drops.filtered++;
        return;
      }
      if (!this.queue.push(span)) return this.drop('queue-full', `queue full (${this.queue.length} spans); span dropped`);
      if (this.options.exportMode === 'immediate' || this.queue.length >= this.options.maxExportBatchSize) this.exportSoon();
      else this.exportLater();
    } catch (error) {
      this.drop('render-error', 'internal error in onEnd; span dropped', error);
    }
  }

  /** Delivers everything queued now, within the export deadline. */
  async forceFlush(): Promise<void> {
    await this.flushWithin(this.options.exportTimeoutMillis);
    await Promise.all(this.destinations.map((d) => d.exporter.forceFlush?.().catch(() => undefined) ?? Promise.resolve()));
  }

  /**
   * Flushes within the deadline, then counts what is left — queued, and the batch still
   * being exported, whose export is aborted — as `shutdown`, and shuts the exporters down.
   * When it resolves every span that ended is exported or dropped with a reason (nothing is
   * in flight); a late result of the aborted export is ignored. Idempotent.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.isShutdown = true;
      // The steps after the flush (abort, count, shut the exporters down) and a timer that
      // fires a little late on a busy loop must still fit the deadline: flush until shortly before.
      const deadline = this.options.exportTimeoutMillis;
      await this.flushWithin(Math.max(0, deadline - Math.min(SHUTDOWN_MARGIN_MS, deadline / 10)));
      this.abandonInFlight();
      const left = this.queue.clear();
      if (left > 0) this.drop('shutdown', `${left} spans still queued at the shutdown deadline`, undefined, left);
      await Promise.all(this.destinations.map((d) => d.exporter.shutdown().catch(() => undefined)));
    })();
    return this.shutdownPromise;
  }

  /** Counters: spans ended, queued, exported, dropped by reason, per destination. */
  stats(): ProcessorStats {
    const dropped = { ...this.drops };
    const destinations: ProcessorStats['destinations'] = {};
    let exported = 0;
    for (const { ledger } of this.destinations) {
      const s = ledger.snapshot();
      destinations[ledger.name] = s;
      exported += s.exported;
      for (const [reason, n] of Object.entries(s.dropped)) dropped[reason as DropReason] += n;
    }
    const lastError = this.lastError ?? this.destinations.map((d) => d.ledger.lastError).find((e) => e !== undefined);
    return { ended: this.ended, queued: this.queue.length, inFlight: this.inFlight, exported, dropped, destinations, lastError };
  }

  private keep(span: ReadableSpanLike): boolean {
    if (this.options.exportAllSpans && !this.options.shouldExportSpan) return true;
    const { traceId, spanId } = span.spanContext();
    const parent = parentSpanIdOf(span);
    let keep = this.options.exportAllSpans || isLlmSpan(span) || this.tracker.hasExportedDescendant(traceId, spanId);
    if (this.options.shouldExportSpan) {
      try {
        keep = this.options.shouldExportSpan(span, keep) === true;
      } catch (error) {
        log.warn('predicate', 'shouldExportSpan threw; the default decision was kept', error);
      }
    }
    if (parent === undefined) this.tracker.forget(traceId);
    else if (keep) this.tracker.markParent(traceId, parent);
    return keep;
  }

  private drop(reason: DropReason, message: string, error?: unknown, count = 1): void {
    this.drops[reason] += count;
    this.noteDrop(reason, message, error);
  }

  /** The diagnostic and `lastError` of a drop (counted elsewhere or by `drop`). */
  private noteDrop(reason: DropReason, message: string, error?: unknown): void {
    this.lastError = `${reason}: ${message}`;
    log.warn(`drop:${reason}`, `${message} (reason: ${reason})`, ...(error === undefined ? [] : [error]));
  }

  /**
   * At the shutdown deadline: counts the batch in flight as `shutdown` — in each ledger
   * still awaiting it once handed over, else here — and aborts its export. The batch's
   * token is void from now on, so its late outcome cannot count it a second time.
   */
  private abandonInFlight(): void {
    const run = this.current;
    if (run === undefined) return;
    this.current = undefined;
    this.inFlight = 0;
    run.abandoned = true;
    if (!run.handedOver) {
      this.drop('shutdown', `${run.size} spans still being prepared at the shutdown deadline`, undefined, run.size);
    } else {
      let settled = 0;
      for (const { ledger } of this.destinations) settled = Math.max(settled, ledger.settlePending('shutdown'));
      if (settled > 0) this.noteDrop('shutdown', `${settled} spans still being exported at the shutdown deadline; the export was aborted`);
    }
    run.controller.abort();
  }

  private exportSoon(): void {
    if (this.soonScheduled) return;
    this.soonScheduled = true;
    setImmediate(() => {
      this.soonScheduled = false;
      void this.drain(false);
    });
  }

  private exportLater(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain(false);
    }, this.options.scheduledDelayMillis);
    this.timer.unref?.();
  }

  private async flushWithin(deadlineMs: number): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    // Not unref'd: a caller awaiting forceFlush/shutdown expects an answer, so the
    // deadline keeps the process alive until then (and never longer).
    const expired = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([this.drain(true), expired]);
    clearTimeout(timeout);
  }

  /** Runs export batches one at a time; with `all`, until the queue is empty. */
  private drain(all: boolean): Promise<void> {
    if (this.running) return all ? this.running.then(() => this.drain(true)) : this.running;
    if (this.queue.length === 0) return Promise.resolve();
    this.running = (async () => {
      do {
        const batch = this.queue.take(this.options.maxExportBatchSize);
        const run: BatchRun = { size: batch.length, controller: new AbortController(), handedOver: false, abandoned: false };
        this.current = run;
        this.inFlight = batch.length;
        try {
          await this.exportBatch(batch, run);
        } finally {
          // Unless shutdown already settled it (and may have moved on).
          if (this.current === run) {
            this.current = undefined;
            this.inFlight = 0;
          }
        }
      } while (this.queue.length > 0 && (all || this.queue.length >= this.options.maxExportBatchSize));
    })()
      .catch((error: unknown) => log.error('drain', 'export loop failed', error))
      .finally(() => {
        this.running = undefined;
        if (this.queue.length > 0 && !this.isShutdown) this.exportLater();
      });
    return this.running;
  }

  private async exportBatch(spans: ReadableSpanLike[], run: BatchRun): Promise<void> {
    const items: ExportItem[] = [];
    const failed: Array<{ name: string; error: unknown }> = [];
    const slicer = new TimeSlicer();
    for (let i = 0; i < spans.length; i++) {
      const pause = slicer.maybeYield();
      if (pause) await pause;
      // Counted whole as `shutdown` by `abandonInFlight`, render errors included.
      if (run.abandoned) return;
      const span = spans[i] as ReadableSpanLike;
      try {
        const obs = normalize(span);
        obs.environment ??= this.options.environment;
        obs.release ??= this.options.release;
        obs.version ??= this.options.version;
        const captureForSpan = span.attributes[LAMPLIGHT_KEYS.captureContent] !== false;
        items.push({ span, observation: prepareObservation(obs, this.options, captureForSpan) });
      } catch (error) {
        failed.push({ name: span.name, error });
      }
    }
    if (run.abandoned) return;
    for (const { name, error } of failed) this.drop('render-error', `could not normalise span "${name}"; dropped`, error);
    if (items.length === 0) return;
    run.handedOver = true;
    const options = { signal: run.controller.signal };
    // Our own HTTP traffic must never become spans in the app's traces.
    await context.with(suppressTracing(context.active()), () =>
      Promise.all(this.destinations.map(({ exporter, ledger }) => ledger.record(items.length, () => exporter.exportObservations(items, options)))),
    );
  }
}

