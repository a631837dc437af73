import { TraceFlags, type Context } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS } from '../attribute-keys.js';
import { applyTraceAttributes, getTraceAttributes } from '../context/trace-attributes.js';
import { RateLimitedLogger } from '../diag-logger.js';
import { AncestorTracker } from '../filter/ancestor-tracker.js';
import { isLlmSpan } from '../filter/llm-span-filter.js';
import { normalize } from '../normalize.js';
import { parentSpanIdOf, type ReadableSpanLike, type WritableSpanLike } from '../span-like.js';
import { BoundedQueue, type QueueEntry } from './bounded-queue.js';
import { DestinationLane, preparedBytes } from './destination-lane.js';
import { ExportScheduler } from './export-scheduler.js';
import { emptyDrops, type DropReason, type ExportItem, type ProcessorStats } from './export-types.js';
import { addDrops } from './outcome-arithmetic.js';
import { privacyStatsFor } from '../content/privacy-gate.js';
import { prepareObservationSliced } from './prepare-observation.js';
import { resolveProcessorOptions, type LamplightSpanProcessorOptions, type ResolvedProcessorOptions } from './processor-options.js';
import { isSpanExporter, SpanExporterAdapter } from './span-exporter-adapter.js';
import { estimateSpanBytes } from './span-bytes.js';
import { TimeSlicer } from './time-slicer.js';

const log = new RateLimitedLogger('@lamplight/core');

/** The intake's share of `maxQueueBytes`: a quarter (spans wait there only until the next batch is prepared). */
function intakeBytes(maxQueueBytes: number): number {
  return Math.max(1, Math.floor(maxQueueBytes / 4));
}

/** Each lane's share of `maxQueueBytes`: the rest, split evenly, so a destination that is down fills only its own. */
function laneBytes(maxQueueBytes: number, lanes: number): number {
  return Math.max(1, Math.floor((maxQueueBytes - intakeBytes(maxQueueBytes)) / Math.max(1, lanes)));
}

/** Part of the shutdown deadline kept for the work after the flush, in ms. */
const SHUTDOWN_MARGIN_MS = 10;

/**
 * The span processor at the centre of Lamplight (DESIGN §1). `onStart` copies propagated
 * trace attributes onto the span; `onEnd` only filters and enqueues (no serialisation).
 * Later, off the span's call stack, each span is normalised and prepared (content switch,
 * mask, budgets) once, and the prepared observation is handed to every destination's own
 * lane — its own bounded queue, export loop and ledger — so a slow or failing destination
 * never delays or costs another. Every span that ends is accounted for in `stats()`, per
 * destination: exported, or dropped with a reason.
 */
