import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { protobufBody } from './helpers/otlp-request-builder.js';

/** Injected socket-level behaviour shared by both receivers: down/up, reset mid-body, processed-then-garbage. */

interface Target {
  name: string;
  start(options?: { maxBodyBytes?: number }): Promise<LangfuseReceiver | FoglampReceiver>;
  path: string;
  headers(receiver: LangfuseReceiver | FoglampReceiver): Record<string, string>;
  /** A valid body carrying `spans` spans. */
  body(spans: number): Buffer;
}

const T0 = 1_716_566_400_000;

const targets: Target[] = [
  {
    name: 'Langfuse',
    start: (options) => startLangfuseReceiver(options),
    path: '/api/public/otel/v1/traces',
    headers: (receiver) => ({
      authorization: receiver.authorizationHeader,
      'content-type': 'application/x-protobuf',
      'x-langfuse-ingestion-version': '4',
    }),
    body: (spans) =>
      protobufBody(Array.from({ length: spans }, (_, i) => ({ name: `s${i}`, spanId: (i + 1).toString(16).padStart(16, 'a') }))),
  },
  {
    name: 'Foglamp',
    start: (options) => startFoglampReceiver(options),
    path: '/ingest',
    headers: (receiver) => ({ authorization: receiver.authorizationHeader, 'content-type': 'application/json' }),
    body: (spans) =>
      Buffer.from(
        JSON.stringify({
          version: 'v1',
          traces: [
            {
              traceId: 'abcdefabcdefabcdefabcdefabcdef01',
              spans: Array.from({ length: spans }, (_, i) => ({
                spanId: `span-${i}`,
                spanType: 'llm',
                name: 'chat',
                startTime: T0,
                endTime: T0 + 5,
                status: 'ok',
              })),
            },
          ],
        }),
      ),
  },
];

type RawResult = { status: number; text: string } | { error: string };

/**
 * POSTs with node:http; `firstPart` bytes are written first and the rest only after
 * `pauseMs`, so a reset can land in the middle of the body. Resolves with the answer or
 * the socket error code.
 */
function rawPost(url: string, headers: Record<string, string>, body: Buffer, options: { firstPart?: number; pauseMs?: number } = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    if (options.firstPart === undefined) {
      req.end(body);
      return;
    }
    req.write(body.subarray(0, options.firstPart));
    setTimeout(() => {
      if (!req.destroyed) req.end(body.subarray(options.firstPart));
    }, options.pauseMs ?? 200);
  });
}

let open: Array<LangfuseReceiver | FoglampReceiver> = [];
afterEach(async () => {
  await Promise.all(open.map((receiver) => receiver.close()));
  open = [];
});

async function start(target: Target, options?: { maxBodyBytes?: number }) {
  const receiver = await target.start(options);
  open.push(receiver);
  return receiver;
}

