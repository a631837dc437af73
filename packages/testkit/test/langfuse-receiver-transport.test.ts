import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicAuthHeader, MISSING_INGESTION_VERSION_REASON, startLangfuseReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { CHILD_SPAN_ID, jsonBody, post, protobufBody, ROOT_SPAN_ID, TRACE_ID } from './helpers/otlp-request-builder.js';

let receiver: LangfuseReceiver;
beforeEach(async () => {
  receiver = await startLangfuseReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const oneSpan = () => protobufBody([{ name: 'one' }]);

describe('Langfuse receiver: server and recording', () => {
  it('listens on 127.0.0.1 on a free port with the default test keys', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.port).toBeGreaterThan(0);
    expect(receiver.tracesUrl).toBe(`${receiver.url}/api/public/otel/v1/traces`);
    expect(receiver.publicKey).toBe('pk-lf-testkit');
    expect(receiver.secretKey).toBe('sk-lf-testkit');
    expect(receiver.authorizationHeader).toBe(`Basic ${Buffer.from('pk-lf-testkit:sk-lf-testkit').toString('base64')}`);
  });

  it('accepts a valid protobuf request and records everything about it', async () => {
    const body = oneSpan();
    const result = await post(receiver, body, { headers: { 'X-Custom-Header': 'yes' } });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({});
    expect(receiver.spans().map((span) => span.name)).toEqual(['one']);
    const [request] = receiver.requests;
    expect(request).toMatchObject({
      index: 0,
      method: 'POST',
      path: '/api/public/otel/v1/traces',
      bodyBytes: body.length,
      decompressedBytes: body.length,
      contentType: 'application/x-protobuf',
      status: 200,
      accepted: true,
      injected: false,
      violations: [],
    });
    expect(request?.contentEncoding).toBeUndefined();
    expect(request?.headers['x-custom-header']).toBe('yes');
    expect(request?.headers.authorization).toBe(receiver.authorizationHeader);
    expect(request?.spans).toHaveLength(1);
  });

  it('records wire and decompressed sizes separately for gzip', async () => {
    const raw = protobufBody(Array.from({ length: 20 }, (_, i) => ({ name: 'repeated name '.repeat(10), spanId: `00000000000000${(i + 1).toString(16).padStart(2, '0')}` })));
    const result = await post(receiver, raw, { gzip: true });
    expect(result.status).toBe(200);
    const [request] = receiver.requests;
    expect(request?.contentEncoding).toBe('gzip');
    expect(request?.decompressedBytes).toBe(raw.length);
    expect(request?.bodyBytes).toBeLessThan(raw.length);
    expect(receiver.spans()).toHaveLength(20);
  });

  it('binds a given port, and close() is idempotent and frees it', async () => {
    const port = receiver.port;
    await receiver.close();
    await receiver.close();
    const again = await startLangfuseReceiver({ port });
    try {
      expect(again.port).toBe(port);
      expect((await post(again, oneSpan())).status).toBe(200);
    } finally {
      await again.close();
    }
    await expect(fetch(again.tracesUrl, { method: 'POST' })).rejects.toThrow();
  });

  it('answers 404 for other paths and 405 for other methods on the route', async () => {
    expect((await post(receiver, oneSpan(), { path: '/api/public/otel/v1/logs' })).status).toBe(404);
    expect((await post(receiver, oneSpan(), { path: '/api/public/otel/v1/traces', method: 'GET' })).status).toBe(405);
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests.map((request) => request.status)).toEqual([404, 405]);
  });

  it('reset() forgets requests, spans and violations', async () => {
    await post(receiver, oneSpan(), { headers: { 'x-langfuse-ingestion-version': undefined } });
    expect(receiver.violations()).toHaveLength(1);
    receiver.reset();
    expect(receiver.requests).toEqual([]);
    expect(receiver.spans()).toEqual([]);
    expect(receiver.violations()).toEqual([]);
    await post(receiver, oneSpan());
    expect(receiver.requests[0]?.index).toBe(0);
  });
});

describe('Langfuse receiver: auth', () => {
  it('answers 401 "No authorization header" without one', async () => {
    const result = await post(receiver, oneSpan(), { headers: { authorization: undefined } });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ message: 'No authorization header' });
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests[0]).toMatchObject({ status: 401, accepted: false });
  });

  it.each([
    ['wrong secret', basicAuthHeader('pk-lf-testkit', 'sk-lf-wrong')],
    ['wrong public key', basicAuthHeader('pk-lf-other', 'sk-lf-testkit')],
    ['bearer instead of basic', 'Bearer sk-lf-testkit'],
    ['no colon', `Basic ${Buffer.from('pk-lf-testkit').toString('base64')}`],
  ])('answers 401 invalid credentials for %s', async (_label, authorization) => {
    const result = await post(receiver, oneSpan(), { headers: { authorization } });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ message: "Invalid credentials. Confirm that you've configured the correct host." });
    expect(receiver.spans()).toEqual([]);
  });

  it('uses configured keys instead of the defaults', async () => {
    const custom = await startLangfuseReceiver({ publicKey: 'pk-lf-a', secretKey: 'sk-lf-b' });
    try {
      expect((await post(custom, oneSpan(), { headers: { authorization: basicAuthHeader('pk-lf-testkit', 'sk-lf-testkit') } })).status).toBe(401);
      expect((await post(custom, oneSpan(), { headers: { authorization: basicAuthHeader('pk-lf-a', 'sk-lf-b') } })).status).toBe(200);
    } finally {
      await custom.close();
    }
  });
});

