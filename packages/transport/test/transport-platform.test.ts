import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchSend, gzipAsync, httpSend, nodePlatform, resolveBackendConfig, transportPlatform, useTransportPlatform, webPlatform, type BackendSpec } from '../src/index.js';
import * as edge from '../src/edge.js';
import * as node from '../src/index.js';

const spec: BackendSpec = {
  exporter: 'TestExporter',
  path: '/ingest',
  baseUrlEnv: ['TEST_BASE_URL'],
  defaultBaseUrl: 'https://backend.test',
  credentials: [],
  maxRequestBytes: { default: 1024 },
  compression: 'gzip',
};

const text = new TextEncoder().encode('the same prompt, again and again. '.repeat(200));

afterEach(() => useTransportPlatform(nodePlatform));

describe('transport platforms: Node by the Node entry, Web by the edge entry', () => {
  it('the Node entry installs the Node platform: node:http by default, fetch on request', () => {
    expect(transportPlatform()).toBe(nodePlatform);
    expect(resolveBackendConfig(spec, { env: {} }).send).toBe(httpSend);
    expect(resolveBackendConfig(spec, { env: {}, httpClient: 'fetch' }).send).toBe(fetchSend);
  });

  it('on the Web platform fetch is the default, and httpClient "node" is a named configuration mistake', () => {
    useTransportPlatform(webPlatform);
    expect(resolveBackendConfig(spec, { env: {} }).send).toBe(fetchSend);
    expect(() => resolveBackendConfig(spec, { env: {}, httpClient: 'node' })).toThrow(/TestExporter: option "httpClient" is "node", which this runtime's entry does not have/);
  });

  it('the edge entry exports the same API as the Node entry, less the node:http client', () => {
    const nodeOnly = new Set(['httpSend', 'nodePlatform']);
    expect(Object.keys(edge).sort()).toEqual(Object.keys(node).filter((k) => !nodeOnly.has(k)).sort());
  });

  it('gzip through CompressionStream inflates to the same bytes', async () => {
    useTransportPlatform(webPlatform);
    const out = await gzipAsync(text);
    expect(out.byteLength).toBeLessThan(text.byteLength / 10);
    expect(new Uint8Array(gunzipSync(out))).toEqual(text);
  });

  it('gzip through zlib (lazily loaded) honours the level and inflates to the same bytes', async () => {
    const [fast, best] = await Promise.all([gzipAsync(text, 1), gzipAsync(text, 9)]);
    expect(new Uint8Array(gunzipSync(fast))).toEqual(text);
    expect(new Uint8Array(gunzipSync(best))).toEqual(text);
    expect(best.byteLength).toBeLessThanOrEqual(fast.byteLength);
  });

  it('without CompressionStream a gzip default becomes none, and an explicit gzip is a named mistake', () => {
    useTransportPlatform(webPlatform);
    const original = globalThis.CompressionStream;
    // An edge sandbox without the Web compression streams (edge-runtime's, for one).
    Reflect.deleteProperty(globalThis, 'CompressionStream');
    try {
      expect(resolveBackendConfig(spec, { env: {} }).compression).toBe('none');
      expect(() => resolveBackendConfig(spec, { env: {}, compression: 'gzip' })).toThrow(/option "compression" is "gzip", but this runtime has no CompressionStream/);
    } finally {
      globalThis.CompressionStream = original;
    }
    expect(resolveBackendConfig(spec, { env: {} }).compression).toBe('gzip');
  });

  it('without a process object the environment is empty rather than a ReferenceError', () => {
    const proc = globalThis.process;
    Reflect.deleteProperty(globalThis, 'process');
    try {
      expect(node.processEnv()).toEqual({});
    } finally {
      globalThis.process = proc;
    }
  });
});
