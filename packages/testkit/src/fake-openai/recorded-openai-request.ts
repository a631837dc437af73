/**
 * What the fake OpenAI server remembers about each request. Credentials are redacted on the
 * way in: the fake accepts any key, and a test log or snapshot that prints `requests` must
 * never carry one (DESIGN.md §6.5), so only the fact that a key was sent is kept.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Which OpenAI API a request addressed. */
export type FakeOpenAIEndpoint = 'chat.completions' | 'responses' | 'completions' | 'embeddings' | 'models' | 'unknown';

/** One request as the fake server saw it. */
export interface FakeOpenAIRequest {
  /** Position in `fake.requests` (restarts at 0 after `reset()`). */
  index: number;
  /** HTTP method. */
  method: string;
  /** URL path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Query string including `?`, or `''`. */
  search: string;
  /** Which API the path belongs to. */
  endpoint: FakeOpenAIEndpoint;
  /**
   * Headers, names lowercased, repeated headers joined with `, `. `authorization` is
   * `Bearer ***` (or `***`); `api-key`, `x-api-key`, `proxy-authorization` and `cookie` are `***`.
   */
  headers: Record<string, string>;
  /** True when an `Authorization` (or Azure `api-key`) header was sent. */
  hasAuthorization: boolean;
  /** Parsed JSON body; `undefined` when the body was empty or not JSON. */
  body: unknown;
  /** Body length in bytes. */
  bodyBytes: number;
  /** True when the body asked for `stream: true`. */
  stream: boolean;
  /** The body's `model`, when it is a string. */
  model?: string;
  /** When the body finished arriving (`Date.now()`). */
  receivedAt: number;
  /** HTTP status answered; `undefined` while pending, or when the connection was dropped first. */
  status?: number;
  /** True when the server dropped the connection (before answering or mid-stream). */
  dropped: boolean;
}

const MASKED_HEADERS = new Set(['api-key', 'x-api-key', 'proxy-authorization', 'cookie']);

/** Lowercases names, joins repeated values and masks credentials. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (key === 'authorization') flat[key] = /^bearer\s/i.test(text) ? 'Bearer ***' : '***';
    else flat[key] = MASKED_HEADERS.has(key) ? '***' : text;
  }
  return flat;
}

/** The endpoint a path belongs to (`/v1/models/gpt-4o` is `models`). */
export function endpointOf(path: string): FakeOpenAIEndpoint {
  if (path === '/v1/chat/completions') return 'chat.completions';
  if (path === '/v1/responses') return 'responses';
  if (path === '/v1/completions') return 'completions';
  if (path === '/v1/embeddings') return 'embeddings';
  if (path === '/v1/models' || path.startsWith('/v1/models/')) return 'models';
  return 'unknown';
}

/** One line per request for timeout messages: `#0 POST /v1/chat/completions (stream) → 200`. */
export function describeOpenAIRequests(requests: readonly FakeOpenAIRequest[], limit = 20): string {
  if (requests.length === 0) return 'no requests arrived';
  const lines = requests.slice(0, limit).map((request) => {
    const outcome = request.dropped ? 'dropped' : request.status === undefined ? 'pending' : String(request.status);
    return `#${request.index} ${request.method} ${request.path}${request.stream ? ' (stream)' : ''} → ${outcome}`;
  });
  if (requests.length > limit) lines.push(`… and ${requests.length - limit} more`);
  return lines.join('\n');
}