describe('Langfuse receiver: content type and encoding', () => {
  it.each(['text/plain', 'application/octet-stream', undefined])('answers 400 for content type %s', async (contentType) => {
    const result = await post(receiver, oneSpan(), { headers: { 'content-type': contentType } });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'Invalid content type' });
  });

  it('accepts content type parameters, as Langfuse matches by substring', async () => {
    const result = await post(receiver, jsonBody([{ name: 'j' }]), { headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(result.status).toBe(200);
    expect(receiver.spans().map((span) => span.name)).toEqual(['j']);
  });

  it('answers 400 "Failed to decompress request body" for a bad gzip body', async () => {
    const result = await post(receiver, oneSpan(), { headers: { 'content-encoding': 'gzip' } });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'Failed to decompress request body' });
    expect(receiver.requests[0]?.decompressedBytes).toBeUndefined();
  });

  it('answers 400 for a body that is not protobuf', async () => {
    const result = await post(receiver, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(result.status).toBe(400);
    expect(String((result.body as { error: string }).error)).toMatch(/^Failed to parse OTel Protobuf Trace/);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const result = await post(receiver, '{"resourceSpans": [', {});
    expect(result.status).toBe(400);
    expect(String((result.body as { error: string }).error)).toMatch(/^Failed to parse OTel JSON Trace/);
  });

  it('answers 200 {} to an empty batch without reading the version header', async () => {
    const result = await post(receiver, '{"resourceSpans":[]}', { headers: { 'x-langfuse-ingestion-version': '99' } });
    expect(result.status).toBe(200);
    expect(receiver.violations()).toEqual([]);
  });
});

describe('Langfuse receiver: x-langfuse-ingestion-version', () => {
  it('accepts a request without the header but records that data would be delayed', async () => {
    const result = await post(receiver, oneSpan(), { headers: { 'x-langfuse-ingestion-version': undefined } });
    expect(result.status).toBe(200);
    expect(receiver.spans()).toHaveLength(1);
    expect(receiver.violations()).toEqual([
      { attribute: 'x-langfuse-ingestion-version', reason: MISSING_INGESTION_VERSION_REASON, requestIndex: 0 },
    ]);
    expect(MISSING_INGESTION_VERSION_REASON).toBe('missing x-langfuse-ingestion-version: data would be delayed');
  });

  it.each(['abc', '5', '40'])('answers 400 for version %s', async (version) => {
    const result = await post(receiver, oneSpan(), { headers: { 'x-langfuse-ingestion-version': version } });
    expect(result.status).toBe(400);
    expect(result.text).toContain('Unsupported x-langfuse-ingestion-version');
    expect(result.text).toContain(version);
    expect(receiver.spans()).toEqual([]);
  });

  it('reads the underscore spelling of the header too', async () => {
    const result = await post(receiver, oneSpan(), {
      headers: { 'x-langfuse-ingestion-version': undefined, x_langfuse_ingestion_version: '5' },
    });
    expect(result.status).toBe(400);
  });

  it('flags a version below 4 as delayed', async () => {
    expect((await post(receiver, oneSpan(), { headers: { 'x-langfuse-ingestion-version': '3' } })).status).toBe(200);
    expect(receiver.violations().map((violation) => violation.reason)).toEqual([
      'x-langfuse-ingestion-version 3 is below 4: data would be delayed',
    ]);
  });

  it('records no violation for version 4', async () => {
    await post(receiver, oneSpan());
    expect(receiver.violations()).toEqual([]);
  });
});

describe('Langfuse receiver: span ids', () => {
  it.each([
    ['short traceId', { traceId: 'abcd' }, /traceId must be 16 bytes/],
    ['long spanId', { spanId: `${ROOT_SPAN_ID}00` }, /spanId must be 8 bytes/],
    ['all-zero traceId', { traceId: '0'.repeat(32) }, /traceId is all zeros/],
    ['all-zero spanId', { spanId: '0'.repeat(16) }, /spanId is all zeros/],
    ['empty spanId', { spanId: '' }, /spanId must be 8 bytes, got 0/],
  ])('rejects the whole protobuf request for a %s', async (_label, broken, message) => {
    const body = protobufBody([{ name: 'good', spanId: CHILD_SPAN_ID }, { name: 'bad', ...broken }]);
    const result = await post(receiver, body);
    expect(result.status).toBe(400);
    expect((result.body as { error: string }).error).toMatch(message);
    expect((result.body as { error: string }).error).toContain('"bad"');
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests[0]?.accepted).toBe(false);
  });

  it.each([
    ['non-hex traceId', { traceId: 'z'.repeat(32) }],
    ['base64 spanId', { spanId: Buffer.from(ROOT_SPAN_ID, 'hex').toString('base64') }],
  ])('rejects a JSON request with a %s', async (_label, broken) => {
    const result = await post(receiver, jsonBody([{ name: 'bad', ...broken }]));
    expect(result.status).toBe(400);
    expect(receiver.spans()).toEqual([]);
  });

  it('checks the version header before span ids, as Langfuse does', async () => {
    const result = await post(receiver, protobufBody([{ traceId: 'ab' }]), { headers: { 'x-langfuse-ingestion-version': '5' } });
    expect(result.text).toContain('Unsupported x-langfuse-ingestion-version');
  });

  it('accepts the span but records a malformed parentSpanId', async () => {
    const result = await post(receiver, protobufBody([{ name: 'orphan', parentSpanId: 'abcd' }]));
    expect(result.status).toBe(200);
    expect(receiver.spans()[0]?.parentSpanId).toBeUndefined();
    expect(receiver.violations()).toMatchObject([{ attribute: 'parentSpanId', spanName: 'orphan', traceId: TRACE_ID }]);
  });
});
