import { FOGLAMP_MAX_TRACES_PER_BATCH, RateLimitedLogger } from '@lamplight/core/internal';
import { DEFAULT_GZIP_LEVEL } from '@lamplight/transport';

const log = new RateLimitedLogger('@lamplight/foglamp');

/** Options of `FoglampExporter`. `apiKey` and `baseUrl` fall back to the environment, then to a default. */
export interface FoglampExporterOptions {
  /** `FOGLAMP_API_KEY` (keys look like `fl_…`). Sent as `Authorization: Bearer <key>`; never logged. */
  apiKey?: string;
  /** `FOGLAMP_BASE_URL`; default `http://localhost:4000` (the vendor page's example). Requests go to `{baseUrl}/ingest`. */
  baseUrl?: string;
  /** Timeout of one HTTP attempt in ms; default 10000. */
  timeoutMillis?: number;
  /** Deadline for one export call (all its requests, retries and waits), in ms; default 30000. */
  exportDeadlineMillis?: number;
  /** `gzip` compresses request bodies; default `none`, because the vendor does not promise gzip. */
  compression?: 'none' | 'gzip';
  /** gzip level 1–9; default 1 (see `DEFAULT_GZIP_LEVEL`). */
  gzipLevel?: number;
  /** Upper bound of one request's JSON body in bytes (before gzip); default 2 MiB. A single larger span travels alone. */
  maxRequestBytes?: number;
  /** Most trace entries per request, 1–1000; default 1000 (the contract's limit). */
  maxTracesPerRequest?: number;
  /** Extra request headers (e.g. for a proxy). They cannot replace `authorization` or `content-type`. */
  headers?: Record<string, string>;
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Resolved exporter settings. */
export interface FoglampConfig {
  apiKey: string;
  baseUrl: string;
  endpoint: URL;
  timeoutMillis: number;
  exportDeadlineMillis: number;
  compression: 'none' | 'gzip';
  gzipLevel: number;
  maxRequestBytes: number;
  maxTracesPerRequest: number;
  headers: Record<string, string>;
}

/** The vendor page's example base URL, used when neither the option nor the environment gives one. */
export const DEFAULT_FOGLAMP_BASE_URL = 'http://localhost:4000';
/** Path of the ingest route, appended to the base URL. */
export const FOGLAMP_INGEST_PATH = '/ingest';

/** Visible ASCII only: anything else cannot go into an HTTP header and would fail every request. */
const HEADER_SAFE_KEY = /^[\x21-\x7e]+$/;

/**
 * Options > environment > defaults, read once when the exporter is built (DESIGN §6 rule 7).
 * A bad code option throws with a message naming it; a bad `FOGLAMP_BASE_URL` warns and
 * falls back to the default. The key's value never appears in a message.
 */
export function resolveFoglampConfig(options: FoglampExporterOptions = {}): FoglampConfig {
  if (options === null || typeof options !== 'object') throw new TypeError('FoglampExporter: options must be an object');
  const env = options.env ?? process.env;
  const apiKey = resolveApiKey(options.apiKey, env.FOGLAMP_API_KEY);
  const baseUrl = resolveBaseUrl(options.baseUrl, env.FOGLAMP_BASE_URL);
  const compression = options.compression ?? 'none';
  if (compression !== 'gzip' && compression !== 'none') {
    throw new TypeError(`FoglampExporter: option "compression" must be "none" or "gzip", got ${String(compression)}`);
  }
  const gzipLevel = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  if (!Number.isInteger(gzipLevel) || gzipLevel < 1 || gzipLevel > 9) {
    throw new TypeError(`FoglampExporter: option "gzipLevel" must be an integer 1–9, got ${String(gzipLevel)}`);
  }
  const maxTracesPerRequest = options.maxTracesPerRequest ?? FOGLAMP_MAX_TRACES_PER_BATCH;
  if (!Number.isInteger(maxTracesPerRequest) || maxTracesPerRequest < 1 || maxTracesPerRequest > FOGLAMP_MAX_TRACES_PER_BATCH) {
    throw new TypeError(
      `FoglampExporter: option "maxTracesPerRequest" must be an integer 1–${FOGLAMP_MAX_TRACES_PER_BATCH}, got ${String(maxTracesPerRequest)}`,
    );
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    throw new TypeError('FoglampExporter: option "headers" must be an object of strings');
  }
  return {
    apiKey,
    baseUrl,
    endpoint: new URL(baseUrl + FOGLAMP_INGEST_PATH),
    timeoutMillis: positive('timeoutMillis', options.timeoutMillis, 10_000),
    exportDeadlineMillis: positive('exportDeadlineMillis', options.exportDeadlineMillis, 30_000),
    compression,
    gzipLevel,
    maxRequestBytes: positive('maxRequestBytes', options.maxRequestBytes, 2 * 1024 * 1024),
    maxTracesPerRequest,
    headers: { ...options.headers },
  };
}

function resolveApiKey(option: string | undefined, fromEnv: string | undefined): string {
  if (option !== undefined) {
    if (typeof option !== 'string' || option === '') throw new TypeError('FoglampExporter: option "apiKey" must be a non-empty string');
    if (!HEADER_SAFE_KEY.test(option)) {
      throw new TypeError('FoglampExporter: option "apiKey" contains whitespace or characters that cannot be sent in a header');
    }
    return option;
  }
  const key = fromEnv?.trim();
  if (!key) throw new TypeError('FoglampExporter: no API key (option "apiKey" or FOGLAMP_API_KEY)');
  if (!HEADER_SAFE_KEY.test(key)) {
    throw new TypeError('FoglampExporter: FOGLAMP_API_KEY contains whitespace or characters that cannot be sent in a header');
  }
  return key;
}

function resolveBaseUrl(option: string | undefined, fromEnv: string | undefined): string {
  if (option !== undefined) {
    const url = typeof option === 'string' ? httpUrl(option) : undefined;
    if (!url) throw new TypeError(`FoglampExporter: option "baseUrl" must be an http(s) URL, got ${JSON.stringify(String(option))}`);
    return url;
  }
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const url = httpUrl(fromEnv.trim());
    if (url) return url;
    // The value is not printed: a mistyped URL can hold credentials in its user-info part.
    log.warn('env:base-url', `FOGLAMP_BASE_URL is not an http(s) URL; using ${DEFAULT_FOGLAMP_BASE_URL}`);
  }
  return DEFAULT_FOGLAMP_BASE_URL;
}

/** The base URL without trailing slashes, or undefined when it is not an absolute http(s) URL. */
function httpUrl(value: string): string | undefined {
  const trimmed = value.replace(/\/+$/, '');
  try {
    const url = new URL(trimmed + FOGLAMP_INGEST_PATH);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`FoglampExporter: option "${name}" must be a positive number, got ${String(value)}`);
  }
  return value;
}
