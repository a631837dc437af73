import {
  context,
  isSpanContextValid,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
} from '@opentelemetry/api';

/** Attribute on the link from a Lamplight root span to the host span whose trace the host sampled out. */
export const HOST_PARENT_LINK_ATTRIBUTE = 'lamplight.link.host_parent';

/**
 * The tracer provider Lamplight's LLM instrumentations use beside a host provider, so a
 * host sampler never makes LLM traces disappear from Lamplight's backends
 * (docs/instrumentation.md, "Host sampling"):
 * - where the host records the span (its sampler kept the trace), the span is the host's:
 *   it nests under the app's spans, at the host's backends as before and at ours;
 * - where the host would not record it (sampled out, or the host cannot take our
 *   processors), the span comes from Lamplight's own provider as the root of a new trace
 *   (Lamplight's sample rate decides), linked to the host span it ran under, so Lamplight's
 *   backends get a complete trace with no parent id they never receive;
 * - spans started under one of those Lamplight roots stay on Lamplight's provider.
 * The host's own spans and sampling are untouched.
 */
export class SamplingProofTracerProvider implements TracerProvider {
  private readonly host: TracerProvider | undefined;
  private readonly own: TracerProvider;
  /** Spans started on our provider; a child of one of them is ours too. Weak: spans come and go. */
  private readonly ownSpans = new WeakSet<Span>();

  /** `host` is the app's provider when our processors are attached to it, else undefined. */
  constructor(host: TracerProvider | undefined, own: TracerProvider) {
    this.host = host;
    this.own = own;
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return new SamplingProofTracer(this.host?.getTracer(name, version, options), this.own.getTracer(name, version, options), this.ownSpans);
  }
}

class SamplingProofTracer implements Tracer {
  constructor(
    private readonly host: Tracer | undefined,
    private readonly own: Tracer,
    private readonly ownSpans: WeakSet<Span>,
  ) {}

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    const parent = options.root ? undefined : trace.getSpan(ctx);
    if (parent && this.ownSpans.has(parent)) return this.ours(this.own.startSpan(name, options, ctx));
    if (this.host) {
      const span = this.host.startSpan(name, options, ctx);
      // A span the host does not record has no effect when dropped: nothing to end or undo.
      if (span.isRecording()) return span;
    }
    const hostParent = parent?.spanContext();
    const links: Link[] = [...(options.links ?? [])];
    if (hostParent && isSpanContextValid(hostParent)) links.push({ context: hostParent, attributes: { [HOST_PARENT_LINK_ATTRIBUTE]: true } });
    return this.ours(this.own.startSpan(name, { ...options, root: true, links }, ctx));
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = (rest.length >= 2 ? rest[0] : undefined) as SpanOptions | undefined;
    const ctx = (rest.length >= 3 ? rest[1] : undefined) as Context | undefined;
    const parentContext = ctx ?? context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }

  private ours(span: Span): Span {
    this.ownSpans.add(span);
    return span;
  }
}
