import { SpanStatusCode, trace, type Context, type Span, context } from '@opentelemetry/api';
import { LAMPLIGHT_KEYS as K } from '../attribute-keys.js';
import { metadataValue } from '../context/trace-attributes.js';
import type { CostDetails, ObservationKind, ObservationLevel, PromptRef, UsageCounts } from '../observation.js';
import { safeStringify } from '../serialize/safe-stringify.js';

/** Fields an observation can be given at start or through `update()`. */
export interface ObservationUpdate {
  input?: unknown;
  output?: unknown;
  model?: string;
  provider?: string;
  modelParameters?: Record<string, string | number | boolean>;
  usage?: UsageCounts;
  cost?: CostDetails;
  level?: ObservationLevel;
  statusMessage?: string;
  metadata?: Record<string, unknown>;
  prompt?: PromptRef;
  /** When the first token arrived (epoch ms or Date); sets time to first token. */
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
  /** Start time (epoch ms or Date); default now. */
  startTime?: number | Date;
}

/** Budget for one input/output value written by the manual API. */
const MAX_CONTENT_BYTES = 1_048_576;

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

  /** Records an error: status ERROR, an exception event, level ERROR. */
  recordError(error: unknown): this {
    try {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof Error) this.span.recordException(error);
      else this.span.recordException({ message });
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
      this.span.setAttribute(K.level, 'ERROR');
    } catch {
      // Recording is best effort.
    }
    return this;
  }

  /** Starts a child observation under this one. */
  startObservation(name: string, options: ObservationOptions = {}): LamplightObservation {
    // Imported lazily through the module graph to avoid a cycle at load time.
    return startChild(name, { ...options, parentContext: trace.setSpan(context.active(), this.span) });
  }

  /** Ends the observation. A second call is ignored. */
  end(endTime?: number | Date): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.span.end(endTime);
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

/** Writes observation fields as span attributes. */
export function writeFields(span: Span, f: ObservationUpdate, captureContent: boolean): void {
  if (captureContent && f.input !== undefined) span.setAttribute(K.input, safeStringify(f.input, { maxBytes: MAX_CONTENT_BYTES }));
  if (captureContent && f.output !== undefined) span.setAttribute(K.output, safeStringify(f.output, { maxBytes: MAX_CONTENT_BYTES }));
  if (f.model !== undefined) span.setAttribute(K.model, f.model);
  if (f.provider !== undefined) span.setAttribute(K.provider, f.provider);
  if (f.modelParameters !== undefined) span.setAttribute(K.modelParameters, safeStringify(f.modelParameters, { maxBytes: 8_192 }));
  if (f.level !== undefined) span.setAttribute(K.level, f.level);
  if (f.statusMessage !== undefined) span.setAttribute(K.statusMessage, f.statusMessage);
  if (f.prompt !== undefined) {
    span.setAttribute(K.promptName, f.prompt.name);
    if (f.prompt.version !== undefined) span.setAttribute(K.promptVersion, f.prompt.version);
  }
  if (f.completionStartTime !== undefined) {
    span.setAttribute(K.completionStartTime, toEpochMs(f.completionStartTime));
  }
  if (f.usage) {
    for (const [key, value] of Object.entries(f.usage)) {
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) span.setAttribute(K.usagePrefix + key, Math.round(value));
    }
  }
  if (f.cost) {
    for (const [key, value] of Object.entries(f.cost)) {
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) span.setAttribute(K.costPrefix + key, value);
    }
  }
  if (f.metadata) {
    for (const [key, value] of Object.entries(f.metadata)) {
      if (value !== undefined) span.setAttribute(K.metadataPrefix + key, metadataValue(value));
    }
  }
}

/** Epoch milliseconds from a Date or a number. */
export function toEpochMs(t: number | Date): number {
  return t instanceof Date ? t.getTime() : t;
}
