import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipAsync, httpSend, parseRetryAfter, sendWithRetry, type SendResult } from '../src/index.js';
import { serve } from './test-server.js';

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});

describe('httpSend', () => {
  it('classifies 2xx, 4xx and 429 with Retry-After, sending the body and headers', async () => {
    const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const statuses = [200, 400, 429];
    const url = await serve((req, res, body) => {
      seen.push({ headers: req.headers, body: body.toString() });
      const status = statuses.shift() ?? 500;
      res.writeHead(status, status === 429 ? { 'retry-after': '3' } : {});
      res.end(status === 400 ? '{"error":"bad"}' : 'ok');
    });
    const send = () => httpSend({ url, headers: { 'x-test': '1' }, body: Buffer.from('payload'), timeoutMs: 2000 });
    expect(await send()).toMatchObject({ status: 'success', statusCode: 200, body: 'ok' });
    expect(await send()).toMatchObject({ status: 'failure', statusCode: 400, body: '{"error":"bad"}' });
    expect(await send()).toMatchObject({ status: 'retryable', statusCode: 429, retryAfterMs: 3000 });
    expect(seen[0]).toMatchObject({ body: 'payload', headers: { 'x-test': '1', 'content-length': '7' } });
  });

  it('treats a refused connection and a timeout as retryable', async () => {
    const refused = await httpSend({ url: new URL('http://127.0.0.1:1/x'), headers: {}, body: Buffer.alloc(0), timeoutMs: 2000 });
    expect(refused.status).toBe('retryable');
    const url = await serve(() => {
      /* never answers */
    });
    const slow = await httpSend({ url, headers: {}, body: Buffer.alloc(1), timeoutMs: 100 });
    expect(slow).toMatchObject({ status: 'retryable' });
    expect((slow as { error: Error }).error.message).toMatch(/timed out after 100 ms/);
  });

  it('destroys the request when the signal aborts, without waiting for the answer', async () => {
    let closed: Promise<void> | undefined;
    const url = await serve((req) => {
      // Never answers; resolves once the client has torn the connection down.
      closed = new Promise((resolve) => req.socket.once('close', () => resolve()));
    });
    const controller = new AbortController();
    const sending = httpSend({ url, headers: {}, body: Buffer.from('x'), timeoutMs: 10_000, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const result = await sending;
    expect(result).toMatchObject({ status: 'failure' });
    expect((result as { error: Error }).error.message).toMatch(/aborted/);
    await closed;
    // An already aborted signal sends nothing at all.
    const before = Date.now();
    expect(await httpSend({ url, headers: {}, body: Buffer.from('x'), timeoutMs: 10_000, signal: controller.signal })).toMatchObject({ status: 'failure' });
    expect(Date.now() - before).toBeLessThan(1000);
  });
});

describe('sendWithRetry', () => {
  const retryable = (retryAfterMs?: number): SendResult => ({ status: 'retryable', statusCode: 503, error: new Error('503'), retryAfterMs });

  it('retries until success, honouring Retry-After over backoff', async () => {
    const waits: number[] = [];
    const answers = [retryable(1234), retryable(), { status: 'success', statusCode: 200, body: '' } as SendResult];
    const out = await sendWithRetry(async () => answers.shift()!, {
      deadlineMs: 60_000,
      initialBackoffMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(out).toMatchObject({ attempts: 3, exhausted: false, result: { status: 'success' } });
    expect(waits[0]).toBe(1234);
    expect(waits[1]).toBeGreaterThanOrEqual(160);
    expect(waits[1]).toBeLessThanOrEqual(240);
  });

  it('stops when the next wait would pass the deadline, and never retries a failure', async () => {
    let calls = 0;
    const out = await sendWithRetry(async () => (calls++, retryable(10_000)), { deadlineMs: 1000, sleep: async () => undefined });
    expect(out).toMatchObject({ attempts: 1, exhausted: true });
    calls = 0;
    const failed = await sendWithRetry(async () => (calls++, { status: 'failure', statusCode: 400, error: new Error('400') }), { deadlineMs: 1000 });
    expect(calls).toBe(1);
    expect(failed.result.status).toBe('failure');
  });

  it('stops retrying when the signal aborts: no further attempt, and the backoff wait ends at once', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const out = await sendWithRetry(async () => (calls++, retryable(5_000)), { deadlineMs: 60_000, signal: controller.signal });
    expect(out).toMatchObject({ attempts: 1, exhausted: false, aborted: true, result: { status: 'failure' } });
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
    const again = await sendWithRetry(async () => (calls++, retryable()), { deadlineMs: 60_000, signal: controller.signal });
    expect(again).toMatchObject({ attempts: 0, aborted: true });
    expect(calls).toBe(1);
  });

  it('a shutdown that begins during the backoff after a refused connection ends the wait, and that attempt is final', async () => {
    const shuttingDown = new AbortController();
    let calls = 0;
    // A sleep that only ends when its signal aborts: without the shutdown waking it, this never settles.
    const sleep = (_ms: number, signal?: AbortSignal): Promise<void> =>
      new Promise((resolve) => {
        signal?.addEventListener('abort', () => resolve(), { once: true });
        setImmediate(() => shuttingDown.abort());
      });
    const refused: SendResult = { status: 'retryable', error: new Error('connect ECONNREFUSED'), unreachable: true };
    const out = await sendWithRetry(async () => (calls++, refused), { deadlineMs: 60_000, sleep, shuttingDown: shuttingDown.signal, signal: new AbortController().signal });
    expect(out).toMatchObject({ attempts: 1, exhausted: true, aborted: false, result: { status: 'retryable', unreachable: true } });
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    const out = await sendWithRetry(async () => (calls++, retryable(1)), { deadlineMs: 60_000, maxAttempts: 4, sleep: async () => undefined });
    expect(calls).toBe(4);
    expect(out.exhausted).toBe(true);
  });
});

describe('gzipAsync', () => {
  it('round-trips and compresses repetitive text', async () => {
    const text = Buffer.from('the same prompt again and again '.repeat(1000));
    const packed = await gzipAsync(text);
    expect(packed.byteLength).toBeLessThan(text.byteLength / 10);
    expect(gunzipSync(packed).equals(text)).toBe(true);
  });
});
