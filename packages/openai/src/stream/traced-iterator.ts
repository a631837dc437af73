/** Returned by `IteratorObserver.onChunk` for a chunk the caller must not see. */
export const HIDDEN: unique symbol = Symbol('hidden chunk');

/** What a `TracedIterator` reports to; implemented by `StreamTracker`. */
export interface IteratorObserver {
  /** Number of `next()` calls awaiting the SDK's iterator. */
  inFlight: number;
  /** Records a chunk; returns the chunk to deliver (normally the same object) or `HIDDEN`. */
  onChunk(chunk: unknown): unknown;
  onDone(): void;
  onError(error: unknown): void;
  onReturn(): void;
}

/**
 * The iterator the caller gets from the SDK's `Stream` once it is traced: every result of
 * the SDK's own iterator passes through unchanged (same chunk objects, same errors), except
 * what this package's `include_usage` changed: the usage-only chunk is skipped, and the
 * other chunks lose the `usage: null` it adds. Not an async generator,
 * so `return()` reaches the SDK's iterator at once and no extra microtask is added per chunk.
 */
export class TracedIterator implements AsyncIterator<unknown> {
  private readonly inner: AsyncIterator<unknown>;
  private readonly observer: IteratorObserver;
  // One pair of settle handlers per iterator, not two closures per chunk.
  private readonly settled: (result: IteratorResult<unknown>) => IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
  private readonly failed: (error: unknown) => never;

  constructor(inner: AsyncIterator<unknown>, observer: IteratorObserver) {
    this.inner = inner;
    this.observer = observer;
    this.settled = (result) => {
      observer.inFlight--;
      if (result.done) {
        observer.onDone();
        return result;
      }
      const delivered = observer.onChunk(result.value);
      // A hidden chunk is replaced by the one after it, so the caller's count matches an untraced call.
      if (delivered === HIDDEN) return this.next();
      return delivered === result.value ? result : { done: false, value: delivered };
    };
    this.failed = (error) => {
      observer.inFlight--;
      observer.onError(error);
      throw error;
    };
  }

  next(value?: unknown): Promise<IteratorResult<unknown>> {
    const observer = this.observer;
    observer.inFlight++;
    let pending: Promise<IteratorResult<unknown>>;
    try {
      // The SDK's iterator gets exactly the arguments the caller passed (none from `for await`).
      // eslint-disable-next-line prefer-rest-params
      pending = arguments.length === 0 ? this.inner.next() : this.inner.next(value);
    } catch (error) {
      observer.inFlight--;
      observer.onError(error);
      throw error;
    }
    return pending.then(this.settled, this.failed);
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.observer.onReturn();
    const inner = this.inner;
    return typeof inner.return === 'function' ? inner.return(value) : Promise.resolve({ done: true, value });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
