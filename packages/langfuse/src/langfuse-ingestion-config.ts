import { LANGFUSE_INGESTION_MAX_BATCH_BYTES, RateLimitedLogger, type LangfuseIngestionTypeMode } from '@lamplight/core/internal';
import { DEFAULT_LANGFUSE_BASE_URL } from './langfuse-config.js';

const log = new RateLimitedLogger('@lamplight/langfuse');

/** Options of `LangfuseIngestionExporter`. Keys and URL fall back to the environment, then to a default. */
export interface LangfuseIngestionExporterOptions {
  /** `LANGFUSE_PUBLIC_KEY`. */
  publicKey?: string;
  /** `LANGFUSE_SECRET_KEY`. Never logged. */
  secretKey?: string;
  /** `LANGFUSE_BASE_URL` (alias `LANGFUSE_HOST`); default `https://cloud.langfuse.com`. Requests go to `{baseUrl}/api/public/ingestion`. */
  baseUrl?: string;
  /** Timeout of one HTTP attempt in ms; default 10000. */
  timeoutMillis?: number;
  /** Deadline for one export call (all its requests, retries and waits), in ms; default 30000. */
  exportDeadlineMillis?: number;
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
  /** Extra request headers (e.g. for a proxy). They cannot replace `authorization` or `content-type`. */
  headers?: Record<string, string>;
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Resolved exporter settings. */
export interface LangfuseIngestionConfig {
  publicKey: string;
  secretKey: string;
  baseUrl: string;
  endpoint: URL;
  timeoutMillis: number;
  exportDeadlineMillis: number;
  maxRequestBytes: number;
  typeMode: LangfuseIngestionTypeMode;
  headers: Record<string, string>;
}

/** Path of the legacy batch ingestion route, appended to the base URL. */
export const LANGFUSE_INGESTION_PATH = '/api/public/ingestion';
/** Default batch budget: below the 3.5 MB limit with room for proxies that count differently. */
export const DEFAULT_INGESTION_REQUEST_BYTES = 3_000_000;

/** Which Langfuse API an exporter speaks: OTLP (default) or the legacy batch ingestion API. */
export type LangfuseTransport = 'otlp' | 'ingestion';

/**
 * The transport chosen by code or by `LAMPLIGHT_LANGFUSE_TRANSPORT` (`otlp` | `ingestion`,
 * any case); default `otlp`. A bad code option throws; a bad environment value warns and
 * falls back to `otlp`.
 */
export function resolveLangfuseTransport(options: { transport?: LangfuseTransport; env?: Record<string, string | undefined> } = {}): LangfuseTransport {
  if (options.transport !== undefined) {
    if (options.transport !== 'otlp' && options.transport !== 'ingestion') {
      throw new TypeError(`Langfuse: option "transport" must be "otlp" or "ingestion", got ${String(options.transport)}`);
    }
    return options.transport;
  }
  const raw = (options.env ?? process.env).LAMPLIGHT_LANGFUSE_TRANSPORT?.trim().toLowerCase();
  if (!raw) return 'otlp';
  if (raw === 'otlp' || raw === 'ingestion') return raw;
  log.warn('env:transport', `LAMPLIGHT_LANGFUSE_TRANSPORT must be "otlp" or "ingestion", got ${JSON.stringify(raw)}; using otlp`);
  return 'otlp';
}

/**
 * Options > environment > defaults, read once when the exporter is built (DESIGN §6 rule 7).
 * A missing key or a bad code option throws with a message naming it; a bad environment
 * value warns and falls back. The secret's value never appears in a message.
 */
export function resolveLangfuseIngestionConfig(options: LangfuseIngestionExporterOptions = {}): LangfuseIngestionConfig {
  if (options === null || typeof options !== 'object') throw new TypeError('LangfuseIngestionExporter: options must be an object');
  const env = options.env ?? process.env;
  const publicKey = key(options.publicKey, env.LANGFUSE_PUBLIC_KEY, 'publicKey', 'LANGFUSE_PUBLIC_KEY');
  const secretKey = key(options.secretKey, env.LANGFUSE_SECRET_KEY, 'secretKey', 'LANGFUSE_SECRET_KEY');
  const baseUrl = resolveBaseUrl(options.baseUrl, env.LANGFUSE_BASE_URL ?? env.LANGFUSE_HOST);
  const maxRequestBytes = positive('maxRequestBytes', options.maxRequestBytes, DEFAULT_INGESTION_REQUEST_BYTES);
  if (maxRequestBytes > LANGFUSE_INGESTION_MAX_BATCH_BYTES) {
    throw new TypeError(`LangfuseIngestionExporter: option "maxRequestBytes" must be at most ${LANGFUSE_INGESTION_MAX_BATCH_BYTES}, got ${maxRequestBytes}`);
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    throw new TypeError('LangfuseIngestionExporter: option "headers" must be an object of strings');
  }
  return {
    publicKey,
    secretKey,
    baseUrl,
    endpoint: new URL(baseUrl + LANGFUSE_INGESTION_PATH),
    timeoutMillis: positive('timeoutMillis', options.timeoutMillis, 10_000),
    exportDeadlineMillis: positive('exportDeadlineMillis', options.exportDeadlineMillis, 30_000),
    maxRequestBytes,
    typeMode: resolveTypeMode(options.typeMode, env.LAMPLIGHT_LANGFUSE_INGESTION_TYPES),
    headers: { ...options.headers },
  };
}

function key(option: string | undefined, fromEnv: string | undefined, name: string, envName: string): string {
  if (option !== undefined) {
    if (typeof option !== 'string' || option === '') throw new TypeError(`LangfuseIngestionExporter: option "${name}" must be a non-empty string`);
    return option;
  }
  const value = fromEnv?.trim();
  if (!value) throw new TypeError(`LangfuseIngestionExporter: no ${name === 'publicKey' ? 'public' : 'secret'} key (option "${name}" or ${envName})`);
  return value;
}

function resolveBaseUrl(option: string | undefined, fromEnv: string | undefined): string {
  if (option !== undefined) {
    const url = typeof option === 'string' ? httpUrl(option) : undefined;
    if (!url) throw new TypeError(`LangfuseIngestionExporter: option "baseUrl" must be an http(s) URL, got ${JSON.stringify(String(option))}`);
    return url;
  }
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const url = httpUrl(fromEnv.trim());
    if (url) return url;
    // The value is not printed: a mistyped URL can hold credentials in its user-info part.
    log.warn('env:base-url', `LANGFUSE_BASE_URL is not an http(s) URL; using ${DEFAULT_LANGFUSE_BASE_URL}`);
  }
  return DEFAULT_LANGFUSE_BASE_URL;
}

function resolveTypeMode(option: LangfuseIngestionTypeMode | undefined, fromEnv: string | undefined): LangfuseIngestionTypeMode {
  if (option !== undefined) {
    if (option !== 'compatible' && option !== 'typed') {
      throw new TypeError(`LangfuseIngestionExporter: option "typeMode" must be "compatible" or "typed", got ${String(option)}`);
    }
    return option;
  }
  const raw = fromEnv?.trim().toLowerCase();
  if (!raw) return 'compatible';
  if (raw === 'compatible' || raw === 'typed') return raw;
  log.warn('env:types', `LAMPLIGHT_LANGFUSE_INGESTION_TYPES must be "compatible" or "typed", got ${JSON.stringify(raw)}; using compatible`);
  return 'compatible';
}

/** The base URL without trailing slashes, or undefined when it is not an absolute http(s) URL. */
function httpUrl(value: string): string | undefined {
  const trimmed = value.replace(/\/+$/, '');
  try {
    const url = new URL(trimmed + LANGFUSE_INGESTION_PATH);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`LangfuseIngestionExporter: option "${name}" must be a positive number, got ${String(value)}`);
  }
  return value;
}
