import { createRedactor, displayUrl, resolveBackendConfig, sendBodyWithRetry, responseReason, type Redactor } from '@lamplight/transport';
import { langfuseSpec, withKeys, type LangfuseConfig, type LangfuseExporterOptions } from '../langfuse-config.js';
import { base64Ascii, utf8Encode } from '@lamplight/core/internal';
import { VERSION } from '../version.js';

/** The answer of one public-API call: the parsed JSON body, or why there is none (redacted). */
export type ApiAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status?: number; reason: string };

/** A project as `GET /api/public/projects` lists it. */
export interface LangfuseProject {
  id: string;
  name?: string;
}

/** Root of Langfuse's public API, appended to the base URL. */
export const LANGFUSE_PUBLIC_API_PATH = '/api/public';

/**
 * A small typed client of the Langfuse public-API routes Lamplight uses (projects, traces,
 * scores), with the exporters' configuration rules, Basic auth, HTTP client, retries inside
 * one deadline and redaction: an answer's reason never holds the secret key.
 */
export class LangfuseApiClient {
  readonly config: LangfuseConfig;
  private readonly redact: Redactor;
  private readonly headers: Record<string, string>;

  constructor(options: LangfuseExporterOptions = {}) {
    this.config = withKeys(resolveBackendConfig(langfuseSpec('LangfuseApiClient', LANGFUSE_PUBLIC_API_PATH, { default: 1_048_576 }), options as LangfuseExporterOptions & Record<string, unknown>));
    this.redact = createRedactor([this.config.secretKey]);
    this.headers = {
      authorization: `Basic ${base64Ascii(`${this.config.publicKey}:${this.config.secretKey}`)}`,
      'content-type': 'application/json',
      'x-langfuse-sdk-name': 'lamplight',
      'x-langfuse-sdk-version': VERSION,
      'x-langfuse-public-key': this.config.publicKey,
    };
  }

  /** The Langfuse host, for UI links (no userinfo). */
  get baseUrl(): string {
    return this.config.baseUrl;
  }

  /** `GET /api/public/projects`: the project the keys belong to (also proves the keys work). */
  async getProject(): Promise<ApiAnswer<LangfuseProject>> {
    const answer = await this.request<{ data?: LangfuseProject[] }>('GET', '/projects');
    if (!answer.ok) return answer;
    const project = answer.body.data?.[0];
    return project && typeof project.id === 'string' ? { ok: true, status: answer.status, body: project } : { ok: false, status: answer.status, reason: 'the answer lists no project' };
  }

  /** `GET /api/public/traces/{traceId}`: a trace as Langfuse stored it (404 until it has arrived). */
  getTrace(traceId: string): Promise<ApiAnswer<{ id: string; name?: string; observations?: unknown[] }>> {
    return this.request('GET', `/traces/${encodeURIComponent(traceId)}`);
  }

  /** `text` with this client's credentials and anything secret-shaped blanked out, for diagnostics of calls made beside it. */
  redacted(text: string): string {
    return this.redact(text);
  }

  /**
   * One call: the JSON answer of a 2xx, else the (redacted) reason, after retries within the
   * deadline (`limits.deadlineMs`, default the exporters' export deadline; `limits.signal` stops it).
   */
  async request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, limits: { deadlineMs?: number; signal?: AbortSignal } = {}): Promise<ApiAnswer<T>> {
    const url = new URL(this.config.endpoint.href + path);
    const bytes = body === undefined ? new Uint8Array() : utf8Encode(JSON.stringify(body));
    const { result } = await sendBodyWithRetry(
      { url, headers: this.headers, timeoutMs: this.config.timeoutMillis, send: this.config.send, method },
      bytes,
      { deadlineMs: limits.deadlineMs ?? this.config.exportDeadlineMillis, ...(limits.signal ? { signal: limits.signal } : {}) },
    );
    if (result.status === 'success') {
      try {
        return { ok: true, status: result.statusCode, body: (result.body === '' ? {} : JSON.parse(result.body)) as T };
      } catch {
        return { ok: false, status: result.statusCode, reason: `${method} ${displayUrl(url)} answered ${result.statusCode} with a body that is not JSON` };
      }
    }
    const status = result.statusCode;
    const detail = status === undefined ? result.error.message : `HTTP ${status}: ${responseReason(result.body)}`;
    return { ok: false, ...(status === undefined ? {} : { status }), reason: this.redact(`${method} ${displayUrl(url)} failed: ${detail}`) };
  }
}
