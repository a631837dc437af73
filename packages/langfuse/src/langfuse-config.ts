import { choiceOption, deliveryTarget, resolveBackendConfig, userHeaders, type BackendConfig, type BackendSpec, type CommonExporterOptions, type CompressionOptions, type DeliveryTarget } from '@lamplight/transport';

import { base64Ascii } from '@lamplight/core/internal';
import type { LangfuseMediaOptions } from './media/media-options.js';
import { VERSION } from './version.js';

/** Options of `LangfuseExporter`. Each falls back to the environment, then to a default. */
export interface LangfuseExporterOptions extends CommonExporterOptions, CompressionOptions {
  /** `LANGFUSE_PUBLIC_KEY`. */
  publicKey?: string;
  /** `LANGFUSE_SECRET_KEY`. Never logged. */
  secretKey?: string;
  /** `LANGFUSE_BASE_URL` (alias `LANGFUSE_HOST`); default `https://cloud.langfuse.com`. */
  baseUrl?: string;
  /**
   * Upload images and other binary content through Langfuse's media API so they show in
   * Langfuse (default on); `false` sends the placeholders (`<data:image/png;base64, N bytes>`)
   * as before. Only `LangfuseExporter` (OTLP) uploads; the object form sets its limits.
   * Falls back to `LAMPLIGHT_LANGFUSE_MEDIA` (`true` | `false`).
   */
  media?: boolean | LangfuseMediaOptions;
  /**
   * Which OTLP/protobuf encoder writes the requests: `'lamplight'` (default), Lamplight's own
   * writer, which produces the same bytes as the stock one at a fraction of its CPU; or
   * `'stock'`, the `@opentelemetry/otlp-transformer` serializer, kept as a fallback should a
   * Langfuse deployment ever disagree with the former. Falls back to
   * `LAMPLIGHT_LANGFUSE_OTLP_ENCODER` (`lamplight` | `stock`).
   */
  otlpEncoder?: OtlpEncoderName;
}

/** The OTLP/protobuf encoders `LangfuseExporter` can use (its `otlpEncoder` option). */
export type OtlpEncoderName = 'lamplight' | 'stock';

/**
 * The `otlpEncoder` option, else `LAMPLIGHT_LANGFUSE_OTLP_ENCODER`, else `'lamplight'`; a bad
 * value in either throws naming the option or the variable.
 */
export function resolveOtlpEncoder(option: unknown, env: Record<string, string | undefined>): OtlpEncoderName {
  return choiceOption('LangfuseExporter', 'otlpEncoder', option, ['lamplight', 'stock'] as const, 'lamplight', {
    name: 'LAMPLIGHT_LANGFUSE_OTLP_ENCODER',
    value: env.LAMPLIGHT_LANGFUSE_OTLP_ENCODER,
  });
}

/** Resolved settings of a Langfuse exporter (OTLP or ingestion). */
export interface LangfuseConfig extends BackendConfig {
  publicKey: string;
  secretKey: string;
}

/** Langfuse Cloud (EU), the default host. */
export const DEFAULT_LANGFUSE_BASE_URL = 'https://cloud.langfuse.com';
/** Path of the OTLP traces route, appended to the base URL. */
export const LANGFUSE_OTLP_PATH = '/api/public/otel/v1/traces';
/** Path of the legacy batch ingestion route, appended to the base URL. */
export const LANGFUSE_INGESTION_PATH = '/api/public/ingestion';

/** What both Langfuse exporters read: the keys and the base URL. */
const LANGFUSE_SPEC = {
  baseUrlEnv: ['LANGFUSE_BASE_URL', 'LANGFUSE_HOST'],
  defaultBaseUrl: DEFAULT_LANGFUSE_BASE_URL,
  // Any API path a user may have copied from Langfuse's docs is taken off the base URL.
  pathAliases: [LANGFUSE_OTLP_PATH, '/api/public/otel', LANGFUSE_INGESTION_PATH],
  credentials: [
    { option: 'publicKey', env: 'LANGFUSE_PUBLIC_KEY', required: true, noun: 'public key' },
    { option: 'secretKey', env: 'LANGFUSE_SECRET_KEY', required: true, noun: 'secret key' },
  ],
} as const;

/**
 * The delivery target of a Langfuse exporter: its endpoint; the user's extra headers
 * without those in `reserved` (lower case), then Basic auth, the SDK headers and the
 * exporter's own `headers`; the secret key to keep out of diagnostics; and what to check
 * after a 401/403 (the public key is no secret: it names the project).
 */
export function langfuseTarget(
  name: string,
  label: string,
  config: LangfuseConfig,
  headers: Record<string, string>,
  reserved: ReadonlySet<string>,
): DeliveryTarget {
  return deliveryTarget(config, {
    name,
    label,
    headers: {
      ...userHeaders(config.headers, reserved),
      authorization: `Basic ${base64Ascii(`${config.publicKey}:${config.secretKey}`)}`,
      'x-langfuse-sdk-name': 'lamplight',
      'x-langfuse-sdk-version': VERSION,
      'x-langfuse-public-key': config.publicKey,
      ...headers,
    },
    secrets: [config.secretKey],
    authHint: `LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY (public key ${config.publicKey}) and that LANGFUSE_BASE_URL is the host of that project`,
  });
}

/** The shared resolver's view of a Langfuse backend at `path`, for `exporter`. */
export function langfuseSpec(exporter: string, path: string, maxRequestBytes: BackendSpec['maxRequestBytes'], compression?: 'gzip'): BackendSpec {
  return { ...LANGFUSE_SPEC, exporter, path, maxRequestBytes, ...(compression ? { compression } : {}) };
}

/** Options > environment > defaults for `LangfuseExporter` (the shared resolver's rules). */
export function resolveLangfuseConfig(options: LangfuseExporterOptions = {}): LangfuseConfig {
  const spec = langfuseSpec('LangfuseExporter', LANGFUSE_OTLP_PATH, { default: 2 * 1024 * 1024 }, 'gzip');
  return withKeys(resolveBackendConfig(spec, options as LangfuseExporterOptions & Record<string, unknown>));
}

/** The resolved config with its two required keys lifted out. */
export function withKeys(config: BackendConfig): LangfuseConfig {
  return { ...config, publicKey: config.credentials.publicKey as string, secretKey: config.credentials.secretKey as string };
}
