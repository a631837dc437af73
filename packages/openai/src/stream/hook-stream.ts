import type { Generation } from '../generation.js';
import type { StreamAccumulator } from '../operations/operation-spec.js';
import { hasOwn, rec } from '../values.js';
import { StreamTracker } from './stream-tracker.js';
import { TracedIterator } from './traced-iterator.js';

/**
 * Ends the generation of a stream whose iterator the caller dropped mid-way without
 * `return()` (a hand-driven `next()` loop abandoned early). Registered on our iterator,
 * not on the `Stream`: a `for await` keeps only the iterator alive, so the stream object
 * may be collected while iteration continues.
 */
const abandoned = new FinalizationRegistry<StreamTracker>((tracker) => tracker.abandon());

/** What the stream hook needs to know about the call. */
export interface StreamHookOptions {
  generation: Generation;
  accumulator: StreamAccumulator;
  /** This package added `include_usage`: hide the usage-only chunk from the caller. */
  hideUsageChunk: boolean;
  unconsumedTimeoutMs: number;
}

/**
 * Traces the SDK's own `Stream` in place. `Stream` keeps its source in the own property
 * `iterator`, and `[Symbol.asyncIterator]()` (so `for await` and `toReadableStream()`) and
 * `tee()` all call `this.iterator()` (openai 5.x–7.x); replacing that property routes every
 * way of consuming the stream through one `TracedIterator`, while the object, its
 * `controller`, `tee()` and `toReadableStream()` stay the SDK's.
 *
 * Returns false (nothing changed) when the object does not have that shape.
 */
export function hookStream(stream: unknown, options: StreamHookOptions): boolean {
  const target = rec(stream);
  if (!target || !hasOwn(target, 'iterator') || typeof target.iterator !== 'function') return false;
  const original = target.iterator as (this: unknown) => AsyncIterator<unknown>;
  const signal = abortSignalOf(target.controller);
  const { generation, accumulator, hideUsageChunk } = options;
  const tracker = new StreamTracker(generation, accumulator, hideUsageChunk, signal);
  let started = false;

  target.iterator = function tracedIterator(this: unknown): AsyncIterator<unknown> {
    const inner = original.call(this);
    // The SDK refuses a second iteration itself; only the first one is ours to account for.
    if (started) return inner;
    started = true;
    generation.disarm();
    const traced = new TracedIterator(inner, tracker);
    abandoned.register(traced, tracker);
    return traced;
  };
  // A stream nobody iterates must not hold its span forever.
  generation.armUnconsumedTimer(options.unconsumedTimeoutMs, () => accumulator.attributes());
  return true;
}

function abortSignalOf(controller: unknown): AbortSignal | undefined {
  const signal = rec(controller)?.signal;
  return signal instanceof AbortSignal ? signal : undefined;
}
