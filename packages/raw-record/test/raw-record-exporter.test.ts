import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagLogLevel, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ExportItem, Observation, ReadableSpanLike } from '@lamplight/core';
import { startRawRecordReceiver, type RawRecordReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { responseReason } from '@lamplight/transport';
import { contextWithTraceId, RawRecordExporter, resolveRawRecordConfig, type RawRecordExporterOptions } from '../src/index.js';

let receiver: RawRecordReceiver;
const logged: string[] = [];
beforeEach(async () => {
  receiver = await startRawRecordReceiver({ apiKey: 'rk_test_key' });
  logged.length = 0;
  const push = (...args: unknown[]): void => void logged.push(args.map(String).join(' '));
  diag.setLogger({ error: push, warn: push, info: push, debug: () => {}, verbose: () => {} }, DiagLogLevel.INFO);
});
afterEach(async () => {
  diag.disable();
  await receiver.close();
});

const T0 = 1_716_566_400_000;
function item(i: number, overrides: Partial<Observation> = {}, span: Partial<ReadableSpanLike> = {}): ExportItem {
  const observation: Observation = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (0xa000 + i).toString(16).padStart(16, '0'),
    name: `span ${i}`,
    startTime: T0 + i,
    endTime: T0 + i + 5,
    kind: 'generation',
    level: 'INFO',
    error: false,
    ...overrides,
  };
  return { span: span as ReadableSpanLike, observation };
}
const items = (n: number, overrides: Partial<Observation> = {}): ExportItem[] => Array.from({ length: n }, (_, i) => item(i, overrides));

function exporter(options: RawRecordExporterOptions = {}): RawRecordExporter {
  return new RawRecordExporter({ baseUrl: receiver.url, apiKey: 'rk_test_key', env: {}, ...options });
}

describe('RawRecordExporter config', () => {
  it('options > LAMPLIGHT_RAW_RECORD_* environment; the key is optional; a full endpoint URL is accepted', () => {
    const env = { LAMPLIGHT_RAW_RECORD_BASE_URL: 'http://records.internal:8080/', LAMPLIGHT_RAW_RECORD_API_KEY: 'rk_env' };
    expect(resolveRawRecordConfig({ env })).toMatchObject({ baseUrl: 'http://records.internal:8080', apiKey: 'rk_env', maxConcurrency: 4 });
    expect(resolveRawRecordConfig({ env, apiKey: 'rk_opt', maxConcurrency: 2 })).toMatchObject({ apiKey: 'rk_opt', maxConcurrency: 2 });
    const noKey = resolveRawRecordConfig({ env: {}, baseUrl: 'https://x.example/api/v1/telemetry/raw' });
    expect(noKey.endpoint.href).toBe('https://x.example/api/v1/telemetry/raw');
    expect(noKey).not.toHaveProperty('apiKey');
  });

  it('throws naming the missing or bad option, never printing the key or URL', () => {
    expect(() => resolveRawRecordConfig({ env: {} })).toThrow('RawRecordExporter: no base URL (option "baseUrl" or LAMPLIGHT_RAW_RECORD_BASE_URL)');
    expect(() => resolveRawRecordConfig({ env: { LAMPLIGHT_RAW_RECORD_BASE_URL: 'user:secret@nowhere' } })).toThrow(/is not an http\(s\) URL$/);
    expect(() => resolveRawRecordConfig({ env: {}, baseUrl: 'http://x', maxConcurrency: 0 })).toThrow(/"maxConcurrency"/);
    expect(() => resolveRawRecordConfig({ env: {}, baseUrl: 'http://x', apiKey: 'has space' })).toThrow(/"apiKey"/);
    expect(() => resolveRawRecordConfig({ env: { LAMPLIGHT_RAW_RECORD_API_KEY: 'bad key' }, baseUrl: 'http://x' })).toThrow(
      /^RawRecordExporter: LAMPLIGHT_RAW_RECORD_API_KEY contains whitespace/,
    );
    expect(resolveRawRecordConfig({ env: {}, baseUrl: 'http://x' })).not.toHaveProperty('apiKey');
    expect(logged.join('\n')).not.toContain('bad key');
  });
});

