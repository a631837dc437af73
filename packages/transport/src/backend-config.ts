import { RateLimitedLogger } from '@lamplight/core/internal';
import { DEFAULT_GZIP_LEVEL } from './gzip.js';
import { displayUrl } from './redact.js';
import type { Sender } from './send-body.js';
import type { DeliveryTarget } from './delivery-codec.js';
import { transportPlatform } from './transport-platform.js';

const log = new RateLimitedLogger('@lamplight/transport');

/** A credential an exporter sends: its option name, its environment variable, whether it is required. */
export interface CredentialSpec {
  readonly option: string;
  readonly env: string;
  readonly required: boolean;
  /** Words for a message: `public key`, `API key`. */
  readonly noun: string;
}

/** What one backend's configuration consists of; the resolver applies the same rules to all. */
export interface BackendSpec {
  /** The exporter's class name, which every message starts with. */
  readonly exporter: string;
  /** The API route appended to the base URL, e.g. `/ingest`. */
  readonly path: string;
  /** Other API paths a user may have appended to the base URL (e.g. Langfuse's `/api/public/otel`). */
  readonly pathAliases?: readonly string[];
  /** Environment variables holding the base URL; the first one set wins. */
  readonly baseUrlEnv: readonly string[];
  /** The base URL when none is given; without one, a base URL is required. */
  readonly defaultBaseUrl?: string;
  readonly credentials: readonly CredentialSpec[];
  /** Default and hard upper bound of one request's body in bytes. */
  readonly maxRequestBytes: { readonly default: number; readonly max?: number };
  /** The default compression when the backend takes gzip; absent when it does not (no option). */
  readonly compression?: 'gzip' | 'none';
}

/** Options every exporter shares; each falls back to the environment, then to a default. */
export interface CommonExporterOptions {
  /** The backend's base URL; a URL that already ends with the API path is taken as meant. */
  baseUrl?: string;
  /** Timeout of one HTTP attempt in ms; default 10000. */
  timeoutMillis?: number;
  /** Deadline for one export call (all its requests, retries and waits), in ms; default 30000. */
  exportDeadlineMillis?: number;
  /** Upper bound of one request's body in bytes (before compression); a single larger span travels alone. */
  maxRequestBytes?: number;
  /** Extra request headers (e.g. for a proxy); they cannot replace credentials or body framing. */
  headers?: Record<string, string>;
  /**
   * The HTTP client: `node` (`node:http`, the default on Node) or `fetch` (the Web `fetch`
   * API, the default and only client of the edge entry). Both behave the same under the
   * delivery engine.
   */
  httpClient?: 'node' | 'fetch';
  /** Environment to read; default `process.env` where the runtime has one, else none. */
  env?: Record<string, string | undefined>;
}

/** Compression options of exporters whose backend takes gzip. */
export interface CompressionOptions {
  /** `gzip` or `none`; the default is the backend's. */
  compression?: 'gzip' | 'none';
  /** gzip level 1–9; default 1 (see `DEFAULT_GZIP_LEVEL`). */
  gzipLevel?: number;
}

/** A backend's resolved settings. */
export interface BackendConfig {
  /** The base URL for messages: no trailing slash, no userinfo. */
  baseUrl: string;
  endpoint: URL;
  /** Credential values by option name; absent when optional and not set. */
  credentials: Record<string, string | undefined>;
  timeoutMillis: number;
  exportDeadlineMillis: number;
  maxRequestBytes: number;
  compression: 'gzip' | 'none';
  gzipLevel: number;
  headers: Record<string, string>;
  /** The HTTP client chosen by `httpClient`. */
  send: Sender;
}

/**
 * A configuration mistake, with one line naming the option or variable. Thrown from an
 * exporter's constructor; `register` turns it into one diagnostic and skips that backend.
 */
export class ConfigError extends TypeError {
  override readonly name = 'ConfigError';
}

/** Visible ASCII only: anything else cannot go into an HTTP header and would fail every request. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Options > environment > defaults, for every backend alike (DESIGN §6 rule 7): base URLs
 * lose trailing slashes and an API path the user already appended; keys are trimmed and
 * must fit in a header; plain `http://` to a host other than this machine, with
 * credentials, gets one warning. A bad value — in an option or in the environment — throws
 * a `ConfigError` naming it: never a silent fallback to another host with the key.
 */
