/**
 * What this package knows about the AI SDK v7 global integration registry: the array
 * `registerTelemetry()` appends to and every call without its own
 * `telemetry.integrations` dispatches to (`globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`), and
 * how to tell which registered integrations already produce spans.
 */

/**
 * Brand on every integration this package creates; the value is its role. A registry
 * symbol, so the ESM and CommonJS builds — or two installed versions — recognise each other.
 */
export const LAMPLIGHT_INTEGRATION = Symbol.for('lamplight.ai-sdk.integration');

/** `explicit`: made by `lamplightTelemetry()` for the app; `zero-config`: registered by `enableAiSdkTracing()`. */
export type IntegrationRole = 'explicit' | 'zero-config';

interface RegistryGlobal {
  AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[];
}

/** The global registry array, created when missing (as `registerTelemetry()` does). */
export function registryArray(): unknown[] {
  const g = globalThis as RegistryGlobal;
  if (!Array.isArray(g.AI_SDK_TELEMETRY_INTEGRATIONS)) g.AI_SDK_TELEMETRY_INTEGRATIONS = [];
  return g.AI_SDK_TELEMETRY_INTEGRATIONS;
}

/** The registered integrations, without creating the array. */
export function registeredIntegrations(): readonly unknown[] {
  const list = (globalThis as RegistryGlobal).AI_SDK_TELEMETRY_INTEGRATIONS;
  return Array.isArray(list) ? list : [];
}

/** Removes one integration from the registry (by identity), if present. */
export function removeIntegration(integration: unknown): void {
  const list = (globalThis as RegistryGlobal).AI_SDK_TELEMETRY_INTEGRATIONS;
  const index = Array.isArray(list) ? list.indexOf(integration) : -1;
  if (index >= 0) list?.splice(index, 1);
}

/** The role of an integration made by this package, else undefined. */
export function lamplightRole(integration: unknown): IntegrationRole | undefined {
  if (integration === null || typeof integration !== 'object') return undefined;
  const role = (integration as Record<symbol, unknown>)[LAMPLIGHT_INTEGRATION];
  return role === 'explicit' || role === 'zero-config' ? role : undefined;
}

/**
 * True when an integration produces spans of its own: one the app made with
 * `lamplightTelemetry()`, or a foreign integration implementing
 * `executeLanguageModelCall` — the hook span-producing integrations use to make provider
 * calls children of their model-call span (`@ai-sdk/otel`'s `OpenTelemetry` and
 * `LegacyOpenTelemetry` both do; integrations that only log or count do not need it).
 */
export function producesSpans(integration: unknown): boolean {
  const role = lamplightRole(integration);
  if (role !== undefined) return role === 'explicit';
  return (
    integration !== null &&
    typeof integration === 'object' &&
    typeof (integration as { executeLanguageModelCall?: unknown }).executeLanguageModelCall === 'function'
  );
}

/**
 * True when `integration` sits in the registry behind another `lamplightTelemetry()`
 * integration. Registering it twice (a setup module evaluated again, say by a dev server's
 * reload) must not trace every call twice: the first one registered traces, later ones
 * step aside. An integration passed per call (`telemetry.integrations`) is not in the
 * registry, so it is never shadowed.
 */
export function shadowedByEarlierLamplight(integration: unknown): boolean {
  const list = registeredIntegrations();
  const index = list.indexOf(integration);
  for (let i = 0; i < index; i++) if (lamplightRole(list[i]) === 'explicit') return true;
  return false;
}
