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

  constructor(inner: AsyncIterator<unknown>, observer: IteratorObserver) {
    this.inner = inner;
    this.observer = observer;
  }

  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    const observer = this.observer;
    observer.inFlight++;
    let pending: Promise<IteratorResult<unknown>>;
    try {
      pending = this.inner.next(...args);
    } catch (error) {
      observer.inFlight--;
      observer.onError(error);
      throw error;
    }
    return pending.then(
      (result) => {
        observer.inFlight--;
        if (result.done) {
          observer.onDone();
          return result;
        }
        const delivered = observer.onChunk(result.value);
        // A hidden chunk is replaced by the one after it, so the caller's count matches an untraced call.
        if (delivered === HIDDEN) return this.next();
        return delivered === result.value ? result : { done: false, value: delivered };
      },
      (error: unknown) => {
        observer.inFlight--;
        observer.onError(error);
        throw error;
      },
    );
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
