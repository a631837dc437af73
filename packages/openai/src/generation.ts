import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS } from '@lamplight/core';
import { GEN_AI, GENERAL } from './semconv.js';
import { num, rec, str } from './values.js';

/** Why a generation ended without a response: the caller stopped it, or never consumed it. */
export type InterruptReason = 'aborted' | 'not consumed';

/**
 * One traced model call: a span that ends exactly once, whichever of completion, error,
 * abort, `break` or the unconsumed timeout comes first. Every method is safe to call after
 * the end (a no-op), so racing paths need no coordination beyond this object.
 */
export class Generation {
  readonly span: Span;
  private readonly startedAt = performance.now();
  private firstChunkSeen = false;
  private ended = false;
  /**
   * The unconsumed timer is lazy: arming and disarming only note the time, and one
   * `setTimeout` per generation (usually) checks the note when it fires. A call is armed and
   * disarmed several times (returned, awaited, response in, parsed); a real timer each time
   * cost a timer-list insert and removal per step.
   */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending timer fires (`performance.now()` time). */
  private timerDue = 0;
  /** When the current unconsumed stretch ends, or undefined while disarmed. */
  private deadline: number | undefined;
  private deadlineAttributes: (() => Attributes) | undefined;

  constructor(span: Span) {
    this.span = span;
  }

  /** True once the time to first token was recorded. */
  get hasFirstChunk(): boolean {
    return this.firstChunkSeen;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Adds attributes while the call is in flight. */
  set(attributes: Attributes): void {
    if (!this.ended) this.span.setAttributes(attributes);
  }

  /** Records the time to the first streamed chunk with content (seconds, as the convention says). */
  firstChunk(): void {
    if (this.firstChunkSeen || this.ended) return;
    this.firstChunkSeen = true;
    this.span.setAttribute(GEN_AI.responseTimeToFirstChunk, (performance.now() - this.startedAt) / 1000);
  }

  /** Ends successfully with the response attributes. */
  succeed(attributes: Attributes): void {
    if (this.finish()) return;
    this.span.setAttributes(attributes);
    this.span.end();
  }

  /**
   * Ends with level WARN and status message `aborted` or `not consumed`, keeping what was
   * received so far. Status stays UNSET: the caller chose to stop; nothing failed.
   */
  interrupt(reason: InterruptReason, attributes: Attributes = {}): void {
    if (this.finish()) return;
    this.span.setAttributes(attributes);
    this.span.setAttributes({ [LAMPLIGHT_KEYS.level]: 'WARN', [LAMPLIGHT_KEYS.statusMessage]: reason });
    this.span.end();
  }

  /**
   * Ends with the SDK's error: status ERROR with the HTTP status and API message,
   * `error.type`, an exception event. A user abort is an interruption, not a failure.
   */
  fail(error: unknown, attributes: Attributes = {}): void {
    if (isAbort(error)) return this.interrupt('aborted', attributes);
    if (this.finish()) return;
    const { message, type, status } = describeError(error);
    this.span.setAttributes(attributes);
    this.span.setAttribute(GENERAL.errorType, type);
    if (status !== undefined) this.span.setAttribute(GENERAL.httpStatusCode, status);
    if (error instanceof Error) this.span.recordException(error);
    else this.span.recordException({ message });
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    this.span.end();
  }

  /** Ends with an in-band failure the API reported inside a successful response. */
  failInBand(message: string, attributes: Attributes): void {
    if (this.finish()) return;
    this.span.setAttributes(attributes);
    this.span.setAttribute(GENERAL.errorType, 'response_failed');
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    this.span.end();
  }

  /**
   * Ends the generation as `not consumed` after `ms` unless disarmed first. The timer is
   * unref'd (it never keeps the process alive) and references only this generation, not
   * the caller's stream or promise.
   */
  armUnconsumedTimer(ms: number, attributes: () => Attributes): void {
    if (this.ended) return;
    const now = performance.now();
    this.deadline = now + ms;
    this.deadlineAttributes = attributes;
    // A pending timer that fires by the new deadline re-checks then; a later one is replaced.
    if (this.timer !== undefined && this.timerDue <= this.deadline) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.schedule(ms, now);
  }

  /** Cancels the unconsumed timer: the caller started consuming. */
  disarm(): void {
    this.deadline = undefined;
    this.deadlineAttributes = undefined;
  }

  private schedule(ms: number, now: number): void {
    this.timerDue = now + ms;
    this.timer = setTimeout(() => this.onTimer(), ms);
    this.timer.unref?.();
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.ended || this.deadline === undefined) return;
    const now = performance.now();
    // Re-armed after this timer was set: wait out the rest of the current stretch.
    if (this.deadline > now) {
      this.schedule(this.deadline - now, now);
      return;
    }
    this.interrupt('not consumed', safeAttributes(this.deadlineAttributes));
  }

  /** Marks the end; true when it had already ended. */
  private finish(): boolean {
    if (this.ended) return true;
    this.ended = true;
    this.disarm();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return false;
  }
}

function safeAttributes(fn: (() => Attributes) | undefined): Attributes {
  try {
    return fn === undefined ? {} : fn();
  } catch {
    return {};
  }
}

/** A caller-initiated abort (`APIUserAbortError`, a DOM `AbortError`). */
export function isAbort(error: unknown): boolean {
  const e = rec(error);
  if (!e) return false;
  const name = str(e.name) ?? str((e.constructor as { name?: unknown } | undefined)?.name);
  return name === 'AbortError' || errorClassName(error) === 'APIUserAbortError';
}

/** Status message, `error.type` and HTTP status of an SDK error. */
export function describeError(error: unknown): { message: string; type: string; status?: number } {
  const e = rec(error);
  const status = num(e?.status);
  let message = str(e?.message) ?? (typeof error === 'string' ? error : 'error');
  // The SDK already writes "400 <API message>"; other errors get the status prefixed.
  if (status !== undefined && !message.startsWith(String(status))) message = `${status} ${message}`;
  return { message, type: errorClassName(error), status };
}

function errorClassName(error: unknown): string {
  const ctor = rec(error)?.constructor as { name?: unknown } | undefined;
  return str(ctor?.name) ?? str(rec(error)?.name) ?? typeof error;
}
