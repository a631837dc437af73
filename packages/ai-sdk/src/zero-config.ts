import { log } from './diag.js';
import { producesSpans, registeredIntegrations, registryArray, removeIntegration } from './integration-registry.js';
import { checkOptions, createIntegration, type LamplightTelemetryOptions } from './lamplight-telemetry.js';

/** Options of {@link enableAiSdkTracing}: those of `lamplightTelemetry`, typically with `register`'s provider. */
export type EnableAiSdkTracingOptions = LamplightTelemetryOptions;

/** What {@link enableAiSdkTracing} returns. */
export interface AiSdkTracingHandle {
  /** False when zero-config tracing was already enabled (this call registered nothing). */
  readonly active: boolean;
  /** Removes the integration this call registered. Idempotent; a no-op on an inactive handle. */
  disable(): void;
}

/** The process-wide slot holding the zero-config integration; a registry symbol, so the ESM and CJS builds share it. */
const SLOT = Symbol.for('lamplight.ai-sdk.zero-config');

type SlotGlobal = { [SLOT]?: unknown };

/**
 * Zero-configuration tracing of AI SDK v7 for `register`: traces every AI SDK v7 call the
 * app makes without registering a telemetry integration itself.
 *
 * How: it appends a Lamplight integration to AI SDK v7's global integration registry
 * (`globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`, the array `registerTelemetry()` appends
 * to and `ai` reads on every call), so it works whether `ai` is loaded before or after,
 * from ESM or CommonJS, and costs nothing in apps that never use `ai` (`@ai-sdk/otel` is
 * loaded on the first AI SDK event). AI SDK v5/v6 never read the registry.
 *
 * Exactly once:
 * - per process: at most one zero-config integration exists (tracked on `globalThis`,
 *   shared by both builds and by every copy of this package). Calling this again while one
 *   is registered registers nothing and returns an inactive handle; after `disable()` a
 *   new call registers again.
 * - per AI SDK call: at the start of each operation the integration checks the registry
 *   and steps aside for that whole operation when the app registered a span-producing
 *   integration of its own — `lamplightTelemetry()`, `@ai-sdk/otel`'s `OpenTelemetry` /
 *   `LegacyOpenTelemetry`, or any integration implementing `executeLanguageModelCall`. A
 *   call that passes `telemetry.integrations` replaces the registry for that call, and
 *   `telemetry.isEnabled: false` turns telemetry off, so neither reaches it at all. Each
 *   AI SDK call is therefore traced by one integration, never two.
 *
 * Never throws into the app: a missing `@ai-sdk/otel` is logged once through OTel `diag`.
 *
 * @throws TypeError when an option has the wrong type (at setup).
 */
export function enableAiSdkTracing(options: EnableAiSdkTracingOptions = {}): AiSdkTracingHandle {
  checkOptions(options, 'enableAiSdkTracing');
  const g = globalThis as SlotGlobal;
  if (g[SLOT] !== undefined) {
    log.debug('enableAiSdkTracing: zero-config AI SDK tracing is already enabled; nothing registered');
    return { active: false, disable: () => undefined };
  }
  const integration: object = createIntegration(options, 'zero-config', () =>
    registeredIntegrations().some((other) => other !== integration && producesSpans(other)),
  );
  try {
    registryArray().push(integration);
  } catch (error) {
    // Someone froze or replaced the registry: tracing AI SDK calls is not worth breaking startup.
    log.error('registry', 'could not register the AI SDK telemetry integration; AI SDK v7 calls are not traced', error);
    return { active: false, disable: () => undefined };
  }
  g[SLOT] = integration;
  let disabled = false;
  return {
    active: true,
    disable() {
      if (disabled) return;
      disabled = true;
      removeIntegration(integration);
      if (g[SLOT] === integration) delete g[SLOT];
    },
  };
}
