import { nextTurn } from './next-turn.js';

/** Default slice: work runs at most this long before letting the event loop serve the app. */
export const DEFAULT_SLICE_MS = 2;

/**
 * Cooperative time slicing for export work that runs on the app's event loop (normalising,
 * rendering, serialising). Call `maybeYield()` between units of work: it resolves at once
 * while the current slice lasts, and after a turn of the event loop (`nextTurn`) once the slice is used up,
 * so timers and I/O of the host app keep being served however large the batch.
 */
export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs: number = DEFAULT_SLICE_MS) {}

  /** Yields to the event loop when the current slice is used up. */
  maybeYield(): Promise<void> | undefined {
    if (performance.now() - this.sliceStart < this.sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      nextTurn(() => {
        this.sliceStart = performance.now();
        resolve();
      }),
    );
  }
}
