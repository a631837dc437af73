import type * as AiSdkOtel from '@ai-sdk/otel' with { 'resolution-mode': 'import' };
import { log } from './diag.js';

/** The `@ai-sdk/otel` module namespace. */
export type AiSdkOtelModule = typeof AiSdkOtel;

let loading: Promise<AiSdkOtelModule | undefined> | undefined;

/**
 * Loads `@ai-sdk/otel` (an optional peer dependency) once per process; resolves to
 * `undefined`, logged once, when it is missing or unusable.
 *
 * Why a dynamic import: a static one would make this whole package unloadable without
 * `@ai-sdk/otel` — for AI SDK v5/v6 users and for `register` in apps that only use
 * OpenAI. The specifier resolves from this package's location in both builds (native
 * `import()` in the ESM build; `require()` in the CommonJS build, which loads the ESM-only
 * package on Node ≥ 20.19 / 22.12, the versions AI SDK v7 supports), so the app's copy —
 * the one its `ai` sees — is the one loaded.
 */
export function loadAiSdkOtel(): Promise<AiSdkOtelModule | undefined> {
  loading ??= import('@ai-sdk/otel').then(
    (mod) => {
      if (typeof mod.OpenTelemetry === 'function') return mod;
      log.error('load', '@ai-sdk/otel does not export OpenTelemetry; AI SDK v7 calls are not traced');
      return undefined;
    },
    (error: unknown) => {
      log.error('load', 'could not load @ai-sdk/otel; install it (npm i @ai-sdk/otel) to trace AI SDK v7 calls', error);
      return undefined;
    },
  );
  return loading;
}
