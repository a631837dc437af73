import { nextTurn } from './next-turn.js';

/**
 * When an export loop runs next: `soon` (on the next turn of the event loop, for a full
 * batch or a flush) or `later` (after the scheduled delay, for a partial batch). Repeated
 * calls while one is pending do nothing, and the delay timer never keeps the app alive.
 */
export class ExportScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soonPending = false;

  constructor(
    private readonly run: () => void,
    private readonly delayMs: number,
  ) {}

  /** Runs on the next turn of the event loop. */
  soon(): void {
    if (this.soonPending) return;
    this.soonPending = true;
    nextTurn(() => {
      this.soonPending = false;
      this.run();
    });
  }

  /** Runs after the delay, unless a delayed run is already pending. */
  later(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, this.delayMs);
    this.timer.unref?.();
  }

  /** Cancels a delayed run (a flush is about to run everything anyway). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
