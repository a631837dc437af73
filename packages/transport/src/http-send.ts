import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import type { HttpRequest } from './http-request.js';
export type { HttpRequest } from './http-request.js';
import { abortedResult, classifyResponse, connectionFailure, type SendResult } from './send-result.js';

/** Largest response body read; a longer one is cut (we only need status and a reason). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

type RequestFn = (url: URL, options: RequestOptions, cb: (res: IncomingMessage) => void) => import('node:http').ClientRequest;
let httpModules: Promise<{ http: RequestFn; https: RequestFn }> | undefined;

/**
 * `node:http`/`node:https` are loaded on first use, not at import: an HTTP
 * instrumentation loaded after us can then still patch them, and our exports
 * never run through a module we loaded before it.
 */
function loadHttp(): Promise<{ http: RequestFn; https: RequestFn }> {
  httpModules ??= Promise.all([import('node:http'), import('node:https')]).then(([h, hs]) => ({
    http: h.request as RequestFn,
    https: hs.request as RequestFn,
  }));
  return httpModules;
}

/**
 * Sends one POST and classifies the answer. Never rejects: network errors and timeouts
 * are `retryable`, 2xx `success`, 429/5xx `retryable` (with `Retry-After`), other codes
 * `failure` with the response body for the diagnostic; an aborted send is a `failure`.
 */
export async function httpSend(req: HttpRequest): Promise<SendResult> {
  const { http, https } = await loadHttp();
  if (req.signal?.aborted) return abortedResult();
  const request = req.url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = (): void => {
      clientRequest?.destroy();
      finish(abortedResult());
    };
    const method = req.method ?? 'POST';
    const headers = method === 'GET' ? req.headers : { ...req.headers, 'content-length': String(req.body.byteLength) };
    let clientRequest: import('node:http').ClientRequest | undefined;
    try {
      clientRequest = request(req.url, { method, headers, agent: req.agent as HttpAgent | undefined }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('error', (error) => finish(classifyResponse(res.statusCode ?? 0, '', res.headers['retry-after'], error)));
        res.on('end', () => finish(classifyResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES), res.headers['retry-after'])));
      });
    } catch (error) {
      resolve({ status: 'failure', error: error as Error });
      return;
    }
    const sending = clientRequest;
    // An export in flight must not keep a finished app alive on its own: the exit hooks and
    // every flush await it within their deadline, and a hung backend would otherwise hold the
    // process until the request times out.
    sending.on('socket', (socket) => socket.unref());
    const timer = setTimeout(() => {
      sending.destroy();
      finish({ status: 'retryable', error: new Error(`request timed out after ${req.timeoutMs} ms`) });
    }, req.timeoutMs);
    timer.unref?.();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    sending.on('error', (error) => finish(connectionFailure(error)));
    if (method === 'GET') sending.end();
    else sending.end(req.body);
  });
}
