import type { Generation } from '../generation.js';
import { log } from '../diag.js';
import type { StreamAccumulator } from '../operations/operation-spec.js';
import { arr, rec } from '../values.js';
import { HIDDEN, type IteratorObserver } from './traced-iterator.js';

/**
 * Connects one SDK stream to its generation: feeds chunks to the accumulator, records the
 * time to the first chunk that carries content, hides the usage-only chunk when this package added `include_usage`,
 * and ends the generation exactly once:
 * - the SDK iterator finishes → success (or WARN `aborted` when the request was aborted first,
 *   or ERROR for an in-band `response.failed`);
 * - the SDK iterator throws → ERROR with the SDK's error (a user abort → WARN `aborted`);
 * - the caller's `break`/`return()` → WARN `aborted` with what was received so far;
 * - the request's abort signal fires while nobody awaits a chunk → WARN `aborted`.
 * Accounting failures are logged and never reach the caller.
 */
export class StreamTracker implements IteratorObserver {
  inFlight = 0;
  private readonly generation: Generation;
  private readonly accumulator: StreamAccumulator;
  private readonly hideUsageChunk: boolean;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => {
    // While a next() is pending, its outcome (done or error) decides: the SDK aborts its own
    // controller on the way out of a failing iterator, and that must stay an ERROR.
    if (this.inFlight === 0) this.end(() => this.generation.interrupt('aborted', this.accumulator.attributes()));
  };

  constructor(generation: Generation, accumulator: StreamAccumulator, hideUsageChunk: boolean, signal: AbortSignal | undefined) {
    this.generation = generation;
    this.accumulator = accumulator;
    this.hideUsageChunk = hideUsageChunk;
    this.signal = signal;
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  onChunk(chunk: unknown): unknown {
    const hide = this.hideUsageChunk && isUsageOnlyChunk(chunk);
    const delivered = this.hideUsageChunk && !hide ? withoutNullUsage(chunk) : chunk;
    if (!this.generation.isEnded) {
      try {
        // Time to first token is taken at the first chunk with output content, not at the
        // first event (a role-only chunk, `response.created`): docs/instrumentation.md.
        if (!this.generation.hasFirstChunk && this.accumulator.carriesContent(delivered)) this.generation.firstChunk();
        this.accumulator.add(delivered);
      } catch (error) {
        log.warn('stream-chunk', 'could not record a stream chunk; the stream is unaffected', error);
      }
    }
    return hide ? HIDDEN : delivered;
  }

  onDone(): void {
    this.end(() => {
      const failure = this.accumulator.failure();
      const attributes = this.accumulator.attributes();
      if (failure !== undefined) this.generation.failInBand(failure, attributes);
      else if (!this.accumulator.finished && this.signal?.aborted) this.generation.interrupt('aborted', attributes);
      else this.generation.succeed(attributes);
    });
  }

  onError(error: unknown): void {
    this.end(() => this.generation.fail(error, this.accumulator.attributes()));
  }

  onReturn(): void {
    this.end(() => {
      const attributes = this.accumulator.attributes();
      // Stopping after the last choice finished is a complete answer, not an abort.
      if (this.accumulator.finished) this.generation.succeed(attributes);
      else this.generation.interrupt('aborted', attributes);
    });
  }

  /** The iterator was dropped without finishing or `return()` (found by the FinalizationRegistry). */
  abandon(): void {
    this.end(() => this.generation.interrupt('aborted', this.accumulator.attributes()));
  }

  private end(record: () => void): void {
    if (this.generation.isEnded) return;
    this.signal?.removeEventListener('abort', this.onAbort);
    try {
      record();
    } catch (error) {
      log.warn('stream-end', 'could not record the end of a stream', error);
      this.generation.interrupt('aborted');
    }
  }
}

/** The final chunk `include_usage` adds: no choices, only usage. */
export function isUsageOnlyChunk(chunk: unknown): boolean {
  const c = rec(chunk);
  return c !== undefined && c.usage !== null && c.usage !== undefined && arr(c.choices)?.length === 0;
}

/**
 * With `include_usage` every other chunk carries `usage: null`; without it the field is
 * absent. The caller gets the chunk without it, so it sees what an untraced call sees. A
 * copy rather than `delete`: the chunk is a fresh `JSON.parse` result nobody else holds,
 * and `delete` would turn it into a slow dictionary-mode object (measured: ~2 µs per chunk).
 */
function withoutNullUsage(chunk: unknown): unknown {
  const c = rec(chunk);
  if (!c || c.usage !== null || Object.getPrototypeOf(c) !== Object.prototype) return chunk;
  const { usage: _usage, ...rest } = c;
  return rest;
}
