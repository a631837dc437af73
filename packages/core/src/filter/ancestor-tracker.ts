/**
 * Remembers, per trace, which span ids have an exported descendant, so that a parent
 * ending after its children (the usual order) is exported too and traces have no orphans.
 * Bounded: at most `maxTraces` traces and `maxSpansPerTrace` ids each; the oldest trace is
 * forgotten first. A trace is forgotten as soon as its root span ends.
 */
export class AncestorTracker {
  private readonly traces = new Map<string, Set<string>>();

  constructor(
    private readonly maxTraces = 16_384,
    private readonly maxSpansPerTrace = 4_096,
  ) {}

  /** Records that `parentSpanId` (in `traceId`) has an exported descendant. */
  markParent(traceId: string, parentSpanId: string): void {
    let ids = this.traces.get(traceId);
    if (!ids) {
      if (this.traces.size >= this.maxTraces) {
        const oldest = this.traces.keys().next().value;
        if (oldest !== undefined) this.traces.delete(oldest);
      }
      ids = new Set();
      this.traces.set(traceId, ids);
    }
    if (ids.size < this.maxSpansPerTrace) ids.add(parentSpanId);
  }

  /** True when `spanId` has an exported descendant. */
  hasExportedDescendant(traceId: string, spanId: string): boolean {
    return this.traces.get(traceId)?.has(spanId) ?? false;
  }

  /** Forgets a trace (its root ended). */
  forget(traceId: string): void {
    this.traces.delete(traceId);
  }

  /** Traces remembered now (for tests and stats). */
  get size(): number {
    return this.traces.size;
  }
}
