import { diag } from '@opentelemetry/api';
import { startFoglampReceiver, type FoglampReceiver } from '@lamplight/testkit';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FoglampExporter, type FoglampExporterOptions } from '../src/index.js';
import { accountedFor, captureDiag, items } from './helpers.js';

let receiver: FoglampReceiver;
beforeEach(async () => {
  receiver = await startFoglampReceiver({ apiKey: 'fl_test_key_9f8e' });
});
afterEach(async () => {
  diag.disable();
  await receiver.close();
});

const exporterFor = (options: FoglampExporterOptions = {}) =>
  new FoglampExporter({ baseUrl: receiver.url, apiKey: receiver.apiKey, env: {}, ...options });

describe('FoglampExporter transport', () => {
  it('POSTs {version:"v1",traces} as JSON with Bearer auth and counts what Foglamp accepted', async () => {
    const exporter = exporterFor({ headers: { 'x-proxy': 'yes', Authorization: 'Basic nope' } });
    const outcome = await exporter.exportObservations(items(3, 2));
    expect(outcome).toEqual({ exported: 6, dropped: {} });
    expect(receiver.violations()).toEqual([]);
    const [request] = receiver.requests;
    expect(receiver.requests).toHaveLength(1);
    expect(request).toMatchObject({ method: 'POST', path: '/ingest', status: 200, traceCount: 3, spanCount: 6, acceptedSpans: 6 });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${receiver.apiKey}`,
      'content-type': 'application/json',
      'user-agent': 'lamplight-foglamp/0.1.0',
      'x-proxy': 'yes',
    });
    expect(request?.contentEncoding).toBeUndefined();
    expect((request?.body as { version: string }).version).toBe('v1');
    expect(exporter.stats()).toEqual({ requests: 1, bytesSent: request?.bodyBytes, exported: 6, dropped: {} });
    expect(exporter.name).toBe('foglamp');
    expect(exporter.endpoint).toBe(`${receiver.url}/ingest`);
  });

  it('never sends an empty batch', async () => {
    const exporter = exporterFor();
    expect(await exporter.exportObservations([])).toEqual({ exported: 0, dropped: {} });
    const unrenderable = await exporter.exportObservations(items(2, 1, { startTime: Number.NaN }));
    expect(unrenderable.dropped).toEqual({ 'render-error': 2 });
    expect(unrenderable.error?.message).toMatch(/non-finite startTime/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('compresses with gzip only when asked', async () => {
    const outcome = await exporterFor({ compression: 'gzip' }).exportObservations(items(5, 3, { input: 'the same words '.repeat(50) }));
    expect(outcome.exported).toBe(15);
    const [request] = receiver.requests;
    expect(request?.contentEncoding).toBe('gzip');
    expect(request!.bodyBytes).toBeLessThan(request!.decompressedBytes! / 3);
    expect(receiver.violations()).toEqual([]);
  });

  it('retries 503 honouring Retry-After and delivers once', async () => {
    receiver.failNext({ status: 503, count: 2, headers: { 'retry-after': '0' } });
    const exporter = exporterFor();
    expect(await exporter.exportObservations(items(2, 2))).toEqual({ exported: 4, dropped: {} });
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(exporter.stats().requests).toBe(3);
  });

  it('gives up at the deadline as retries-exhausted', async () => {
    receiver.failNext({ status: 429, count: 100, headers: { 'retry-after': '0.1' } });
    const outcome = await exporterFor({ exportDeadlineMillis: 250 }).exportObservations(items(2, 2));
    expect(outcome.dropped).toEqual({ 'retries-exhausted': 4 });
    expect(outcome.exported).toBe(0);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
  });
});

describe('FoglampExporter refusals', () => {
  it('401: one diagnostic naming the base URL, never the key; the rest of the batch is not sent', async () => {
    const captured = captureDiag();
    const exporter = exporterFor({ maxTracesPerRequest: 1 });
    receiver.failNext({ status: 401, count: 10, body: { error: `bad key ${receiver.apiKey}` } });
    const first = await exporter.exportObservations(items(3, 2));
    const second = await exporter.exportObservations(items(1, 1));
    expect(first).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 6 } });
    expect(second).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 1 } });
    expect(receiver.requests).toHaveLength(2);
    const auth = captured.lines.filter((l) => l.text.includes('refused the credentials'));
    expect(auth).toHaveLength(1);
    expect(auth[0]?.level).toBe('error');
    expect(auth[0]?.text).toContain(receiver.url);
    expect(auth[0]?.text).toMatch(/FOGLAMP_API_KEY/);
    const everything = captured.text() + JSON.stringify(exporter.stats()) + String(first.error?.message);
    expect(everything).not.toContain(receiver.apiKey);
  });

  it('400 is rejected-4xx, not retried, with the body reason (key redacted) in one rate-limited diagnostic', async () => {
    const captured = captureDiag();
    const exporter = exporterFor();
    receiver.failNext({ status: 400, count: 2, body: { error: `traces[0].spans[0].startTime: not ms (key ${receiver.apiKey})` } });
    const outcome = await exporter.exportObservations(items(2, 2));
    await exporter.exportObservations(items(1, 1));
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 4 } });
    expect(receiver.requests.filter((r) => r.status === 400)).toHaveLength(2);
    const lines = captured.lines.filter((l) => l.text.includes('HTTP 400'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.text).toContain('traces[0].spans[0].startTime: not ms (key [redacted])');
    expect(exporter.stats().lastError).toContain('[redacted]');
    expect(captured.text() + JSON.stringify(exporter.stats())).not.toContain(receiver.apiKey);
  });

  it('422 is rejected-4xx with a plain-text reason', async () => {
    receiver.failNext({ status: 422, body: 'schema mismatch' });
    const outcome = await exporterFor().exportObservations(items(1, 3));
    expect(outcome.dropped).toEqual({ 'rejected-4xx': 3 });
    expect(outcome.error?.message).toMatch(/HTTP 422 .*schema mismatch/);
    expect(receiver.requests).toHaveLength(1);
  });

  it('413 splits into halves until the pieces fit; a single span still too large is too-large', async () => {
    const strict = await startFoglampReceiver({ maxBodyBytes: 1200, apiKey: receiver.apiKey });
    try {
      const exporter = new FoglampExporter({ baseUrl: strict.url, apiKey: strict.apiKey, env: {} });
      const outcome = await exporter.exportObservations([...items(4, 2), ...items(1, 1, { output: 'x'.repeat(2000) }).map(withTrace(9))]);
      expect(outcome.dropped).toEqual({ 'too-large': 1 });
      expect(outcome.exported).toBe(8);
      expect(strict.spans()).toHaveLength(8);
      expect(new Set(strict.spans().map((s) => s.spanId)).size).toBe(8);
      expect(strict.violations()).toEqual([]);
      expect(strict.requests.filter((r) => r.status === 413).length).toBeGreaterThan(1);
    } finally {
      await strict.close();
    }
  });

  it('counts the shortfall of "accepted" as partially-accepted, and trusts a 2xx without a count', async () => {
    receiver.failNext({ status: 200, body: { accepted: 1 } });
    receiver.failNext({ status: 202, body: 'ok' });
    const exporter = exporterFor();
    const partial = await exporter.exportObservations(items(1, 3));
    expect(partial).toMatchObject({ exported: 1, dropped: { 'partially-accepted': 2 } });
    expect(partial.error?.message).toBe(`Foglamp at ${receiver.url}/ingest rejected 2 of 3 spans (not resent): accepted 1 of 3 spans`);
    expect(await exporter.exportObservations(items(1, 2))).toEqual({ exported: 2, dropped: {} });
    expect(exporter.stats()).toMatchObject({ exported: 3, dropped: { 'partially-accepted': 2 } });
  });

  it('after shutdown drops as shutdown without sending', async () => {
    const exporter = exporterFor();
    await exporter.shutdown();
    expect(await exporter.exportObservations(items(1, 2))).toEqual({ exported: 0, dropped: { shutdown: 2 } });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('FoglampExporter accounting invariant', () => {
  it('exported + dropped = spans handed over, and exported = spans the receiver accepted, whatever it answers', async () => {
    const fault = fc.oneof(
      fc.constant({ status: 400 }),
      fc.constant({ status: 401 }),
      fc.constant({ status: 413 }),
      fc.constant({ status: 422 }),
      fc.constant({ status: 503, headers: { 'retry-after': '0' } }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fault, { maxLength: 8 }),
        async (traces, spans, maxTracesPerRequest, faults) => {
          receiver.reset();
          for (const f of faults) receiver.failNext(f);
          const batch = items(traces, spans);
          const outcome = await exporterFor({ maxTracesPerRequest, exportDeadlineMillis: 5000 }).exportObservations(batch);
          expect(accountedFor(outcome)).toBe(batch.length);
          expect(outcome.exported).toBe(receiver.spans().length);
          expect(receiver.violations()).toEqual([]);
          for (const request of receiver.requests) expect(request.traceCount).toBeLessThanOrEqual(maxTracesPerRequest);
        },
      ),
      { numRuns: 40 },
    );
  });
});

function withTrace(t: number) {
  return (item: ReturnType<typeof items>[number]) => ({
    ...item,
    observation: { ...item.observation, traceId: t.toString(16).padStart(32, '0'), spanId: `big${t}`.padStart(16, '0') },
  });
}