export function resolveBackendConfig(spec: BackendSpec, options: CommonExporterOptions & CompressionOptions & Record<string, unknown>): BackendConfig {
  if (options === null || typeof options !== 'object') throw new ConfigError(`${spec.exporter}: options must be an object`);
  const env = options.env ?? processEnv();
  const credentials: Record<string, string | undefined> = {};
  for (const c of spec.credentials) credentials[c.option] = credential(spec, c, options[c.option], env[c.env]);
  const { baseUrl, endpoint } = resolveEndpoint(spec, options.baseUrl, env);
  if (endpoint.protocol === 'http:' && !LOOPBACK.test(endpoint.hostname) && Object.values(credentials).some((v) => v !== undefined)) {
    log.warn(`${spec.exporter}:plain-http:${baseUrl}`, `${spec.exporter}: ${baseUrl} is plain http:// to another host; the credentials travel unencrypted`);
  }
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    throw new ConfigError(`${spec.exporter}: option "headers" must be an object of strings`);
  }
  const maxRequestBytes = positiveOption(spec.exporter, 'maxRequestBytes', options.maxRequestBytes, spec.maxRequestBytes.default);
  if (spec.maxRequestBytes.max !== undefined && maxRequestBytes > spec.maxRequestBytes.max) {
    throw new ConfigError(`${spec.exporter}: option "maxRequestBytes" must be at most ${spec.maxRequestBytes.max}, got ${maxRequestBytes}`);
  }
  return {
    baseUrl,
    endpoint,
    credentials,
    timeoutMillis: positiveOption(spec.exporter, 'timeoutMillis', options.timeoutMillis, 10_000),
    exportDeadlineMillis: positiveOption(spec.exporter, 'exportDeadlineMillis', options.exportDeadlineMillis, 30_000),
    maxRequestBytes,
    compression: compressionOption(spec, options.compression),
    gzipLevel: integerOption(spec.exporter, 'gzipLevel', options.gzipLevel, DEFAULT_GZIP_LEVEL, 1, 9),
    headers: { ...options.headers },
    send: httpClient(spec.exporter, options.httpClient),
  };
}

/**
 * The backend's compression. Where the runtime cannot gzip (an edge sandbox without
 * `CompressionStream`), a gzip default becomes `none` — the backends take both — and an
 * explicit `gzip` is a mistake named in a `ConfigError`.
 */
function compressionOption(spec: BackendSpec, value: unknown): 'gzip' | 'none' {
  if (spec.compression === undefined) return 'none';
  const choice = choiceOption(spec.exporter, 'compression', value, ['gzip', 'none'] as const, spec.compression);
  if (choice === 'none' || transportPlatform().canGzip()) return choice;
  if (value === 'gzip') throw new ConfigError(`${spec.exporter}: option "compression" is "gzip", but this runtime has no CompressionStream; use "none"`);
  return 'none';
}

/** `process.env` where the runtime has one (Node, Bun, Deno, Workers with `nodejs_compat`), else an empty environment. */
export function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/** The sender for `httpClient`: the platform's default when unset; `node` where the platform has no `node:http` is a mistake. */
function httpClient(exporter: string, value: unknown): Sender {
  const platform = transportPlatform();
  const choice = choiceOption(exporter, 'httpClient', value, ['node', 'fetch'] as const, platform.defaultClient);
  const send = platform.clients[choice];
  if (send === undefined) throw new ConfigError(`${exporter}: option "httpClient" is "${choice}", which this runtime's entry does not have; use "fetch"`);
  return send;
}

