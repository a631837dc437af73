import { context, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

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
  const foreignName = foreign.constructor?.name ?? 'TracerProvider';
  if (attachTo(foreign, processors)) return { mode: 'attached', provider: foreign, foreignName, shutdown: async () => undefined };
  const provider = createProvider(processors, settings);
  return { mode: 'isolated', provider, foreignName, shutdown: () => provider.shutdown() };
}

function createProvider(processors: SpanProcessor[], settings: ProviderSettings): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes(settings.serviceName ? { 'service.name': settings.serviceName } : {}),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRate) }),
    spanProcessors: processors,
  });
}

/** The provider another tool registered globally, or undefined when there is none (no-op). */
function registeredProvider(): TracerProvider | undefined {
  const global = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof global.getDelegate === 'function' ? global.getDelegate() : global;
  const name = delegate?.constructor?.name;
  if (!delegate || name === 'NoopTracerProvider') return undefined;
  return delegate;
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
