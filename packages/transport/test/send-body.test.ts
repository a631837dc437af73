import { describe, expect, it } from 'vitest';
import { sendBodyWithRetry, userHeaders } from '../src/index.js';
import { serve } from './test-server.js';

const noWait = { sleep: async () => undefined };

describe('sendBodyWithRetry', () => {
  it('POSTs the body with the headers, retries a 503 and reports every attempt with its bytes', async () => {
    const seen: Array<{ body: string; header: string | string[] | undefined }> = [];
    const statuses = [503, 503, 200];
    const url = await serve((req, res, body) => {
      seen.push({ body: body.toString(), header: req.headers['x-test'] });
      res.writeHead(statuses.shift() ?? 500);
      res.end('ok');
    });
    const attempts: number[] = [];
    const target = { url, headers: { 'x-test': 'yes' }, timeoutMs: 2000, onAttempt: (bytes: number) => attempts.push(bytes), retry: noWait };
    const out = await sendBodyWithRetry(target, Buffer.from('payload'), { deadlineMs: 10_000 });
    expect(out).toMatchObject({ attempts: 3, exhausted: false, aborted: false, result: { status: 'success', statusCode: 200, body: 'ok' } });
    expect(attempts).toEqual([7, 7, 7]);
    expect(seen).toEqual(Array.from({ length: 3 }, () => ({ body: 'payload', header: 'yes' })));
  });

  it('caps each attempt at the time left when that is shorter than timeoutMs', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const started = Date.now();
    const out = await sendBodyWithRetry({ url, headers: {}, timeoutMs: 20_000, retry: noWait }, Buffer.from('x'), { deadlineMs: 200 });
    expect(out).toMatchObject({ exhausted: true, result: { status: 'retryable' } });
    const timeout = Number(/timed out after (\d+) ms/.exec((out.result as { error: Error }).error.message)?.[1]);
    expect(timeout).toBeGreaterThan(0);
    expect(timeout).toBeLessThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('caps each attempt at timeoutMs when the deadline is further away', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const out = await sendBodyWithRetry({ url, headers: {}, timeoutMs: 100, retry: { ...noWait, maxAttempts: 1 } }, Buffer.from('x'), { deadlineMs: 60_000 });
    expect((out.result as { error: Error }).error.message).toMatch(/timed out after 100 ms/);
  });

  it('sends nothing and counts no attempt when the signal is already aborted', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.end();
    });
    const controller = new AbortController();
    controller.abort();
    let attempts = 0;
    const out = await sendBodyWithRetry({ url, headers: {}, timeoutMs: 1000, onAttempt: () => attempts++ }, Buffer.from('x'), { deadlineMs: 1000, signal: controller.signal });
    expect(out).toMatchObject({ attempts: 0, aborted: true, result: { status: 'failure' } });
    expect(attempts).toBe(0);
    expect(requests).toBe(0);
  });

  it('destroys the request in flight when the signal aborts', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const out = await sendBodyWithRetry({ url, headers: {}, timeoutMs: 10_000 }, Buffer.from('x'), { deadlineMs: 10_000, signal: controller.signal });
    expect(out).toMatchObject({ aborted: true, result: { status: 'failure' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('userHeaders', () => {
  const reserved = new Set(['authorization', 'content-type']);

  it('drops reserved names whatever their case, and values that are not strings', () => {
    const headers = { Authorization: 'Bearer mine', 'Content-Type': 'text/plain', 'x-proxy': 'p', 'x-num': 1, 'x-undef': undefined };
    expect(userHeaders(headers, reserved)).toStrictEqual({ 'x-proxy': 'p' });
  });

  it('keeps the user spelling of the names it passes, and returns a new object', () => {
    const headers = { 'X-Tenant': 'a' };
    const out = userHeaders(headers, reserved);
    expect(out).toStrictEqual({ 'X-Tenant': 'a' });
    expect(out).not.toBe(headers);
  });
});