export class LamplightSpanProcessor {
  private readonly options: ResolvedProcessorOptions;
  private readonly lanes: DestinationLane[];
  /** Ended spans not yet prepared. */
  private readonly intake: BoundedQueue<ReadableSpanLike>;
  /** The intake's share of `maxQueueBytes`. */
  private readonly intakeBytes: number;
  private readonly tracker = new AncestorTracker();
  /** Drops before the lanes: they count against every destination. */
  private readonly drops = emptyDrops();
  private ended = 0;
  private preparing = 0;
  private preparingBytes = 0;
  /** Set at the shutdown deadline: the batch being prepared is then counted whole as `shutdown`. */
  private abandoned = false;
  private lastError: string | undefined;
  private running: Promise<void> | undefined;
  private readonly scheduler: ExportScheduler;
  /** While a flush runs, lanes export what they get at once instead of after the delay. */
  private flushing = 0;
  private isShutdown = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: LamplightSpanProcessorOptions = {}) {
    this.options = resolveProcessorOptions(options);
    const exporters = [...(options.exporter ? [options.exporter] : []), ...(options.exporters ?? [])];
    const names = new Set<string>();
    this.lanes = exporters.map((x, i) => {
      const exporter = isSpanExporter(x) ? new SpanExporterAdapter(x) : x;
      if (typeof exporter?.exportObservations !== 'function') {
        throw new TypeError(`LamplightSpanProcessor: option "exporters[${i}]" is neither a Lamplight exporter nor an OTel SpanExporter`);
      }
      let name = exporter.name || `exporter-${i}`;
      while (names.has(name)) name = `${name}-${i}`;
      names.add(name);
      return new DestinationLane(exporter, name, { ...this.options, maxQueueBytes: laneBytes(this.options.maxQueueBytes, exporters.length) });
    });
    this.intakeBytes = intakeBytes(this.options.maxQueueBytes);
    this.intake = new BoundedQueue(this.options.maxQueueSize, this.intakeBytes);
    this.scheduler = new ExportScheduler(() => void this.drain(false), this.options.scheduledDelayMillis);
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
      const decision = this.keep(span);
      if (decision !== 'keep') {
        this.drops[decision]++;
        return;
      }
      const bytes = estimateSpanBytes(span);
      // The batch being prepared still holds its spans: it counts against the intake's bytes
      // (soft by one span, as the queue's own limit).
      const full = this.preparingBytes > 0 && this.preparingBytes + this.intake.byteSize >= this.intakeBytes;
      if (full || !this.intake.push(span, bytes)) return this.drop('queue-full', `queue full (${this.intake.length + this.preparing} spans); span dropped`);
      if (this.options.exportMode === 'immediate' || this.intake.length >= this.options.maxExportBatchSize || this.intake.byteSize * 2 >= this.intakeBytes) this.scheduler.soon();
      else this.scheduler.later();
    } catch (error) {
      this.drop('render-error', 'internal error in onEnd; span dropped', error);
    }
  }

  /** Delivers everything queued now, within the export deadline. */
  async forceFlush(): Promise<void> {
    await this.flushWithin(this.options.exportTimeoutMillis);
    await Promise.all(this.lanes.map((lane) => lane.exporter.forceFlush?.().catch(() => undefined) ?? Promise.resolve()));
  }

  /**
   * Flushes within the deadline, then counts what is left — not yet prepared, being
   * prepared, queued in a lane or being exported (whose export is aborted) — as `shutdown`,
   * and shuts the exporters down. When it resolves every span that ended is exported or
   * dropped with a reason at every destination; a late result of an aborted export is
   * ignored. Idempotent.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.isShutdown = true;
      for (const lane of this.lanes) lane.beginShutdown();
      // The steps after the flush (abort, count, shut the exporters down) and a timer that
      // fires a little late on a busy loop must still fit the deadline: flush until shortly before.
      const deadline = this.options.exportTimeoutMillis;
      await this.flushWithin(Math.max(0, deadline - Math.min(SHUTDOWN_MARGIN_MS, deadline / 10)));
      this.abandonAll();
      await Promise.all(this.lanes.map((lane) => lane.exporter.shutdown().catch(() => undefined)));
    })();
    return this.shutdownPromise;
  }

  /** Counters: spans ended, queued, exported, dropped by reason, and per destination. */
  stats(): ProcessorStats {
    const dropped = { ...this.drops };
    const destinations: ProcessorStats['destinations'] = {};
    let exported = 0;
    let laneQueued = 0;
    let laneInFlight = 0;
    for (const lane of this.lanes) {
      const s = lane.snapshot();
      exported += s.exported;
      addDrops(dropped, s.dropped);
      laneQueued = Math.max(laneQueued, s.queued ?? 0);
      laneInFlight = Math.max(laneInFlight, s.inFlight ?? 0);
      addDrops(s.dropped, this.drops);
      destinations[lane.name] = s;
    }
    const lastError = this.lastError ?? this.lanes.map((lane) => lane.ledger.lastError).find((e) => e !== undefined);
    return {
      ended: this.ended,
      queued: this.intake.length + laneQueued,
      inFlight: this.preparing + laneInFlight,
      exported,
      dropped,
      destinations,
      lastError,
      privacy: privacyStatsFor(this.options),
    };
  }

  /** The default filter (DESIGN §6 rule 9) after the sampled flag, as the stock `BatchSpanProcessor` honours it. */
  private keep(span: ReadableSpanLike): 'keep' | 'filtered' | 'not-sampled' {
    const { traceId, spanId, traceFlags } = span.spanContext();
    const parent = parentSpanIdOf(span);
    if ((traceFlags & TraceFlags.SAMPLED) === 0) {
      if (parent === undefined) this.tracker.forget(traceId);
      return 'not-sampled';
    }
    if (this.options.exportAllSpans && !this.options.shouldExportSpan) return 'keep';
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
    return keep ? 'keep' : 'filtered';
  }

  private drop(reason: DropReason, message: string, error?: unknown, count = 1): void {
    this.drops[reason] += count;
    this.lastError = `${reason}: ${message}`;
    log.warn(`drop:${reason}`, `${message} (reason: ${reason})`, ...(error === undefined ? [] : [error]));
  }

  /** At the shutdown deadline: everything not yet delivered is counted `shutdown`, once. */
  private abandonAll(): void {
    this.abandoned = true;
    const unprepared = this.intake.clear() + this.preparing;
    this.preparing = 0;
    if (unprepared > 0) this.drop('shutdown', `${unprepared} spans not yet prepared at the shutdown deadline`, undefined, unprepared);
    for (const lane of this.lanes) {
      const n = lane.close();
      if (n > 0) log.warn(`drop:shutdown:${lane.name}`, `${n} spans for "${lane.name}" still queued or being exported at the shutdown deadline (reason: shutdown)`);
    }
  }

  /** Prepares everything and drains every lane, each for at most `deadlineMs`; neither drops nor aborts. */
  private async flushWithin(deadlineMs: number): Promise<void> {
    this.scheduler.cancel();
    let timeout: ReturnType<typeof setTimeout> | undefined;
    // Not unref'd: a caller awaiting forceFlush/shutdown expects an answer, so the
    // deadline keeps the process alive until then (and never longer).
    const expired = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, deadlineMs);
    });
    this.flushing++;
    const flushed = this.drain(true).then(() => Promise.all(this.lanes.map((lane) => lane.drain(true))));
    await Promise.race([flushed, expired]);
    this.flushing--;
    clearTimeout(timeout);
  }

  /** Prepares batches one at a time and hands them to the lanes; with `all`, until nothing is left. */
  private drain(all: boolean): Promise<void> {
    if (this.running) return all ? this.running.then(() => this.drain(true)) : this.running;
    if (this.intake.length === 0) return Promise.resolve();
    this.running = (async () => {
      do {
        const batch = this.intake.take(this.options.maxExportBatchSize, this.intakeBytes / 2);
        this.preparing = batch.length;
        this.preparingBytes = batch.reduce((n, entry) => n + entry.bytes, 0);
        const items = await this.prepare(batch).finally(() => (this.preparingBytes = 0));
        if (this.abandoned) return;
        this.preparing = 0;
        for (const lane of this.lanes) {
          for (const { item, bytes } of items) lane.offer(item, preparedBytes(bytes));
          lane.schedule(true);
        }
      } while (this.intake.length > 0 && (all || this.flushing > 0 || this.intake.length >= this.options.maxExportBatchSize || this.intake.byteSize * 2 >= this.intakeBytes));
    })()
      .catch((error: unknown) => log.error('drain', 'export loop failed', error))
      .finally(() => {
        this.running = undefined;
        if (this.intake.length > 0 && !this.isShutdown) this.scheduler.later();
      });
    return this.running;
  }

  /** Normalises and prepares each span once for all destinations, in time slices. */
  private async prepare(batch: Array<QueueEntry<ReadableSpanLike>>): Promise<Array<{ item: ExportItem; bytes: number }>> {
    const items: Array<{ item: ExportItem; bytes: number }> = [];
    const slicer = new TimeSlicer();
    for (const { value: span, bytes } of batch) {
      const pause = slicer.maybeYield();
      if (pause) await pause;
      // Counted whole as `shutdown` by `abandonAll`, render errors included.
      if (this.abandoned) return [];
      try {
        const read = normalize(span);
        const obs = this.options.contentEvents?.enrich(read) ?? read;
        obs.environment ??= this.options.environment;
        obs.release ??= this.options.release;
        obs.version ??= this.options.version;
        const captureForSpan = span.attributes[LAMPLIGHT_KEYS.captureContent] !== false;
        // Large content is scrubbed and cut in the same time slices, not in one stretch.
        const prepared = prepareObservationSliced(obs, this.options, captureForSpan, slicer, span);
        // Only large content comes back as a promise: no microtask turn per ordinary span.
        const observation = prepared instanceof Promise ? await prepared : prepared;
        if (this.abandoned) return [];
        items.push({ item: { span, observation }, bytes });
      } catch (error) {
        // Counted here, so no longer part of the batch `abandonAll` would count.
        this.preparing--;
        this.drop('render-error', `could not normalise span "${String(span.name)}"; dropped`, error);
      }
    }
    return items;
  }
}
