import { SpanStatusCode, trace, type Context, type Span, context } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS as K } from '../attribute-keys.js';
import type { CostDetails, ObservationKind, ObservationLevel, PromptRef, UsageCounts } from '../observation.js';
import { safeStringify } from '../serialize/safe-stringify.js';
import { truncateString } from '../serialize/truncate-string.js';
import { readObservationOptions } from './observation-options.js';
import { toEpochMs, writeFields } from './write-fields.js';

/**
 * Fields an observation can be given at start or through `update()`. Values are checked
 * before they are written, so a JavaScript caller's slip costs at most that field: a value
 * of the wrong type is skipped, never thrown about.
 */
export interface ObservationUpdate {
  /** Any value; written as JSON text of at most 1 MiB (cut with a marker). */
  input?: unknown;
  /** Any value; written as JSON text of at most 1 MiB (cut with a marker). */
  output?: unknown;
  /** A string, cut to 1 KiB; anything else is skipped. */
  model?: string;
  /** A string, cut to 1 KiB; anything else is skipped. */
  provider?: string;
  /** Written as JSON text of at most 8 KiB. */
  modelParameters?: Record<string, string | number | boolean>;
  /** A plain object; only the `UsageCounts` keys with non-negative finite numbers are read (rounded). */
  usage?: UsageCounts;
  /** A plain object; only `input`, `output` and `total` with non-negative finite numbers are read. */
  cost?: CostDetails;
  /** One of the levels (Langfuse's `DEFAULT`/`WARNING` spellings too); anything else is skipped. */
  level?: ObservationLevel;
  /** A string, cut to 32 KiB; anything else is skipped. */
  statusMessage?: string;
  /**
   * A plain object; at most the first 64 own entries are written (one span attribute
   * each — the SDK keeps 128 per span). String values are kept (up to 2,000 bytes), other
   * values become bounded JSON text. Anything but a plain object is skipped.
   */
  metadata?: Record<string, unknown>;
  /** A non-empty string name (cut to 1 KiB) and a non-negative safe-integer version; else skipped. */
  prompt?: PromptRef;
  /**
   * When the first token arrived (epoch ms or Date); sets time to first token. A value
   * that is not a finite number or a valid Date within the Date range is skipped.
   */
  completionStartTime?: number | Date;
}

/** Options of `startObservation` and `observe`. */
export interface ObservationOptions extends ObservationUpdate {
  /** What the observation is; default `span`. */
  kind?: ObservationKind;
  /** Per-call switch: `false` keeps input and output out of the span. */
  captureContent?: boolean;
  /** Parent context; default the active context. */
  parentContext?: Context;
  /**
   * Start time (epoch ms or Date); default now. A value that is not a finite number or a
   * valid Date within the Date range (NaN, an invalid Date, a time in nanoseconds) counts
   * as not given: the observation starts now.
   */
  startTime?: number | Date;
}

/** Budget for the message of a recorded error that is not an `Error` (a thrown string, array, object). */
const MAX_ERROR_MESSAGE_BYTES = 8_192;
/** The message recorded for a thrown value that cannot even be inspected. */
const UNREADABLE_ERROR = '[unreadable thrown value]';

/**
 * A handle on an observation created with the manual API. It wraps an OTel span:
 * `update()` records fields as `lamplight.*` attributes, which the processor reads
 * like any other convention. Methods never throw into the caller.
 */
export class LamplightObservation {
  /** The underlying OTel span. */
  readonly span: Span;
  private readonly captureContent: boolean;
  private ended = false;

  /** @internal Use `startObservation` or `observe`. */
  constructor(span: Span, captureContent: boolean) {
    this.span = span;
    this.captureContent = captureContent;
  }

  /** The trace id (32 hex characters). */
  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  /** The span id (16 hex characters). */
  get id(): string {
    return this.span.spanContext().spanId;
  }

  /** Records fields on the observation; later values replace earlier ones. */
  update(fields: ObservationUpdate): this {
    try {
      writeFields(this.span, fields, this.captureContent);
    } catch {
      // A failed update must never reach the caller; the observation keeps its other fields.
    }
    return this;
  }

  /**
   * Records an error: status ERROR, an exception event, level ERROR. A thrown value that
   * is not an `Error` is described by bounded text (at most 8 KiB), so recording a huge
   * array or object costs bounded time.
   */
  recordError(error: unknown): this {
    let isError = false;
    let message = UNREADABLE_ERROR;
    try {
      isError = error instanceof Error;
      message = errorMessage(error, isError);
    } catch {
      // A Proxy whose traps throw: it is still recorded as an error, described by the fallback.
    }
    try {
      if (isError) this.span.recordException(error as Error);
      else this.span.recordException({ message });
    } catch {
      // Recording is best effort; the status below still marks the failure.
    }
    try {
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
      this.span.setAttribute(K.level, 'ERROR');
    } catch {
      // Best effort too.
    }
    return this;
  }

  /** Starts a child observation under this one. */
  startObservation(name: string, options: ObservationOptions = {}): LamplightObservation {
    // Imported lazily through the module graph to avoid a cycle at load time.
    return startChild(name, { ...readObservationOptions(options), parentContext: trace.setSpan(context.active(), this.span) });
  }

  /**
   * Ends the observation. A second call is ignored. An `endTime` that is not a finite
   * number or a valid Date within the Date range counts as not given: the observation ends now.
   */
  end(endTime?: number | Date): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.span.end(toEpochMs(endTime));
    } catch {
      // Ending is best effort.
    }
  }
}

type StartFn = (name: string, options: ObservationOptions) => LamplightObservation;
let startChild: StartFn = () => {
  throw new Error('startObservation not initialised');
};

/** @internal Wires the factory used for child observations. */
export function setObservationFactory(fn: StartFn): void {
  startChild = fn;
}

/**
 * The message of a recorded error, bounded. `String()` is avoided on objects: on an array
 * it joins every element (a sparse array of length 2^32-2 hangs the app), and a hostile
 * `toString` may throw.
 */
function errorMessage(error: unknown, isError: boolean): string {
  const raw: unknown = isError ? (error as Error).message : error;
  if (typeof raw === 'string') return truncateString(raw, MAX_ERROR_MESSAGE_BYTES).value;
  if (raw === null || (typeof raw !== 'object' && typeof raw !== 'function')) return String(raw);
  return safeStringify(raw, { maxBytes: MAX_ERROR_MESSAGE_BYTES, maxItems: 100 });
}
