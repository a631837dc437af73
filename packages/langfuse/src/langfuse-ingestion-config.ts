import { LANGFUSE_INGESTION_MAX_BATCH_BYTES, type LangfuseIngestionTypeMode } from '@lamplight/core/internal';
import { choiceOption, processEnv, resolveBackendConfig, type CommonExporterOptions } from '@lamplight/transport';
import { LANGFUSE_INGESTION_PATH, langfuseSpec, withKeys, type LangfuseConfig } from './langfuse-config.js';

/** Options of `LangfuseIngestionExporter`. Keys and URL fall back to the environment, then to a default. */
export interface LangfuseIngestionExporterOptions extends CommonExporterOptions {
  /** `LANGFUSE_PUBLIC_KEY`. */
  publicKey?: string;
  /** `LANGFUSE_SECRET_KEY`. Never logged. */
  secretKey?: string;
  /** `LANGFUSE_BASE_URL` (alias `LANGFUSE_HOST`); default `https://cloud.langfuse.com`. Requests go to `{baseUrl}/api/public/ingestion`. */
  baseUrl?: string;
  /**
   * Upper bound of one batch's JSON body in bytes, measured exactly; default 3,000,000, at most
   * 3,500,000 (Langfuse's documented limit). A single event above this budget travels alone.
   */
  maxRequestBytes?: number;
  /**
   * How agent, tool, chain, retriever, guardrail, evaluator and embedding observations are sent
   * (`LAMPLIGHT_LANGFUSE_INGESTION_TYPES`): `compatible` (default) as `span-create` /
   * `generation-create` with the kind in metadata, accepted by every version of this API;
   * `typed` as `agent-create`, `tool-create`, … for Langfuse versions that know those types.
   */
  typeMode?: LangfuseIngestionTypeMode;
}

/** Resolved exporter settings. */
export interface LangfuseIngestionConfig extends LangfuseConfig {
  typeMode: LangfuseIngestionTypeMode;
}

/** Default batch budget: below the 3.5 MB limit with room for proxies that count differently. */
export const DEFAULT_INGESTION_REQUEST_BYTES = 3_000_000;

/** Which Langfuse API an exporter speaks: OTLP (default) or the legacy batch ingestion API. */
export type LangfuseTransport = 'otlp' | 'ingestion';

/**
 * The transport chosen by code or by `LAMPLIGHT_LANGFUSE_TRANSPORT` (`otlp` | `ingestion`,
 * any case); default `otlp`. A bad value in either throws a `ConfigError` naming it.
 */
export function resolveLangfuseTransport(options: { transport?: LangfuseTransport; env?: Record<string, string | undefined> } = {}): LangfuseTransport {
  const env = options.env ?? processEnv();
  return choiceOption('Langfuse', 'transport', options.transport, ['otlp', 'ingestion'] as const, 'otlp', {
    name: 'LAMPLIGHT_LANGFUSE_TRANSPORT',
    value: env.LAMPLIGHT_LANGFUSE_TRANSPORT,
  });
}

/** Options > environment > defaults for `LangfuseIngestionExporter` (the shared resolver's rules). */
export function resolveLangfuseIngestionConfig(options: LangfuseIngestionExporterOptions = {}): LangfuseIngestionConfig {
  const spec = langfuseSpec('LangfuseIngestionExporter', LANGFUSE_INGESTION_PATH, { default: DEFAULT_INGESTION_REQUEST_BYTES, max: LANGFUSE_INGESTION_MAX_BATCH_BYTES });
  const config = withKeys(resolveBackendConfig(spec, options as LangfuseIngestionExporterOptions & Record<string, unknown>));
  const env = options.env ?? processEnv();
  const typeMode = choiceOption('LangfuseIngestionExporter', 'typeMode', options.typeMode, ['compatible', 'typed'] as const, 'compatible', {
    name: 'LAMPLIGHT_LANGFUSE_INGESTION_TYPES',
    value: env.LAMPLIGHT_LANGFUSE_INGESTION_TYPES,
  });
  return { ...config, typeMode };
}
