import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFoglampReceiver, type FoglampReceiver } from '@lamplight/testkit';

let receiver: FoglampReceiver;
beforeEach(async () => {
  receiver = await startFoglampReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const T0 = 1_716_566_400_000;
const TRACE = 'abcdefabcdefabcdefabcdefabcdef01';

const span = (spanId: string, extra: Record<string, unknown> = {}) => ({
  spanId,
  spanType: 'llm',
  name: 'chat',
  startTime: T0,
  endTime: T0 + 5,
  status: 'ok',
  ...extra,
});
const batch = (spans = [span('a'), span('b')], traceId = TRACE) => ({ version: 'v1', traces: [{ traceId, sessionId: 's', spans }] });

interface PostOptions {
  headers?: Record<string, string>;
  gzip?: boolean;
  path?: string;
  method?: string;
  raw?: string;
}

async function post(body: unknown, options: PostOptions = {}) {
  const text = options.raw ?? JSON.stringify(body);
  const payload = options.gzip ? gzipSync(text) : Buffer.from(text);
  const response = await fetch(receiver.url + (options.path ?? '/ingest'), {
    method: options.method ?? 'POST',
    headers: {
      authorization: receiver.authorizationHeader,
      'content-type': 'application/json',
      ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
      ...options.headers,
    },
    body: options.method === 'GET' ? undefined : payload,
  });
  const answer = await response.text();
  return { status: response.status, headers: response.headers, text: answer, json: answer ? (JSON.parse(answer) as Record<string, unknown>) : {} };
}

describe('Foglamp receiver: answers', () => {
  it('answers {accepted} with the valid span count and records the request', async () => {
    const answer = await post(batch([span('a'), span('b'), span('c', { startTime: 5 })]));
    expect(answer).toMatchObject({ status: 200, json: { accepted: 2 } });
    const [request] = receiver.requests;
    expect(request).toMatchObject({ index: 0, method: 'POST', path: '/ingest', status: 200, acceptedSpans: 2, traceCount: 1, spanCount: 3, injected: false });
    expect(request?.headers.authorization).toBe('Bearer fl_testkit');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual(batch([span('a'), span('b'), span('c', { startTime: 5 })]));
    expect(receiver.spans().map((s) => [s.traceId, s.spanId, s.requestIndex])).toEqual([
      [TRACE, 'a', 0],
      [TRACE, 'b', 0],
    ]);
    expect(receiver.traces()).toEqual([{ traceId: TRACE, sessionId: 's', spans: [span('a'), span('b')], requestIndex: 0 }]);
    expect(receiver.trace(TRACE.toUpperCase())).toHaveLength(2);
    expect(receiver.violations()).toEqual([
      expect.objectContaining({ requestIndex: 0, traceId: TRACE, spanId: 'c', field: 'traces[0].spans[2].startTime' }),
    ]);
  });

  it('inflates gzip bodies', async () => {
    const answer = await post(batch(), { gzip: true });
    expect(answer.json).toEqual({ accepted: 2 });
    const [request] = receiver.requests;
    expect(request?.contentEncoding).toBe('gzip');
    expect(request?.decompressedBytes).toBeGreaterThan(0);
    expect(request?.bodyBytes).not.toBe(request?.decompressedBytes);
  });

  it.each([
    ['no auth header', { headers: { authorization: '' } }, 401, 'authorization'],
    ['Basic auth', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }, 401, 'authorization'],
    ['wrong path', { path: '/v1/ingest' }, 404, 'path'],
    ['wrong content type', { headers: { 'content-type': 'text/plain' } }, 415, 'content-type'],
    ['brotli', { headers: { 'content-encoding': 'br' } }, 415, 'content-encoding'],
    ['bad JSON', { raw: '{"version":' }, 400, 'body'],
  ] as const)('refuses %s as a contract violation', async (_name, options, status, field) => {
    const answer = await post(batch(), options as PostOptions);
    expect(answer.status).toBe(status);
    expect(typeof answer.json.error).toBe('string');
    expect(receiver.violations().map((v) => v.field)).toEqual([field]);
    expect(receiver.spans()).toEqual([]);
  });

  it('refuses a wrong key with 401 without calling it a violation, and never records the key as a value', async () => {
    const answer = await post(batch(), { headers: { authorization: 'Bearer fl_wrong' } });
    expect(answer.status).toBe(401);
    expect(receiver.violations()).toEqual([]);
    expect(JSON.stringify(receiver.violations())).not.toContain('fl_');
  });

  it('refuses an empty batch and more than 1000 traces with 400', async () => {
    expect((await post({ version: 'v1', traces: [] })).status).toBe(400);
    const many = { version: 'v1', traces: Array.from({ length: 1001 }, (_, i) => batch([span('a')], i.toString(16).padStart(32, '1')).traces[0]) };
    expect((await post(many)).status).toBe(400);
    expect(receiver.violations().map((v) => v.field)).toEqual(['traces', 'traces']);
  });

  it('answers 413 above maxBodyBytes, without a violation', async () => {
    const small = await startFoglampReceiver({ maxBodyBytes: 100, apiKey: 'fl_small' });
    try {
      const response = await fetch(small.ingestUrl, {
        method: 'POST',
        headers: { authorization: small.authorizationHeader, 'content-type': 'application/json' },
        body: JSON.stringify(batch()),
      });
      expect(response.status).toBe(413);
      expect(small.violations()).toEqual([]);
      expect(small.requests[0]?.traceCount).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('flags a span delivered twice across requests and does not count it again', async () => {
    await post(batch());
    const again = await post(batch([span('b'), span('c')]));
    expect(again.json).toEqual({ accepted: 1 });
    expect(receiver.spans().map((s) => s.spanId)).toEqual(['a', 'b', 'c']);
    expect(receiver.violations().map((v) => [v.requestIndex, v.spanId, v.reason])).toEqual([[1, 'b', expect.stringMatching(/delivered twice/)]]);
  });
});

describe('Foglamp receiver: scripted faults and helpers', () => {
  it('answers the next N requests with the scripted status and Retry-After, still decoding what they carried', async () => {
    receiver.failNext({ status: 429, count: 2, headers: { 'retry-after': '1' } });
    receiver.failNext({ status: 400, body: { error: 'bad batch' } });
    const answers = [await post(batch()), await post(batch()), await post(batch()), await post(batch())];
    expect(answers.map((a) => a.status)).toEqual([429, 429, 400, 200]);
    expect(answers[0]?.headers.get('retry-after')).toBe('1');
    expect(answers[2]?.json).toEqual({ error: 'bad batch' });
    expect(receiver.requests.map((r) => [r.status, r.injected, r.acceptedSpans, r.spanCount])).toEqual([
      [429, true, 0, 2],
      [429, true, 0, 2],
      [400, true, 0, 2],
      [200, false, 2, 2],
    ]);
    expect(receiver.spans()).toHaveLength(2);
  });

  it.each([401, 413, 503])('scripts %i even over the auth check', async (status) => {
    receiver.failNext({ status });
    expect((await post(batch(), { headers: { authorization: '' } })).status).toBe(status);
    expect(receiver.violations()).toEqual([]);
  });

  it('can simulate a partial acceptance with a scripted 200 body', async () => {
    receiver.failNext({ status: 200, body: { accepted: 1 } });
    expect((await post(batch())).json).toEqual({ accepted: 1 });
    expect(receiver.spans()).toEqual([]);
  });

  it('waitForSpans/waitForTraces resolve when enough arrived and reject on timeout saying what did', async () => {
    const waiting = receiver.waitForTraces(2);
    await post(batch([span('a')], TRACE));
    await post(batch([span('b')], 'ab'.repeat(16)));
    expect((await waiting).map((t) => t.traceId)).toEqual([TRACE, 'ab'.repeat(16)]);
    expect(await receiver.waitForSpans(2)).toHaveLength(2);
    await expect(receiver.waitForSpans(3, { timeoutMs: 50 })).rejects.toThrow(/waitForSpans\(3\): timed out after 50ms at 2[\s\S]*#1 POST \/ingest → 200/);
  });

  it('reset() forgets everything; close() is idempotent and rejects pending waits', async () => {
    await post(batch());
    receiver.failNext({ status: 503 });
    receiver.reset();
    expect(receiver.requests).toEqual([]);
    expect(receiver.spans()).toEqual([]);
    expect((await post(batch())).status).toBe(200); // the queued fault was dropped, the seen ids too
    const pending = receiver.waitForRequests(10, { timeoutMs: 5000 });
    const first = receiver.close();
    await expect(pending).rejects.toThrow(/closed/);
    await Promise.all([first, receiver.close()]);
  });
});
