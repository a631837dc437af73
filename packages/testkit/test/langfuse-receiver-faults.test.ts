import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLangfuseReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { CHILD_SPAN_ID, post, protobufBody } from './helpers/otlp-request-builder.js';

let receiver: LangfuseReceiver;
beforeEach(async () => {
  receiver = await startLangfuseReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const body = (name = 'span') => protobufBody([{ name }]);

describe('failNext', () => {
  it('answers the next N requests with the scripted status and Retry-After, then recovers', async () => {
    receiver.failNext({ status: 429, count: 2, headers: { 'retry-after': '1' } });
    const first = await post(receiver, body('a'));
    const second = await post(receiver, body('b'));
    const third = await post(receiver, body('c'));
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.body).toEqual({ message: 'injected failure 429' });
    expect(third.headers.get('retry-after')).toBeNull();
    // Only the request that got 200 counts as accepted.
    expect(receiver.spans().map((span) => span.name)).toEqual(['c']);
    expect(receiver.requests.map((request) => [request.status, request.injected, request.accepted])).toEqual([
      [429, true, false],
      [429, true, false],
      [200, false, true],
    ]);
  });

  it('still decodes what a refused request carried (for 413-split tests)', async () => {
    receiver.failNext({ status: 413 });
    const raw = protobufBody([{ name: 'x' }, { name: 'y', spanId: CHILD_SPAN_ID }]);
    await post(receiver, raw, { gzip: true });
    const [request] = receiver.requests;
    expect(request?.status).toBe(413);
    expect(request?.spans.map((span) => span.name)).toEqual(['x', 'y']);
    expect(request?.decompressedBytes).toBe(raw.length);
    expect(receiver.spans()).toEqual([]);
  });

  it('queues faults in call order and overrides even the auth check', async () => {
    receiver.failNext({ status: 401, body: { message: 'Invalid credentials' } });
    receiver.failNext({ status: 503, body: 'upstream down' });
    const first = await post(receiver, body());
    const second = await post(receiver, body());
    expect(first.status).toBe(401);
    expect(first.body).toEqual({ message: 'Invalid credentials' });
    expect(second.status).toBe(503);
    expect(second.text).toBe('upstream down');
    expect(second.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await post(receiver, body())).status).toBe(200);
  });

  it('delays the answer by delayMs', async () => {
    receiver.failNext({ status: 503, delayMs: 150 });
    const started = Date.now();
    const result = await post(receiver, body());
    expect(result.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('with only delayMs, delays and then applies the contract normally', async () => {
    receiver.failNext({ delayMs: 100 });
    const started = Date.now();
    const result = await post(receiver, body(), { headers: { authorization: undefined } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(result.status).toBe(401);
    expect(receiver.requests[0]?.injected).toBe(false);
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => receiver.failNext({ status: 42 })).toThrow(/status must be an HTTP status code/);
    expect(() => receiver.failNext({ status: 500, count: 0 })).toThrow(/count must be a positive integer/);
    expect(() => receiver.failNext({})).toThrow(/give a status, a delayMs, or both/);
  });

  it('reset() drops queued faults', async () => {
    receiver.failNext({ status: 500, count: 5 });
    receiver.reset();
    expect((await post(receiver, body())).status).toBe(200);
  });
});

describe('waitForSpans', () => {
  it('resolves once enough spans arrive, across requests', async () => {
    const waiting = receiver.waitForSpans(2, { timeoutMs: 2000 });
    await post(receiver, body('first'));
    setTimeout(() => void post(receiver, body('second')), 50);
    const spans = await waiting;
    expect(spans.map((span) => span.name)).toEqual(['first', 'second']);
  });

  it('resolves immediately when the spans are already there', async () => {
    await post(receiver, body('already'));
    await expect(receiver.waitForSpans(1, { timeoutMs: 10 })).resolves.toHaveLength(1);
  });

  it('rejects on timeout with what arrived, refused requests included', async () => {
    receiver.failNext({ status: 429, headers: { 'retry-after': '1' } });
    await post(receiver, body('refused'));
    await post(receiver, body('accepted-one'));
    await post(receiver, body('no-auth'), { headers: { authorization: undefined } });
    const error = await receiver.waitForSpans(3, { timeoutMs: 100 }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toContain('waitForSpans(3): timed out after 100ms with 1 span(s) accepted: "accepted-one"');
    expect(error?.message).toContain('#0 POST /api/public/otel/v1/traces → 429 (1 span, injected)');
    expect(error?.message).toContain('#1 POST /api/public/otel/v1/traces → 200 (1 span)');
    expect(error?.message).toContain('#2 POST /api/public/otel/v1/traces → 401 (0 spans, {"message":"No authorization header"})');
  });

  it('says so when nothing arrived at all', async () => {
    await expect(receiver.waitForSpans(1, { timeoutMs: 50 })).rejects.toThrow(/0 span\(s\) accepted\nrequests:\nno requests arrived/);
  });

  it('rejects pending waits when the receiver closes', async () => {
    const waiting = receiver.waitForSpans(1, { timeoutMs: 5000 });
    await receiver.close();
    await expect(waiting).rejects.toThrow(/receiver closed/);
  });

  it('waitForRequests counts refused requests too', async () => {
    receiver.failNext({ status: 500 });
    const waiting = receiver.waitForRequests(2, { timeoutMs: 2000 });
    await post(receiver, body());
    await post(receiver, body());
    expect((await waiting).map((request) => request.status)).toEqual([500, 200]);
  });
});
