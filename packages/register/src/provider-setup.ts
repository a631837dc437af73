import { context, ProxyTracerProvider, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SamplingProofTracerProvider } from './sampling-proof-provider.js';

/**
 * How Lamplight's processors reach spans:
 * - `own`: no provider was registered, so Lamplight registered one globally;
 * - `attached`: another tool registered a provider and our processors were added to it;
 * - `isolated`: another tool's provider could not take processors, so LLM instrumentations
 *   use a private provider and the other tool's spans are left alone.
 */
export type ProviderMode = 'own' | 'attached' | 'isolated';

/** The outcome of `setupProvider`. */
export interface ProviderSetup {
  mode: ProviderMode;
  /** The provider our instrumentations and manual API should use. */
  provider: TracerProvider;
  /** Name of the other tool's provider class, when there is one. */
  foreignName?: string;
  /** Shuts down the provider Lamplight created (own or isolated); a no-op when attached. */
  shutdown(): Promise<void>;
}

/** Provider settings of `setupProvider`. */
export interface ProviderSettings {
  serviceName?: string;
  sampleRate: number;
  /**
   * Beside another tool's provider, let its sampler decide for LLM spans too (the behaviour
   * before this option existed): a trace the host samples out is not sent to Lamplight's
   * backends either. Default false: LLM calls reach Lamplight's backends whatever the host
   * samples (docs/instrumentation.md, "Host sampling"). Falls back to the environment
   * variable `LAMPLIGHT_FOLLOW_HOST_SAMPLING` (`true`/`false`) when not given.
   */
  followHostSampling?: boolean;
}

/** Builds or finds the tracer provider and connects `processors` to it. */
export function setupProvider(processors: SpanProcessor[], settings: ProviderSettings): ProviderSetup {
  const foreign = registeredProvider();
  if (!foreign) {
    const provider = createProvider(processors, settings);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    return { mode: 'own', provider, shutdown: () => provider.shutdown() };
  }
  const foreignName = foreign.constructor?.name || 'TracerProvider';
  const follow = followHostSampling(settings);
  if (attachTo(foreign, processors)) {
    if (follow) return { mode: 'attached', provider: foreign, foreignName, shutdown: async () => undefined };
    // Our processors are shut down by their owner (register); this provider only routes spans.
    const own = createProvider(processors, settings);
    return { mode: 'attached', provider: new SamplingProofTracerProvider(foreign, own), foreignName, shutdown: async () => undefined };
  }
  const own = createProvider(processors, settings);
  const provider = follow ? own : new SamplingProofTracerProvider(undefined, own);
  return { mode: 'isolated', provider, foreignName, shutdown: () => own.shutdown() };
}

function createProvider(processors: SpanProcessor[], settings: ProviderSettings): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes(settings.serviceName ? { 'service.name': settings.serviceName } : {}),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRate) }),
    spanProcessors: processors,
  });
}

function followHostSampling(settings: ProviderSettings): boolean {
  if (settings.followHostSampling !== undefined) return settings.followHostSampling;
  return process.env.LAMPLIGHT_FOLLOW_HOST_SAMPLING?.trim().toLowerCase() === 'true';
}

/**
 * The provider another tool registered globally, or undefined when there is none. Decided
 * by what the provider can do, never by its class name (a minifier renames classes): the
 * API's own no-op provider, and a `ProxyTracerProvider` with no delegate (which hands out
 * that no-op provider), are "none"; so is any provider that cannot take span processors
 * and hands out the no-op tracer.
 */
export function registeredProvider(): TracerProvider | undefined {
  const global = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof global?.getDelegate === 'function' ? global.getDelegate() : global;
  if (!delegate || isNoopProvider(delegate)) return undefined;
  return delegate;
}

/** True when `provider` can take span processors (OTel JS 1.x `addSpanProcessor`, 2.x processor list). */
export function canTakeSpanProcessors(provider: TracerProvider): boolean {
  const p = provider as TracerProvider & { addSpanProcessor?: unknown; _activeSpanProcessor?: { _spanProcessors?: unknown } };
  try {
    return typeof p.addSpanProcessor === 'function' || Array.isArray(p._activeSpanProcessor?._spanProcessors);
  } catch {
    return false;
  }
}

function isNoopProvider(provider: TracerProvider): boolean {
  // The API's no-op provider: what a ProxyTracerProvider without delegate hands out.
  const noop = new ProxyTracerProvider().getDelegate();
  if (provider === noop) return true;
  if (canTakeSpanProcessors(provider)) return false;
  try {
    // Another copy of the API has its own no-op instance, but of the same shape: a
    // provider whose tracer is a no-op tracer (same class as ours) records nothing.
    const tracer = provider.getTracer('@lamplight/register');
    const noopTracer = noop.getTracer('@lamplight/register');
    return tracer === noopTracer || (tracer?.constructor !== undefined && tracer.constructor === noopTracer.constructor);
  } catch {
    return false;
  }
}

/**
 * Adds processors to another tool's provider. OTel JS 1.x providers have
 * `addSpanProcessor`; 2.x providers take processors only in the constructor, but keep them
 * in one array that every tracer reads through, so appending to it is picked up by
 * existing tracers as well. Anything else is not touched.
 */
function attachTo(provider: TracerProvider, processors: SpanProcessor[]): boolean {
  const p = provider as TracerProvider & {
    addSpanProcessor?: (sp: SpanProcessor) => void;
    _activeSpanProcessor?: { _spanProcessors?: SpanProcessor[] };
  };
  try {
    if (typeof p.addSpanProcessor === 'function') {
      for (const sp of processors) p.addSpanProcessor(sp);
      return true;
    }
    const list = p._activeSpanProcessor?._spanProcessors;
    if (Array.isArray(list)) {
      list.push(...processors);
      return true;
    }
  } catch {
    // Fall through to an isolated provider: never break the other tool.
  }
  return false;
}
