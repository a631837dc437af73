import { RAW_RECORD_PATH, RateLimitedLogger } from '@lamplight/core/internal';

const log = new RateLimitedLogger('@lamplight/raw-record');

/** Options of `RawRecordExporter`. `baseUrl` and `apiKey` fall back to the environment. */
export interface RawRecordExporterOptions {
  /**
   * `LAMPLIGHT_RAW_RECORD_BASE_URL`: the API's base URL; records go to `{baseUrl}/api/v1/telemetry/raw`.
   * A URL that already ends in that path is used as it is. Required: there is no public default.
   */
  baseUrl?: string;
  /** `LAMPLIGHT_RAW_RECORD_API_KEY`, sent as `X-API-Key`. Optional (the API marks the header nullable); never logged. */
  apiKey?: string;
  /** Timeout of one HTTP attempt in ms; default 10000. */
  timeoutMillis?: number;
  /** Deadline for one export call (all its requests, retries and waits), in ms; default 30000. */
  exportDeadlineMillis?: number;
  /** Most requests in flight at once (one record each), 1–32; default 4. */
  maxConcurrency?: number;
  /** Extra request headers (e.g. for a proxy). They cannot replace `x-api-key` or `content-type`. */
  headers?: Record<string, string>;
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Resolved exporter settings. */
export interface RawRecordConfig {
  /** The origin and any base path, without trailing slashes, for diagnostics. */
  baseUrl: string;
  endpoint: URL;
  apiKey?: string;
  timeoutMillis: number;
  exportDeadlineMillis: number;
  maxConcurrency: number;
  headers: Record<string, string>;
}

/** Most requests in flight a user may ask for: one record per request, but a backend is not a load test. */
export const MAX_RAW_RECORD_CONCURRENCY = 32;

/** Visible ASCII only: anything else cannot go into an HTTP header and would fail every request. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Options > environment > defaults, read once when the exporter is built (DESIGN §6 rule 7).
 * A missing base URL or a bad code option throws with a message naming it; an API key in
 * the environment that cannot be sent in a header warns and is not used. Neither the key
 * nor a bad URL (which may hold credentials) appears in a message.
 */
export function resolveRawRecordConfig(options: RawRecordExporterOptions = {}): RawRecordConfig {
  if (options === null || typeof options !== 'object') throw new TypeError('RawRecordExporter: options must be an object');
  const env = options.env ?? process.env;
  const { baseUrl, endpoint } = resolveEndpoint(options.baseUrl, env.LAMPLIGHT_RAW_RECORD_BASE_URL);
  const maxConcurrency = options.maxConcurrency ?? 4;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > MAX_RAW_RECORD_CONCURRENCY) {
    throw new TypeError(`RawRecordExporter: option "maxConcurrency" must be an integer 1–${MAX_RAW_RECORD_CONCURRENCY}, got ${String(maxConcurrency)}`);
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    throw new TypeError('RawRecordExporter: option "headers" must be an object of strings');
  }
  const config: RawRecordConfig = {
    baseUrl,
    endpoint,
    timeoutMillis: positive('timeoutMillis', options.timeoutMillis, 10_000),
    exportDeadlineMillis: positive('exportDeadlineMillis', options.exportDeadlineMillis, 30_000),
    maxConcurrency,
    headers: { ...options.headers },
  };
  const apiKey = resolveApiKey(options.apiKey, env.LAMPLIGHT_RAW_RECORD_API_KEY);
  if (apiKey !== undefined) config.apiKey = apiKey;
  return config;
}

function resolveApiKey(option: string | undefined, fromEnv: string | undefined): string | undefined {
  if (option !== undefined) {
    if (typeof option !== 'string' || option === '') throw new TypeError('RawRecordExporter: option "apiKey" must be a non-empty string');
    if (!HEADER_SAFE.test(option)) throw new TypeError('RawRecordExporter: option "apiKey" contains whitespace or characters that cannot be sent in a header');
    return option;
  }
  const key = fromEnv?.trim();
  if (!key) return undefined;
  if (HEADER_SAFE.test(key)) return key;
  log.warn('env:api-key', 'LAMPLIGHT_RAW_RECORD_API_KEY contains characters that cannot be sent in a header; sending records without X-API-Key');
  return undefined;
}

function resolveEndpoint(option: string | undefined, fromEnv: string | undefined): { baseUrl: string; endpoint: URL } {
  if (option !== undefined) {
    const resolved = typeof option === 'string' ? httpEndpoint(option) : undefined;
    if (!resolved) throw new TypeError('RawRecordExporter: option "baseUrl" must be an http(s) URL');
    return resolved;
  }
  if (fromEnv === undefined || fromEnv.trim() === '') {
    throw new TypeError('RawRecordExporter: no base URL (option "baseUrl" or LAMPLIGHT_RAW_RECORD_BASE_URL)');
  }
  const resolved = httpEndpoint(fromEnv.trim());
  // No default to fall back to: sending records somewhere the user did not name would be worse.
  if (!resolved) throw new TypeError('RawRecordExporter: LAMPLIGHT_RAW_RECORD_BASE_URL is not an http(s) URL');
  return resolved;
}

/** The endpoint for a base URL (or for the full endpoint URL); undefined when not an absolute http(s) URL. */
function httpEndpoint(value: string): { baseUrl: string; endpoint: URL } | undefined {
  const trimmed = value.trim().replace(/\/+$/, '');
  const baseUrl = trimmed.endsWith(RAW_RECORD_PATH) ? trimmed.slice(0, -RAW_RECORD_PATH.length) : trimmed;
  try {
    const endpoint = new URL(baseUrl + RAW_RECORD_PATH);
    return endpoint.protocol === 'http:' || endpoint.protocol === 'https:' ? { baseUrl, endpoint } : undefined;
  } catch {
    return undefined;
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`RawRecordExporter: option "${name}" must be a positive number, got ${String(value)}`);
  }
  return value;
}