describe.each(targets)('$name receiver: injected socket faults', (target) => {
  it('setDown(true) refuses connections; setDown(false) serves again on the same port, keeping what it recorded', async () => {
    const receiver = await start(target);
    const url = receiver.url + target.path;
    expect(await rawPost(url, target.headers(receiver), target.body(1))).toMatchObject({ status: 200 });
    await receiver.setDown(true);
    expect(receiver.isDown).toBe(true);
    await receiver.setDown(true); // a repeated state is a no-op
    expect(await rawPost(url, target.headers(receiver), target.body(1))).toEqual({ error: 'ECONNREFUSED' });
    await receiver.setDown(false);
    expect(receiver.isDown).toBe(false);
    expect(new URL(receiver.url).port).toBe(String(receiver.port));
    expect(await rawPost(url, target.headers(receiver), target.body(1))).toMatchObject({ status: 200 });
    // Both accepted requests are on the books; the refused one never reached the receiver.
    expect(receiver.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it('setDown keeps queued faults for when the receiver is back, and close() works while down', async () => {
    const receiver = await start(target);
    receiver.failNext({ status: 503 });
    await receiver.setDown(true);
    await receiver.setDown(false);
    expect(await rawPost(receiver.url + target.path, target.headers(receiver), target.body(1))).toMatchObject({ status: 503 });
    await receiver.setDown(true);
    await receiver.close();
    await expect(receiver.setDown(false)).rejects.toThrow(/closed/);
  });

  it('reset: cuts the connection after part of the body, with no answer, recorded as status 0', async () => {
    const receiver = await start(target);
    receiver.failNext({ reset: true, resetAfterBytes: 10 });
    const body = target.body(20);
    const result = await rawPost(receiver.url + target.path, target.headers(receiver), body, { firstPart: 64, pauseMs: 300 });
    expect('error' in result && ['ECONNRESET', 'EPIPE'].includes(result.error)).toBe(true);
    const [recorded] = receiver.requests;
    expect(recorded).toMatchObject({ status: 0, injected: true, responseBody: '' });
    expect(recorded?.bodyBytes).toBeGreaterThanOrEqual(10);
    expect(recorded?.bodyBytes).toBeLessThan(body.length);
    expect(receiver.spans()).toEqual([]);
    // The fault was used up: the next request is handled normally.
    expect(await rawPost(receiver.url + target.path, target.headers(receiver), target.body(2))).toMatchObject({ status: 200 });
    expect(receiver.spans()).toHaveLength(2);
  });

  it('reset: a body shorter than resetAfterBytes is reset once it has fully arrived, before any answer', async () => {
    const receiver = await start(target);
    receiver.failNext({ reset: true, resetAfterBytes: 10_000_000 });
    const result = await rawPost(receiver.url + target.path, target.headers(receiver), target.body(1));
    expect('error' in result).toBe(true);
    expect(receiver.requests[0]?.status).toBe(0);
  });

  it('processed: accepts the spans as usual, then answers with the scripted status and body', async () => {
    const receiver = await start(target);
    receiver.failNext({ processed: true, body: '<html>502 Bad Gateway</html>' });
    receiver.failNext({ processed: true, status: 503, headers: { 'retry-after': '0' } });
    const first = await rawPost(receiver.url + target.path, target.headers(receiver), target.body(3));
    expect(first).toEqual({ status: 200, text: '<html>502 Bad Gateway</html>' });
    expect(receiver.spans()).toHaveLength(3);
    const second = await rawPost(receiver.url + target.path, target.headers(receiver), target.body(1));
    expect(second).toMatchObject({ status: 503 });
    expect(receiver.requests.map((r) => [r.status, r.injected])).toEqual([
      [200, true],
      [503, true],
    ]);
    // The 503 came after the write: the receiver holds what the request carried.
    expect(receiver.spans().length).toBeGreaterThanOrEqual(3);
  });

  it('processed with a delay: the answer comes late, the spans are stored anyway', async () => {
    const receiver = await start(target);
    receiver.failNext({ processed: true, delayMs: 50 });
    expect(await rawPost(receiver.url + target.path, target.headers(receiver), target.body(2))).toMatchObject({ status: 200 });
    expect(receiver.spans()).toHaveLength(2);
  });

  it('maxBodyBytes: a body over the limit gets 413 and nothing is accepted', async () => {
    const receiver = await start(target, { maxBodyBytes: 300 });
    expect(await rawPost(receiver.url + target.path, target.headers(receiver), target.body(1))).toMatchObject({ status: 200 });
    expect(await rawPost(receiver.url + target.path, target.headers(receiver), target.body(40))).toMatchObject({ status: 413 });
    expect(receiver.spans()).toHaveLength(1);
  });

  it('rejects contradictory fault options with a message naming the option', async () => {
    const receiver = await start(target);
    expect(() => receiver.failNext({ reset: true, status: 500 })).toThrow(/reset answers nothing/);
    expect(() => receiver.failNext({ reset: true, resetAfterBytes: 0 })).toThrow(/resetAfterBytes must be a positive integer/);
    expect(() => receiver.failNext({ resetAfterBytes: 5 })).toThrow(/resetAfterBytes needs reset: true/);
    expect(() => receiver.failNext({})).toThrow(/give a status, a delayMs, or both/);
  });
});

describe('receiver options', () => {
  it('startLangfuseReceiver rejects a bad maxBodyBytes', async () => {
    await expect(startLangfuseReceiver({ maxBodyBytes: 0 })).rejects.toThrow(/maxBodyBytes must be a positive integer/);
  });
});
