/** One request to send. */
export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Default `POST`; the public-API client also reads (`GET`, with an empty body) and patches. */
  method?: 'POST' | 'GET' | 'PATCH' | 'PUT';
  /** Whole-attempt timeout in ms: connect, upload and response. */
  timeoutMs: number;
  /** A `node:http` `Agent`, used by `httpSend` only (typed loosely so edge code needs no Node types). */
  agent?: unknown;
  /**
   * Aborting it destroys the request at once (no answer is awaited) and resolves with a
   * `failure` whose error says so: the caller gave up on this send, e.g. at shutdown.
   */
  signal?: AbortSignal;
}
