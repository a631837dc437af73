import { diag } from '@opentelemetry/api';
import { startLangfuseIngestionReceiver, type LangfuseIngestionReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LangfuseIngestionExporter, type LangfuseIngestionExporterOptions } from '../src/index.js';
import { accountedFor, captureDiag, items, observation } from './ingestion-helpers.js';

let receiver: LangfuseIngestionReceiver;
beforeEach(async () => {
  receiver = await startLangfuseIngestionReceiver();
});
afterEach(async () => {
  diag.disable();
  await receiver.close();
});

function exporter(options: LangfuseIngestionExporterOptions = {}): LangfuseIngestionExporter {
  return new LangfuseIngestionExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey, env: {}, ...options });
}

describe('LangfuseIngestionExporter over HTTP', () => {
  it('posts JSON batches with Basic auth; every event passes the receiver checks', async () => {
    const x = exporter();
    const outcome = await x.exportObservations(items(2, 3));
    expect(outcome).toEqual({ exported: 6, dropped: {} });
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/public/ingestion', status: 207, eventCount: 8, acceptedEvents: 8, errors: [] });
    expect(request!.headers.authorization).toBe(receiver.authorizationHeader);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-langfuse-sdk-name']).toBe('lamplight');
    expect(receiver.violations()).toEqual([]);
    expect(receiver.observations().map((e) => e.body.id)).toHaveLength(6);
    expect(receiver.traces().map((t) => t.id)).toEqual(['1'.padStart(32, '0'), '2'.padStart(32, '0')]);
    expect(x.stats()).toMatchObject({ requests: 1, exported: 6, dropped: {} });
    expect(x.endpoint).toBe(`${receiver.url}/api/public/ingestion`);
  });

  it('207 with one per-event error: exactly that span is rejected-4xx, the rest exported, nothing resent', async () => {
    const logs = captureDiag();
    const x = exporter();
    const failing = observation(1, 1).spanId;
    receiver.failEvents((e) => e.body.id === failing, { status: 400, message: 'Invalid request data', error: ['body.usageDetails.input: must be a non-negative integer'] });
    const outcome = await x.exportObservations(items(1, 3));
    expect(outcome.exported).toBe(2);
    expect(outcome.dropped).toEqual({ 'rejected-4xx': 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.errors.map((e) => e.status)).toEqual([400]);
    expect(receiver.observations().map((e) => e.body.id)).not.toContain(failing);
    const errors = logs.lines.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`generation-create "span 1.1" (span ${failing}): 400 Invalid request data ["body.usageDetails.input: must be a non-negative integer"]`);
    expect(x.stats().lastError).toContain('body.usageDetails.input: must be a non-negative integer');
    expect(JSON.stringify(x.stats())).not.toContain(receiver.secretKey);
  });

  it('a per-event 5xx is export-failed; a failed trace-create costs no span but is reported', async () => {
    const x = exporter();
    receiver.failEvents((e) => e.type === 'trace-create', { status: 400, message: 'bad trace' });
    receiver.failEvents((e) => e.body.id === observation(1, 0).spanId, { status: 500, message: 'internal' });
    const outcome = await x.exportObservations(items(1, 2));
    expect(outcome).toMatchObject({ exported: 1, dropped: { 'export-failed': 1 } });
    // The diagnostic itself is rate limited (the 207 test above logged under the same key): the stats keep it.
    expect(x.stats().lastError).toContain(`trace-create (trace ${'1'.padStart(32, '0')}): 400 bad trace`);
    expect(x.stats().lastError).toContain('500 internal');
    expect(x.stats().lastError).toContain('rejected 1 of 2 spans');
  });

  it('413: splits in halves and delivers every span exactly once', async () => {
    const x = exporter();
    receiver.failNext({ status: 413 });
    const outcome = await x.exportObservations(items(2, 3));
    expect(outcome).toEqual({ exported: 6, dropped: {} });
    expect(receiver.requests.map((r) => [r.status, r.eventCount])).toEqual([
      [413, 8],
      [207, 4],
      [207, 4],
    ]);
    expect(new Set(receiver.observations().map((e) => e.body.id)).size).toBe(6);
    expect(receiver.violations()).toEqual([]);
  });

  it('a lone event refused with 413 is too-large; one above 3.5 MB is dropped without a request', async () => {
    await receiver.close();
    receiver = await startLangfuseIngestionReceiver({ maxBodyBytes: 2000 });
    const x = exporter({ maxRequestBytes: 1500 });
    const big = items(1, 1, { input: 'z'.repeat(3000) });
    expect(await x.exportObservations(big)).toMatchObject({ exported: 0, dropped: { 'too-large': 1 } });
    expect(receiver.requests.map((r) => r.status)).toEqual([413]);
    receiver.reset();
    const huge = items(1, 1, { input: 'z'.repeat(3_600_000) });
    expect(await x.exportObservations(huge)).toMatchObject({ exported: 0, dropped: { 'too-large': 1 } });
    expect(receiver.requests).toHaveLength(0);
  });

  it('splits by maxRequestBytes into requests the receiver accepts, each with its trace-create', async () => {
    const x = exporter({ maxRequestBytes: 6_000 });
    const outcome = await x.exportObservations(items(3, 10, { input: 'q'.repeat(800) }));
    expect(outcome).toEqual({ exported: 30, dropped: {} });
    expect(receiver.requests.length).toBeGreaterThan(3);
    for (const r of receiver.requests) expect(r.bodyBytes).toBeLessThanOrEqual(6_000);
    expect(receiver.violations()).toEqual([]);
  });

  it('401: every span rejected-4xx, the remaining batches are not sent, one diagnostic without the secret', async () => {
    const logs = captureDiag();
    const x = exporter({ maxRequestBytes: 3_000 });
    receiver.failNext({ status: 401, count: 5 });
    const outcome = await x.exportObservations(items(4, 4, { input: 'w'.repeat(500) }));
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 16 } });
    expect(receiver.requests).toHaveLength(1);
    const auth = logs.lines.filter((l) => l.text.includes('refused the credentials'));
    expect(auth).toHaveLength(1);
    expect(auth[0]!.text).toContain(receiver.publicKey);
    expect(logs.text()).not.toContain(receiver.secretKey);
    expect(x.stats().lastError).toBe(`HTTP 401 from Langfuse ingestion at ${receiver.url}/api/public/ingestion: credentials refused`);
  });

  it('retries 429 with Retry-After and 503, then delivers', async () => {
    const x = exporter();
    receiver.failNext({ status: 429, headers: { 'retry-after': '0' } });
    receiver.failNext({ status: 503 });
    const outcome = await x.exportObservations(items(1, 2));
    expect(outcome).toEqual({ exported: 2, dropped: {} });
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 503, 207]);
    // The retried batch is the same bytes: the same event ids, so Langfuse could deduplicate.
    expect(receiver.requests[2]!.body).toEqual(receiver.requests[0]!.body);
  });

  it('gives up inside the deadline as retries-exhausted', async () => {
    const x = exporter({ exportDeadlineMillis: 300 });
    receiver.failNext({ status: 503, count: 50, headers: { 'retry-after': '0.1' } });
    const outcome = await x.exportObservations(items(1, 3));
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'retries-exhausted': 3 } });
    expect(accountedFor(outcome)).toBe(3);
  });

  it('a whole-request 400 is rejected-4xx with the reason', async () => {
    const logs = captureDiag();
    const x = exporter();
    receiver.failNext({ status: 400, body: { message: 'Invalid request data', error: 'batch: Required' } });
    const outcome = await x.exportObservations(items(1, 2));
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 2 } });
    expect(logs.text()).toContain('Invalid request data');
    expect(receiver.requests).toHaveLength(1);
  });

  it('typed mode against a Langfuse without agent-create: that span is rejected, compatible mode is accepted', async () => {
    await receiver.close();
    receiver = await startLangfuseIngestionReceiver({ typedEvents: false });
    const agent = items(1, 2, { kind: 'agent' });
    const typed = await exporter({ typeMode: 'typed' }).exportObservations(agent);
    expect(typed).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 2 } });
    expect(receiver.requests[0]!.errors[0]).toMatchObject({ status: 400, error: ['type: event type not supported by this Langfuse version'] });
    const compatible = await exporter().exportObservations(agent);
    expect(compatible).toEqual({ exported: 2, dropped: {} });
    expect(receiver.observations().map((e) => [e.type, e.body.metadata])).toEqual([
      ['span-create', { observation_type: 'agent' }],
      ['span-create', { observation_type: 'agent' }],
    ]);
  });

  it('an aborted signal stops the call: no retry after it, nothing sent once aborted, all counted shutdown', async () => {
    const x = exporter({ exportDeadlineMillis: 10_000 });
    receiver.failNext({ status: 503, count: 50, headers: { 'retry-after': '5' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const outcome = await x.exportObservations(items(1, 3), { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcome).toMatchObject({ exported: 0, dropped: { shutdown: 3 } });
    expect(x.stats().requests).toBe(1);
    expect(await x.exportObservations(items(1, 2), { signal: controller.signal })).toEqual({ exported: 0, dropped: { shutdown: 2 } });
    expect(x.stats().requests).toBe(1);
  });

  it('counts render errors and shutdown, and the books always balance', async () => {
    const x = exporter();
    const batch = items(1, 3);
    batch[1] = { ...batch[1]!, observation: { ...batch[1]!.observation, startTime: Number.NaN } };
    const outcome = await x.exportObservations(batch);
    expect(outcome).toMatchObject({ exported: 2, dropped: { 'render-error': 1 } });
    await x.shutdown();
    expect(await x.exportObservations(items(1, 2))).toEqual({ exported: 0, dropped: { shutdown: 2 } });
    expect(x.stats()).toMatchObject({ exported: 2, dropped: { 'render-error': 1, shutdown: 2 } });
  });
});
