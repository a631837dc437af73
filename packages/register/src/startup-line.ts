import type { ObservationExporter } from '@lamplight/core';
import type { ProviderSetup } from './provider-setup.js';
import type { RegisterConfig } from './register-options.js';
import type { EnabledInstrumentation } from './instrumentations.js';

/** Inputs of the startup line. */
export interface StartupFacts {
  config: RegisterConfig;
  exporters: ObservationExporter[];
  setup: ProviderSetup;
  instrumentations: EnabledInstrumentation[];
  /** Backends that were configured but could not be built. */
  failed?: string[];
}

/**
 * The one line `register` prints at startup: where data goes (base URLs and the Langfuse
 * public key, never a secret), how the provider was set up, what was instrumented.
 */
export function describeStartup({ config, exporters, setup, instrumentations, failed = [] }: StartupFacts): string {
  const targets = exporters.map((e) => {
    const endpoint = (e as { endpoint?: string }).endpoint;
    const key = e.name === 'langfuse' && config.langfuse ? `, key ${config.langfuse.publicKey ?? config.langfuse.env?.LANGFUSE_PUBLIC_KEY ?? '?'}` : '';
    return `${e.name} (${endpoint ?? 'default endpoint'}${key})`;
  });
  const where =
    targets.length > 0
      ? `exporting to ${targets.join(' and ')}`
      : failed.length > 0
        ? 'no backend is exporting'
        : 'no backend configured (set LANGFUSE_PUBLIC_KEY + LANGFUSE_SECRET_KEY, FOGLAMP_API_KEY or LAMPLIGHT_RAW_RECORD_BASE_URL); spans are not exported';
  const provider =
    setup.mode === 'own'
      ? 'own tracer provider'
      : setup.mode === 'attached'
        ? `attached to the app's ${setup.foreignName}`
        : `isolated provider for LLM spans (the app's ${setup.foreignName} takes no extra processors)`;
  const patched = instrumentations.length > 0 ? instrumentations.map((i) => i.name).join(', ') : 'none';
  const content = config.captureContent ? '' : '; content capture off';
  const broken = failed.length > 0 ? `; NOT exporting to ${failed.join(', ')} (invalid configuration, see the diagnostic above)` : '';
  return `[lamplight] ${where}${broken}; ${provider}; instrumented: ${patched}${content}`;
}
