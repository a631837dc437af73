import { context } from '@opentelemetry/api';
import { RateLimitedLogger } from '../diag-logger.js';
import { suppressTracing } from '../suppress-tracing.js';
import { BoundedQueue } from './bounded-queue.js';
import { DestinationLedger } from './destination-ledger.js';
import { ExportScheduler } from './export-scheduler.js';
import type { DestinationStats, ExportItem, ObservationExporter } from './export-types.js';

const log = new RateLimitedLogger('@lamplight/core');

/** Limits and timing of one lane; the processor's options. */
export interface LaneSettings {
  maxQueueSize: number;
  /** This lane's share of the processor's `maxQueueBytes`: queued and in flight together. */
  maxQueueBytes: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
}

/**
 * Estimated bytes a prepared item holds, from its span's estimate: the span itself, and
 * the observation beside it, whose content fields are parsed copies of the span's content.
 */
export function preparedBytes(spanBytes: number): number {
  return spanBytes * 2;
}

/**
 * One destination's share of the processor (DESIGN §1): its own bounded queue of prepared
 * observations, its own export loop with one export in flight, its own ledger. A slow or
 * failing destination fills and drops from its own queue only; the others never wait for
 * it. The prepared items are shared, not copied, between lanes.
 */
export class DestinationLane {
  readonly ledger: DestinationLedger;
  private readonly queue: BoundedQueue<ExportItem>;
  private running: Promise<void> | undefined;
  private readonly scheduler: ExportScheduler;
  /** The export in flight: aborted at the shutdown deadline. */
  private controller: AbortController | undefined;
  private closed = false;
  /** Aborted when the processor starts shutting down (see `ExportOptions.shuttingDown`). */
  private readonly shuttingDown = new AbortController();
  /** Bytes of the batch being exported: still held (the exporter renders and retries it). */
  private inFlightBytes = 0;
  /** A batch holds at most this many bytes, so one export in flight stays a fraction of the lane. */
  private readonly batchBytes: number;

  constructor(
    readonly exporter: ObservationExporter,
    name: string,
    private readonly settings: LaneSettings,
  ) {
    this.ledger = new DestinationLedger(name);
    this.queue = new BoundedQueue(settings.maxQueueSize, settings.maxQueueBytes);
    this.batchBytes = Math.max(1, Math.floor(settings.maxQueueBytes / 3));
    this.scheduler = new ExportScheduler(() => void this.drain(false), settings.scheduledDelayMillis);
  }

  /** The destination's name in stats. */
  get name(): string {
    return this.ledger.name;
  }

  /** Queues a prepared item; a full lane counts the drop in its own ledger. */
  offer(item: ExportItem, bytes: number): void {
    if (this.closed) {
      this.ledger.count('shutdown', 1);
      return;
    }
    // The batch being exported still holds memory: it counts against the lane's bytes (soft
    // by one span, as the queue's own limit).
    const full = this.inFlightBytes > 0 && this.inFlightBytes + this.queue.byteSize >= this.settings.maxQueueBytes;
    if (full || !this.queue.push(item, bytes)) {
      this.ledger.count('queue-full', 1);
      this.ledger.lastError = `${this.name}: queue-full: the lane holds ${this.queue.length + this.inFlight} spans; span dropped`;
      log.warn(`drop:queue-full:${this.name}`, `destination "${this.name}" is not keeping up: its queue is full (${this.queue.length} spans); span dropped (reason: queue-full)`);
    }
  }

  /** Starts an export now (`now`) or after the scheduled delay, unless one is already due. */
  schedule(now: boolean): void {
    if (this.closed) return;
    if (now || this.queue.length >= this.settings.maxExportBatchSize || this.queue.byteSize >= this.batchBytes) this.scheduler.soon();
    else this.scheduler.later();
  }

  /** Runs exports one at a time; with `all`, until the lane is empty. Never rejects. */
  drain(all: boolean): Promise<void> {
    if (all) this.scheduler.cancel();
    if (this.running) return all ? this.running.then(() => this.drain(true)) : this.running;
    if (this.queue.length === 0 || this.closed) return Promise.resolve();
    this.running = (async () => {
      do {
        const entries = this.queue.take(this.settings.maxExportBatchSize, this.batchBytes);
        const batch = entries.map((entry) => entry.value);
        const controller = new AbortController();
        this.controller = controller;
        this.inFlightBytes = entries.reduce((n, entry) => n + entry.bytes, 0);
        // Our own HTTP traffic must never become spans in the app's traces.
        const send = () => this.exporter.exportObservations(batch, { signal: controller.signal, shuttingDown: this.shuttingDown.signal });
        try {
          await this.ledger.record(batch.length, () => context.with(suppressTracing(context.active()), send));
        } finally {
          this.inFlightBytes = 0;
          this.controller = undefined;
        }
      } while (!this.closed && this.queue.length > 0 && (all || this.queue.length >= this.settings.maxExportBatchSize || this.queue.byteSize >= this.batchBytes));
    })()
      .catch((error: unknown) => log.error(`drain:${this.name}`, `export loop of "${this.name}" failed`, error))
      .finally(() => {
        this.running = undefined;
        if (this.queue.length > 0 && !this.closed) this.schedule(false);
      });
    return this.running;
  }

  /** The processor is shutting down: exports still run, but an unreachable backend is not retried. */
  beginShutdown(): void {
    this.shuttingDown.abort();
  }

  /**
   * At the shutdown deadline: counts what is queued and what is being exported as
   * `shutdown`, aborts the export in flight (its late outcome is then ignored by the ledger)
   * and accepts nothing more. Returns the number of spans counted.
   */
  close(): number {
    this.closed = true;
    this.scheduler.cancel();
    const queued = this.queue.clear();
    this.ledger.count('shutdown', queued);
    const inFlight = this.ledger.settlePending('shutdown');
    this.controller?.abort();
    return queued + inFlight;
  }

  /** Spans waiting in this lane. */
  get queued(): number {
    return this.queue.length;
  }

  /** Spans in this lane's export running now. */
  get inFlight(): number {
    return this.ledger.pendingCount;
  }

  /** The lane's counters; drops before the lanes (filtered, …) are added by the processor. */
  snapshot(): DestinationStats {
    return { ...this.ledger.snapshot(), queued: this.queued, inFlight: this.inFlight };
  }
}
