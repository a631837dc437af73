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
  private timer: ReturnType<typeof setTimeout> | undefined;

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
    this.disarm();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.interrupt('not consumed', safeAttributes(attributes));
    }, ms);
    this.timer.unref?.();
  }

  /** Cancels the unconsumed timer: the caller started consuming. */
  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Marks the end; true when it had already ended. */
  private finish(): boolean {
    if (this.ended) return true;
    this.ended = true;
    this.disarm();
    return false;
  }
}

function safeAttributes(fn: () => Attributes): Attributes {
  try {
    return fn();
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
