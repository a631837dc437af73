import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { log } from './diag.js';
import { resolveTracingOptions, type ObserveOpenAIOptions, type ResolvedTracingOptions } from './options.js';
import { isOurWrapper, markWrapped, wrapHelper } from './patch/call-slot.js';
import { follow, PATCH_TARGETS } from './patch/targets.js';
import type { TracingSource } from './patch/start-call.js';
import { tracedCreate } from './patch/traced-create.js';
import { VERSION } from './version.js';

/** The tracer name of every span this package creates. */
export const TRACER_NAME = '@lamplight/openai';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Tracers by provider: `getTracer` costs about a microsecond per call otherwise. Keyed by the
 * provider object, so a newly registered global provider (a new proxy after `trace.disable()`)
 * gets its own tracer.
 */
const tracers = new WeakMap<TracerProvider, Tracer>();

function tracerOf(provider: TracerProvider): Tracer {
  let tracer = tracers.get(provider);
  if (!tracer) {
    tracer = provider.getTracer(TRACER_NAME, VERSION);
    tracers.set(provider, tracer);
  }
  return tracer;
}

/** Per-client tracing settings, read at call time so a second `observeOpenAI` updates them. */
const settings = new WeakMap<object, { options: ResolvedTracingOptions; tracerProvider?: ObserveOpenAIOptions['tracerProvider'] }>();

/**
 * Traces an OpenAI client (or `AzureOpenAI`, provider `azure.ai.openai`) and returns it:
 * `chat.completions.create` (streamed or not), `responses.create`, `embeddings.create` and
 * the legacy `completions.create` each make one generation, including when called by the
 * SDK's helpers (`parse`, `stream`, `runTools`), which are tagged by name. Everything
 * else on the client is untouched. `client.withOptions()` returns a traced client too.
 *
 * The client is patched in place (own properties on its resource objects), not wrapped in a
 * Proxy: the SDK's helpers call `this._client.chat.completions.create` on the original
 * object, and its methods use `#private` fields that a Proxy receiver cannot reach. So the
 * returned value is the same object, of the same class, with the same type. Calling it
 * again on the same client only updates the options. Works together with
 * `OpenAIInstrumentation`: a call is traced once, by whichever wrapper it meets first.
 *
 * @throws TypeError for an invalid option (a setup error, reported at once).
 */
export function observeOpenAI<T extends object>(client: T, options: ObserveOpenAIOptions = {}): T {
  const resolved = resolveTracingOptions(options, 'observeOpenAI');
  if (client === null || typeof client !== 'object') return client;
  const known = settings.has(client);
  settings.set(client, { options: resolved, tracerProvider: options.tracerProvider });
  if (known) return client;
  try {
    patchClient(client);
  } catch (error) {
    log.warn('observe', 'could not trace this OpenAI client; it works untraced', error);
  }
  return client;
}

function patchClient(client: object): void {
  const source: TracingSource = {
    tracer: (): Tracer => tracerOf(settings.get(client)?.tracerProvider ?? trace.getTracerProvider()),
    options: () => settings.get(client)?.options ?? resolveTracingOptions(undefined, 'observeOpenAI'),
  };
  for (const target of PATCH_TARGETS) {
    const resource = follow(client, target.clientPath);
    if (resource === null || typeof resource !== 'object') continue;
    replaceOwn(resource, 'create', (original) => tracedCreate(target.spec, original, source));
    for (const helper of target.helpers) {
      replaceOwn(resource, helper, (original) => wrapHelper(`${target.spec.resource}.${helper}`, original));
    }
  }
  // `withOptions` builds a new client of the same class; trace it with this client's settings.
  replaceOwn(client, 'withOptions', (original) => {
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const derived = original.apply(this, args);
      const own = settings.get(client);
      if (derived !== null && typeof derived === 'object' && own) {
        observeOpenAI(derived, { ...own.options, tracerProvider: own.tracerProvider });
      }
      return derived;
    };
    markWrapped(wrapped, original);
    return wrapped;
  });
}

/**
 * Installs `wrap(current)` as a non-enumerable own property, so spreading or serialising
 * the resource shows nothing new; skipped when the method is missing or already ours.
 */
function replaceOwn(target: object, name: string, wrap: (original: AnyFunction) => AnyFunction): void {
  const current = (target as Record<string, unknown>)[name];
  if (typeof current !== 'function' || isOurOwn(target, name)) return;
  Object.defineProperty(target, name, { value: wrap(current as AnyFunction), writable: true, configurable: true, enumerable: false });
}

function isOurOwn(target: object, name: string): boolean {
  const own = Object.getOwnPropertyDescriptor(target, name);
  return own !== undefined && isOurWrapper(own.value);
}
