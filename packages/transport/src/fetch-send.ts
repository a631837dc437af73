import type { HttpRequest } from './http-request.js';
import { abortedResult, classifyResponse, connectionFailure, type SendResult } from './send-result.js';

/** Largest response body read; a longer one is cut (we only need status and a reason). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * `httpSend` over the Web `fetch` API, for runtimes without `node:http` (and selectable on
 * Node): the same classification (2xx success, 429/5xx retryable with `Retry-After`, other
 * codes failure with the body), the same whole-attempt timeout, and the same abort — an
 * aborted `signal` cancels the request at once and resolves with a `failure` that says so.
 * Never rejects. `agent` does not apply.
 */
export async function fetchSend(req: HttpRequest): Promise<SendResult> {
  if (req.signal?.aborted) return abortedResult();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  // Waiting for an answer must not keep a finished app alive; flush paths await us.
  (timer as { unref?: () => void }).unref?.();
  const onAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const method = req.method ?? 'POST';
    const response = await fetch(req.url, { method, headers: req.headers, body: method === 'GET' ? undefined : req.body, signal: controller.signal });
    const body = await readCapped(response);
    return classifyResponse(response.status, body, response.headers.get('retry-after') ?? undefined);
  } catch (error) {
    if (req.signal?.aborted) return abortedResult();
    if (timedOut) return { status: 'retryable', error: new Error(`request timed out after ${req.timeoutMs} ms`) };
    return connectionFailure(error);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

/** The response text up to 64 KiB; the rest is cancelled unread. */
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (size >= MAX_RESPONSE_BYTES) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // A body that breaks after the status line: the status decides, the text is what arrived.
  }
  return (text + decoder.decode()).slice(0, MAX_RESPONSE_BYTES);
}
