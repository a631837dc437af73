import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { ExportItem, Observation } from '@lamplight/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryExporter, type DeliveryCodec } from '../src/index.js';
import { serve } from './test-server.js';

/** A codec whose request is a list of numbers, one JSON array per request; 413 halves it. */
const numbers: DeliveryCodec<number[]> = {
  pack: (items) => [items.map((_, i) => i)],
  itemCount: (request) => request.length,
  encode: (request) => Buffer.from(JSON.stringify(request)),
  split: (request) => (request.length > 1 ? [request.slice(0, Math.ceil(request.length / 2)), request.slice(Math.ceil(request.length / 2))] : undefined),
};

const SECRET = 'fl_live_0123456789abcdef0123';
const items = (n: number): ExportItem[] =>
  Array.from({ length: n }, (_, i) => ({ span: {} as ExportItem['span'], observation: { name: `s${i}`, spanId: String(i) } as Observation }));

const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  const push = (...args: unknown[]): void => void logged.push(args.map(String).join(' '));
  diag.setLogger({ error: push, warn: push, info: push, debug: () => {}, verbose: () => {} }, DiagLogLevel.INFO);
});
afterEach(() => diag.disable());

function exporter(url: URL, codec: DeliveryCodec<number[]> = numbers, exportDeadlineMillis = 2000) {
  return new DeliveryExporter(
    { name: 'test', label: 'Test', url, headers: { authorization: `Bearer ${SECRET}` }, timeoutMillis: 1000, exportDeadlineMillis, secrets: [SECRET], authHint: 'TEST_KEY' },
    codec,
  );
}

describe('DeliveryEngine', () => {
  it('redacts what a server echoes — the key, URL userinfo, secret-shaped tokens — from log lines and lastError', async () => {
    const url = await serve((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `bad auth header ${String(req.headers.authorization)} for https://admin:hunter2@db.internal/x, token sk-proj-abcdefghijklmnopqrstuvwxyz0123` }));
    });
    const x = exporter(url);
    const outcome = await x.exportObservations(items(3));
    expect(outcome).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 3 } });
    const everything = `${logged.join('\n')}\n${x.stats().lastError}\n${outcome.error?.message}`;
    expect(x.stats().lastError).toContain('HTTP 400');
    for (const leak of [SECRET, 'hunter2', 'admin:', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123']) expect(everything).not.toContain(leak);
  });

  it('halves on 413 down to one too-large item, and accounts for every item', async () => {
    const url = await serve((_req, res, body) => {
      const list = JSON.parse(body.toString()) as number[];
      // The server takes at most two items, and never item 0.
      res.writeHead(list.length > 2 || list.includes(0) ? 413 : 200).end('{}');
    });
    const x = exporter(url);
    const outcome = await x.exportObservations(items(7));
    expect(outcome).toEqual({ exported: 6, dropped: { 'too-large': 1 }, error: expect.any(Error) });
    expect(x.stats()).toMatchObject({ exported: 6, dropped: { 'too-large': 1 } });
  });

  it('stops the call after 401: the other requests are not sent, counted rejected-4xx, said once', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.writeHead(401).end();
    });
    const oneEach: DeliveryCodec<number[]> = { ...numbers, pack: (list) => list.map((_, i) => [i]) };
    const x = exporter(url, oneEach);
    expect(await x.exportObservations(items(5))).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 5 } });
    expect(await x.exportObservations(items(2))).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 2 } });
    expect(requests).toBe(2);
    expect(logged.filter((l) => l.includes('refused the credentials (HTTP 401)') && l.includes('TEST_KEY'))).toHaveLength(1);
  });

  it('counts a codec that throws while packing as export-failed, never losing the count', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end());
    const broken: DeliveryCodec<number[]> = {
      ...numbers,
      *pack(list) {
        yield [0];
        throw new Error(`codec bug with ${SECRET}`);
      },
    };
    const x = exporter(url, broken);
    const outcome = await x.exportObservations(items(4));
    expect(outcome).toMatchObject({ exported: 1, dropped: { 'export-failed': 3 } });
    expect(outcome.error?.message).not.toContain(SECRET);
  });
});
