import type { TracerProvider } from '@opentelemetry/api';
import { RateLimitedLogger } from '@lamplight/core/internal';
import { enableAiSdkTracing } from '@lamplight/ai-sdk';
import { OpenAIInstrumentation } from '@lamplight/openai';
import { appFacts } from './app-facts.js';
import { assessCoverage } from './instrumentation-coverage.js';
import type { RegisterConfig } from './register-options.js';

const log = new RateLimitedLogger('@lamplight/register');

/** An instrumentation `register` switched on. */
export interface EnabledInstrumentation {
  name: string;
  disable(): void;
}

/**
 * Enables the LLM instrumentations on `provider`. Each one is constructed inside a guard:
 * an instrumentation that fails to start is skipped with a diagnostic, never taking the
 * app or the other instrumentations down with it.
 */
export function enableInstrumentations(config: RegisterConfig, provider: TracerProvider): EnabledInstrumentation[] {
  const enabled: EnabledInstrumentation[] = [];
  if (config.openai) {
    guarded(enabled, 'openai', () => {
      const instrumentation = new OpenAIInstrumentation({ captureContent: config.captureContent });
      instrumentation.setTracerProvider(provider);
      instrumentation.enable();
      return () => instrumentation.disable();
    });
  }
  // Not with `ai` v7 but without `@ai-sdk/otel`: the startup line says so instead of a stack trace on the first call.
  if (config.aiSdk && assessCoverage(appFacts(), config).enableAiSdk) {
    guarded(enabled, 'ai-sdk', () => {
      // Zero-config AI SDK v7 tracing; it steps aside per call when the app registered
      // its own integration, so a call is never traced twice.
      const handle = enableAiSdkTracing({ tracerProvider: provider });
      return () => handle.disable();
    });
  }
  return enabled;
}

function guarded(list: EnabledInstrumentation[], name: string, start: () => () => void): void {
  try {
    list.push({ name, disable: start() });
  } catch (error) {
    log.error(`enable:${name}`, `could not enable the ${name} instrumentation; it is skipped`, error);
  }
}
