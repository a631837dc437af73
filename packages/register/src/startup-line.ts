import type { ObservationExporter } from '@lamplight/core';
import { appFacts, type AppFacts } from './app-facts.js';
import { assessCoverage } from './instrumentation-coverage.js';
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
  /** Facts about the app; default: gathered from this process. */
  facts?: AppFacts;
}

/**
 * What `register` prints at startup: one line saying where data goes (base URLs and the
 * Langfuse public key, never a secret), how the provider was set up and what is really
 * instrumented — then one line for each configuration mistake found, saying what to do.
 */
export function describeStartup({ config, exporters, setup, instrumentations, failed = [], facts }: StartupFacts): string {
  let coverage: { listed: string[]; notices: string[] };
  try {
    coverage = assessCoverage(facts ?? appFacts(), config, instrumentations.map((i) => i.name));
  } catch {
    // Never let describing the setup break it: fall back to what was enabled.
    coverage = { listed: instrumentations.map((i) => i.name), notices: [] };
  }
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
  const patched = coverage.listed.length > 0 ? coverage.listed.join(', ') : 'none';
  const content = config.captureContent ? '' : '; content capture off';
  const broken = failed.length > 0 ? `; NOT exporting to ${failed.join(', ')} (invalid configuration, see the diagnostic above)` : '';
  const notices = [...(config.notices ?? []), ...coverage.notices].map((line) => `\n[lamplight] ${line}`).join('');
  return `[lamplight] ${where}${broken}; ${provider}; instrumented: ${patched}${content}${notices}`;
}
