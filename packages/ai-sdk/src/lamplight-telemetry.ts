import { trace, type TracerProvider } from '@opentelemetry/api';
import type { OpenTelemetryOptions } from '@ai-sdk/otel' with { 'resolution-mode': 'import' };
import type { Telemetry } from 'ai' with { 'resolution-mode': 'import' };
import { bridgeTracer } from './attribute-bridge.js';
import { forwardingIntegration } from './forwarding-integration.js';
import { shadowedByEarlierLamplight, type IntegrationRole } from './integration-registry.js';
import { loadAiSdkOtel } from './load-ai-sdk-otel.js';
import { lamplightEnrichSpan } from './span-enrichment.js';

/**
 * The instrumentation scope of the spans, as `@ai-sdk/otel` names its own tracer: core
 * recognises AI SDK v7 GenAI spans (e.g. an aborted stream) by this scope.
 */
export const AI_SDK_TRACER_NAME = 'gen_ai';

/** Options of {@link lamplightTelemetry}. */
export interface LamplightTelemetryOptions {
  /**
   * The tracer provider for the spans. Default: the global one, looked up when each span
   * starts (so a provider registered after this call is used).
   */
  tracerProvider?: TracerProvider;
  /**
   * Options for `@ai-sdk/otel`'s `OpenTelemetry`, over Lamplight's defaults (`usage: true`,
   * `embedding: true`). An `enrichSpan` runs after Lamplight's own and wins on shared keys.
   * `tracer` and `durable` are Lamplight's to set.
   */
  otel?: Omit<OpenTelemetryOptions, 'tracer' | 'durable'>;
}

/**
 * The AI SDK v7 telemetry integration of Lamplight. Register it once:
 *
 * ```ts
 * import { registerTelemetry } from 'ai';
 * import { lamplightTelemetry } from '@lamplight/ai-sdk';
 * registerTelemetry(lamplightTelemetry());
 * ```
 *
 * It is `@ai-sdk/otel`'s `OpenTelemetry` integration (GenAI conventions, scope `gen_ai`) —
 * an optional peer dependency, loaded on first use — configured for Lamplight:
 * - spans start in the context active at the call, so they nest under the caller's span and
 *   carry what `withTraceAttributes` propagates; provider calls run inside the model-call
 *   span and tool `execute` functions inside the tool span, so OpenAI-wrapper or HTTP
 *   spans nest underneath;
 * - the runtime context keys a call allows (`telemetry.includeRuntimeContext`) go on every
 *   span of the call; `userId`, `sessionId` and `tags` become the trace's user, session and
 *   tags, other keys observation metadata;
 * - usage details (cached, cache write, reasoning), time to first chunk, tool calls and
 *   results, errors (status ERROR with the provider's message, `http.response.status_code`)
 *   and aborts (ended without a finish reason, rendered WARN `aborted`) as the GenAI keys
 *   core's readers map; embeddings with their inputs and vectors.
 *
 * Never throws into the app: a missing `@ai-sdk/otel` is logged once through OTel `diag`
 * and the calls run untraced. When `register`'s zero-config tracing is on too, it steps
 * aside for calls this integration sees, so each call is traced once; and when a second
 * `lamplightTelemetry()` is registered (a setup module run again), the first one registered
 * traces and the later ones step aside.
 *
 * @throws TypeError when an option has the wrong type (at setup, never during a call).
 */
export function lamplightTelemetry(options: LamplightTelemetryOptions = {}): Telemetry {
  checkOptions(options);
  const integration: Telemetry = createIntegration(options, 'explicit', () => shadowedByEarlierLamplight(integration));
  return integration;
}

/** @internal Shared by `lamplightTelemetry` and the zero-config path. */
export function createIntegration(options: LamplightTelemetryOptions, role: IntegrationRole, standDown?: () => boolean): Telemetry {
  const provider = options.tracerProvider;
  const tracer = bridgeTracer(provider ? provider.getTracer(AI_SDK_TRACER_NAME) : trace.getTracer(AI_SDK_TRACER_NAME));
  const otel = options.otel ?? {};
  return forwardingIntegration({
    role,
    standDown,
    // The app that calls `lamplightTelemetry()` uses AI SDK v7: load now, not on the first call.
    eager: role === 'explicit',
    build: async () => {
      const mod = await loadAiSdkOtel();
      if (mod === undefined) return undefined;
      return new mod.OpenTelemetry({
        usage: true,
        embedding: true,
        ...otel,
        tracer,
        enrichSpan: lamplightEnrichSpan(otel.enrichSpan),
      });
    },
  });
}

/** A bad code option throws at setup with a message naming it (DESIGN §6.7). */
export function checkOptions(options: LamplightTelemetryOptions, fn = 'lamplightTelemetry'): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object`);
  const provider = options.tracerProvider as { getTracer?: unknown } | undefined;
  if (provider !== undefined && (provider === null || typeof provider.getTracer !== 'function')) {
    throw new TypeError(`${fn}: option "tracerProvider" must be an OpenTelemetry TracerProvider`);
  }
  if (options.otel !== undefined && (options.otel === null || typeof options.otel !== 'object')) {
    throw new TypeError(`${fn}: option "otel" must be an object of @ai-sdk/otel OpenTelemetry options`);
  }
  if (options.otel?.enrichSpan !== undefined && typeof options.otel.enrichSpan !== 'function') {
    throw new TypeError(`${fn}: option "otel.enrichSpan" must be a function`);
  }
}
