import type { TracerProvider } from '@opentelemetry/api';
import type { RegisterConfig } from './register-options.js';

/** An instrumentation `register` switched on. */
export interface EnabledInstrumentation {
  name: string;
  disable(): void;
}

/**
 * Enables the LLM instrumentations on `provider`. Filled in by the OpenAI and AI SDK
 * packages' entry points.
 */
export function enableInstrumentations(config: RegisterConfig, provider: TracerProvider): EnabledInstrumentation[] {
  void config;
  void provider;
  return [];
}
