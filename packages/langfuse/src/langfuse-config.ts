import { DEFAULT_GZIP_LEVEL } from '@lamplight/transport';

/** Options of `LangfuseExporter`. Each falls back to the environment, then to a default. */
export interface LangfuseExporterOptions {
  /** `LANGFUSE_PUBLIC_KEY`. */
  publicKey?: string;
  /** `LANGFUSE_SECRET_KEY`. Never logged. */
  secretKey?: string;
  /** `LANGFUSE_BASE_URL` (alias `LANGFUSE_HOST`); default `https://cloud.langfuse.com`. */
  baseUrl?: string;
  /** Per-request timeout in ms; default 10000. */
  timeoutMillis?: number;
  /** Deadline for one batch including retries, in ms; default 30000. */
  exportDeadlineMillis?: number;
  /** `false` sends uncompressed protobuf; default gzip. */
  compression?: 'gzip' | 'none';
  /** gzip level 1–9; default 1 (see `DEFAULT_GZIP_LEVEL`). */
  gzipLevel?: number;
  /** Upper bound of one request's uncompressed body, in bytes; default 2 MiB. */
  maxRequestBytes?: number;
  /** Extra request headers (e.g. for a proxy). */
  headers?: Record<string, string>;
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Resolved exporter settings. */
export interface LangfuseConfig {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
  endpoint: URL;
  timeoutMillis: number;
  exportDeadlineMillis: number;
  compression: 'gzip' | 'none';
  gzipLevel: number;
  maxRequestBytes: number;
  headers: Record<string, string>;
}

/** Langfuse Cloud (EU), the default host. */
export const DEFAULT_LANGFUSE_BASE_URL = 'https://cloud.langfuse.com';
/** Path of the OTLP traces route, appended to the base URL. */
export const LANGFUSE_OTLP_PATH = '/api/public/otel/v1/traces';

/**
 * Options > environment > defaults, read once when the exporter is built. A missing key
 * or a malformed option throws with a message naming it (the secret's value is never shown).
 */
export function resolveLangfuseConfig(options: LangfuseExporterOptions = {}): LangfuseConfig {
  const env = options.env ?? process.env;
  const publicKey = options.publicKey ?? env.LANGFUSE_PUBLIC_KEY;
  const secretKey = options.secretKey ?? env.LANGFUSE_SECRET_KEY;
  if (!publicKey) throw new TypeError('LangfuseExporter: no public key (option "publicKey" or LANGFUSE_PUBLIC_KEY)');
  if (!secretKey) throw new TypeError('LangfuseExporter: no secret key (option "secretKey" or LANGFUSE_SECRET_KEY)');
  const baseUrl = (options.baseUrl ?? env.LANGFUSE_BASE_URL ?? env.LANGFUSE_HOST ?? DEFAULT_LANGFUSE_BASE_URL).replace(/\/+$/, '');
  let endpoint: URL;
  try {
    endpoint = new URL(baseUrl + LANGFUSE_OTLP_PATH);
  } catch {
    throw new TypeError(`LangfuseExporter: option "baseUrl" is not a URL: ${baseUrl}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new TypeError(`LangfuseExporter: option "baseUrl" must be http(s): ${baseUrl}`);
  }
  const compression = options.compression ?? 'gzip';
  if (compression !== 'gzip' && compression !== 'none') {
    throw new TypeError(`LangfuseExporter: option "compression" must be "gzip" or "none"`);
  }
  const gzipLevel = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  if (!Number.isInteger(gzipLevel) || gzipLevel < 1 || gzipLevel > 9) {
    throw new TypeError(`LangfuseExporter: option "gzipLevel" must be an integer 1–9, got ${String(gzipLevel)}`);
  }
  return {
    publicKey,
    secretKey,
    baseUrl,
    endpoint,
    timeoutMillis: positive('timeoutMillis', options.timeoutMillis, 10_000),
    exportDeadlineMillis: positive('exportDeadlineMillis', options.exportDeadlineMillis, 30_000),
    compression,
    gzipLevel,
    maxRequestBytes: positive('maxRequestBytes', options.maxRequestBytes, 2 * 1024 * 1024),
    headers: { ...options.headers },
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`LangfuseExporter: option "${name}" must be a positive number, got ${String(value)}`);
  }
  return value;
}
