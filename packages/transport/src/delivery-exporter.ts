import type { ExportItem, ExportOptions, ExportOutcome, ObservationExporter } from '@lamplight/core';
import type { ExportCounterStats } from '@lamplight/core/internal';
import type { DeliveryCodec, DeliveryTarget } from './delivery-codec.js';
import { DeliveryEngine } from './delivery-engine.js';
import { displayUrl } from './redact.js';

/**
 * An `ObservationExporter` made of a codec and the shared delivery engine: every Lamplight
 * exporter is one of these with its backend's codec and resolved configuration. Nothing is
 * buffered here (the processor's lanes own the queues), so `forceFlush` has nothing to do;
 * after `shutdown` an export is counted `shutdown` without a request.
 */
export class DeliveryExporter<R> implements ObservationExporter {
  readonly name: string;
  private readonly engine: DeliveryEngine<R>;
  private readonly url: URL;
  private isShutdown = false;

  constructor(target: DeliveryTarget, codec: DeliveryCodec<R>) {
    this.name = target.name;
    this.url = target.url;
    this.engine = new DeliveryEngine(target, codec);
  }

  /** The endpoint requests go to, for startup lines and diagnostics (without userinfo or query). */
  get endpoint(): string {
    return displayUrl(this.url);
  }

  /** Renders and sends one batch through the engine; never rejects. */
  exportObservations(items: readonly ExportItem[], options: ExportOptions = {}): Promise<ExportOutcome> {
    if (this.isShutdown) return Promise.resolve(this.engine.tally({ exported: 0, dropped: { shutdown: items.length } }));
    return this.engine.deliver(items, options);
  }

  /** Requests and bytes sent, spans exported and dropped by reason, the last (redacted) error. */
  stats(): ExportCounterStats {
    return this.engine.stats();
  }

  /** Resolves at once: nothing is buffered here. */
  async forceFlush(): Promise<void> {
    // The processor's lane owns the queue; an export in flight is awaited by the processor.
  }

  /** Later exports are counted `shutdown` without a request. Idempotent. */
  async shutdown(): Promise<void> {
    this.isShutdown = true;
  }
}