/** A positive finite number option, or the fallback; anything else throws naming the option. */
export function positiveOption(exporter: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${exporter}: option "${name}" must be a positive number, got ${String(value)}`);
  }
  return value;
}

/** An integer option within [min, max], or the fallback; anything else throws naming the option. */
export function integerOption(exporter: string, name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${exporter}: option "${name}" must be an integer ${min}–${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * One of `choices` from the option, else from the environment variable `envName` (any
 * case), else the fallback; a bad value in either throws naming the option or variable.
 */
export function choiceOption<T extends string>(
  exporter: string,
  name: string,
  value: unknown,
  choices: readonly T[],
  fallback: T,
  fromEnv?: { name: string; value: string | undefined },
): T {
  const list = choices.map((c) => `"${c}"`).join(' or ');
  if (value !== undefined) {
    if (!choices.includes(value as T)) throw new ConfigError(`${exporter}: option "${name}" must be ${list}, got ${String(value)}`);
    return value as T;
  }
  const raw = fromEnv?.value?.trim().toLowerCase();
  if (!fromEnv || !raw) return fallback;
  if (!choices.includes(raw as T)) throw new ConfigError(`${exporter}: ${fromEnv.name} must be ${list}, got ${JSON.stringify(raw.slice(0, 40))}`);
  return raw as T;
}

function credential(spec: BackendSpec, c: CredentialSpec, option: unknown, fromEnv: string | undefined): string | undefined {
  if (option !== undefined) {
    const value = typeof option === 'string' ? option.trim() : '';
    if (value === '') throw new ConfigError(`${spec.exporter}: option "${c.option}" must be a non-empty string`);
    if (!HEADER_SAFE.test(value)) throw new ConfigError(`${spec.exporter}: option "${c.option}" contains whitespace or characters that cannot be sent in a header`);
    return value;
  }
  const value = fromEnv?.trim();
  if (!value) {
    if (c.required) throw new ConfigError(`${spec.exporter}: no ${c.noun} (option "${c.option}" or ${c.env})`);
    return undefined;
  }
  if (!HEADER_SAFE.test(value)) throw new ConfigError(`${spec.exporter}: ${c.env} contains whitespace or characters that cannot be sent in a header`);
  return value;
}

function resolveEndpoint(spec: BackendSpec, option: unknown, env: Record<string, string | undefined>): { baseUrl: string; endpoint: URL } {
  let raw: string | undefined;
  let source: string | undefined;
  if (option !== undefined) {
    if (typeof option !== 'string') throw new ConfigError(`${spec.exporter}: option "baseUrl" must be an http(s) URL`);
    [raw, source] = [option, 'option "baseUrl"'];
  } else {
    const name = spec.baseUrlEnv.find((n) => (env[n] ?? '').trim() !== '');
    if (name !== undefined) [raw, source] = [env[name] as string, name];
  }
  if (raw === undefined || source === undefined) {
    if (spec.defaultBaseUrl === undefined) throw new ConfigError(`${spec.exporter}: no base URL (option "baseUrl" or ${spec.baseUrlEnv.join('/')})`);
    raw = spec.defaultBaseUrl;
    source = 'default';
  }
  // The value itself is never printed: a mistyped URL can hold credentials.
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${spec.exporter}: ${source} is not an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${spec.exporter}: ${source} is not an http(s) URL`);
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${spec.exporter}: ${source} must not contain credentials; use the key options or variables`);
  if (url.search !== '' || url.hash !== '') throw new ConfigError(`${spec.exporter}: ${source} must not have a query or fragment`);
  let path = url.pathname.replace(/\/+$/, '');
  for (const apiPath of [spec.path, ...(spec.pathAliases ?? [])]) {
    if (path.endsWith(apiPath)) {
      path = path.slice(0, -apiPath.length);
      break;
    }
  }
  const base = new URL(url.origin + path);
  return { baseUrl: displayUrl(base), endpoint: new URL(url.origin + path + spec.path) };
}

/** What an exporter adds to its resolved config to make a delivery target. */
export type TargetFields = Pick<DeliveryTarget, 'name' | 'label' | 'headers' | 'secrets' | 'authHint' | 'concurrency'>;

/** The delivery target of a resolved backend: its endpoint, timeouts and HTTP client, plus `fields`. */
export function deliveryTarget(config: BackendConfig, fields: TargetFields): DeliveryTarget {
  return { ...fields, url: config.endpoint, timeoutMillis: config.timeoutMillis, exportDeadlineMillis: config.exportDeadlineMillis, send: config.send };
}