describe('RawRecordExporter over HTTP', () => {
  it('posts one record per observation with X-API-Key and exact nanoseconds from the span HrTime', async () => {
    const x = exporter();
    const outcome = await x.exportObservations([
      item(0, {}, { startTime: [1_716_566_400, 123_456_789], endTime: [1_716_566_400, 987_654_321] }),
      item(1),
    ]);
    expect(outcome).toEqual({ exported: 2, dropped: {} });
    const records = receiver.records().sort((a, b) => String(a.record.span_id).localeCompare(String(b.record.span_id)));
    expect(records.map((r) => [r.startTimeUnixNano, r.endTimeUnixNano])).toEqual([
      ['1716566400123456789', '1716566400987654321'],
      ['1716566400001000000', '1716566400006000000'],
    ]);
    expect(receiver.requests.every((r) => r.headers['x-api-key'] === 'rk_test_key' && r.headers['content-type'] === 'application/json')).toBe(true);
    expect(receiver.violations()).toEqual([]);
    expect(x.stats()).toMatchObject({ requests: 2, exported: 2 });
  });

  it('sends no X-API-Key header when none is configured', async () => {
    await receiver.close();
    receiver = await startRawRecordReceiver();
    await exporter({ apiKey: undefined }).exportObservations(items(1));
    expect(receiver.requests[0]!.headers).not.toHaveProperty('x-api-key');
    expect(receiver.records()).toHaveLength(1);
  });

  it('never has more than maxConcurrency requests in flight', async () => {
    let open = 0;
    let max = 0;
    const server = createServer((req, res) => {
      open++;
      max = Math.max(max, open);
      req.resume();
      req.on('end', () => setTimeout(() => {
        open--;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      }, 30));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const x = new RawRecordExporter({ baseUrl: `http://127.0.0.1:${port}`, env: {}, maxConcurrency: 3 });
      expect(await x.exportObservations(items(12))).toEqual({ exported: 12, dropped: {} });
      expect(max).toBeLessThanOrEqual(3);
      expect(max).toBeGreaterThan(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a validation error is rejected-4xx, not retried, with loc and msg in one diagnostic and lastError', async () => {
    receiver.failRecords((r) => r.span_name === 'span 1', { detail: [{ loc: ['body', 'span_name'], msg: 'reserved name', type: 'value_error', input: 'span 1' }] });
    const x = exporter();
    const outcome = await x.exportObservations(items(3));
    expect(outcome.exported).toBe(2);
    expect(outcome.dropped).toEqual({ 'rejected-4xx': 1 });
    expect(receiver.requests).toHaveLength(3);
    const diagnostics = logged.filter((l) => l.includes('rejected'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toContain('rejected 1 of 3 spans (not resent): span "span 1" (000000000000a001): HTTP 422 span_name: reserved name');
    expect(x.stats().lastError).toContain('span_name: reserved name');
  });

  it('a 2xx that still says success: false is a rejection too', async () => {
    receiver.failRecords(() => true, { status: 200, detail: [{ loc: ['body', 'extra'], msg: 'not stored', type: 'value_error' }], count: 1 });
    const x = exporter();
    expect(await x.exportObservations(items(1))).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 1 } });
    expect(x.stats().lastError).toContain('HTTP 200 extra: not stored');
  });

  it('401 stops the call: the rest are rejected-4xx without requests, one diagnostic without the key', async () => {
    receiver.failNext({ status: 401, count: 10 });
    const x = exporter({ maxConcurrency: 1 });
    expect(await x.exportObservations(items(5))).toEqual({
      exported: 0,
      dropped: { 'rejected-4xx': 5 },
      error: new Error(`HTTP 401 from the raw record endpoint at ${receiver.url}/api/v1/telemetry/raw: credentials refused`),
    });
    expect(receiver.requests).toHaveLength(1);
    expect(logged.filter((l) => l.includes('refused the credentials (HTTP 401)'))).toHaveLength(1);
    expect(logged.join('\n')).not.toContain('rk_test_key');
  });

  it('retries 429/503 inside the deadline; 413 is too-large; render errors and shutdown are counted', async () => {
    receiver.failNext({ status: 429, headers: { 'retry-after': '0' } });
    receiver.failNext({ status: 503, headers: { 'retry-after': '0' } });
    const x = exporter({ maxConcurrency: 1 });
    expect(await x.exportObservations(items(1))).toEqual({ exported: 1, dropped: {} });
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 503, 200]);
    receiver.failNext({ status: 413 });
    const outcome = await x.exportObservations([item(0), item(1, { traceId: 'not-an-id' })]);
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'too-large': 1, 'render-error': 1 } });
    const slow = exporter({ exportDeadlineMillis: 250 });
    receiver.failNext({ status: 503, count: 40, headers: { 'retry-after': '0.1' } });
    expect(await slow.exportObservations(items(2))).toMatchObject({ exported: 0, dropped: { 'retries-exhausted': 2 } });
    await x.shutdown();
    expect(await x.exportObservations(items(2))).toEqual({ exported: 0, dropped: { shutdown: 2 } });
  });
});

describe('RawRecordExporter abort', () => {
  it('an aborted signal stops the call: no retry after it, nothing sent once aborted, all counted shutdown', async () => {
    receiver.failNext({ status: 503, count: 50, headers: { 'retry-after': '5' } });
    const x = exporter({ maxConcurrency: 1, exportDeadlineMillis: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const outcome = await x.exportObservations(items(3), { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcome).toMatchObject({ exported: 0, dropped: { shutdown: 3 } });
    expect(x.stats().requests).toBe(1);
  });
});

describe('rejection detail and trace-id context', () => {
  it('reads both the documented and the FastAPI detail shapes, and redacts the key', () => {
    expect(responseReason('{"success":false,"error":{"detail":[{"loc":["body","trace_id"],"msg":"bad","type":"x"},{"loc":["query"],"msg":"q"}]}}')).toBe(
      'trace_id: bad; query: q',
    );
    expect(responseReason('{"detail":[{"loc":["body","level"],"msg":"Input should be INFO"}]}')).toBe('level: Input should be INFO');
    expect(responseReason('{"error":{"detail":"key rk_1 refused"}}')).toBe('key rk_1 refused');
    expect(responseReason('')).toBe('(empty body)');
  });

  it('contextWithTraceId puts a UUID trace id on a remote parent as 32 hex; a bad id leaves the context alone', () => {
    const ctx = contextWithTraceId('1C563DCF-980B-449A-BB0D-CBEAF1784E81', ROOT_CONTEXT);
    const parent = trace.getSpanContext(ctx)!;
    expect(parent).toMatchObject({ traceId: '1c563dcf980b449abb0dcbeaf1784e81', traceFlags: 1, isRemote: true });
    expect(parent.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(contextWithTraceId('nope', ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
    expect(logged.join('\n')).toContain('neither 32 hex digits nor a UUID');
  });
});
