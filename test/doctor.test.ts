import { createServer, request, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { startFoglampReceiver, startLangfusePublicApi, startLangfuseReceiver, type FoglampReceiver, type LangfusePublicApi, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../packages/cli/src/doctor/doctor.js';

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let api: LangfusePublicApi;
let front: Server;
let frontUrl: string;

/**
 * One base URL, as a real Langfuse has: the OTLP route goes to the testkit's Langfuse
 * receiver, every other public-API route to the public-API stand-in.
 */
async function langfuseFront(traceVisible: boolean): Promise<void> {
  langfuse = await startLangfuseReceiver();
  api = await startLangfusePublicApi({
    publicKey: langfuse.publicKey,
    secretKey: langfuse.secretKey,
    traceIds: () => (traceVisible ? langfuse.spans().map((s) => s.traceId.toLowerCase()) : []),
  });
  front = createServer((req, res) => {
    const target = new URL(req.url ?? '/', (req.url ?? '').startsWith('/api/public/otel') ? langfuse.url : api.url);
    const forward = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
}

beforeEach(async () => {
  foglamp = await startFoglampReceiver();
});
afterEach(async () => {
  await new Promise((resolve) => front?.close(resolve));
  await Promise.all([langfuse?.close(), api?.close(), foglamp.close()]);
});

async function doctor(env: Record<string, string>) {
  const lines: string[] = [];
  const code = await runDoctor({ env, print: (l) => lines.push(l), timeoutMillis: 3000, traceWaitMillis: 1500, pollMillis: 250 });
  return { code, lines, text: lines.join('\n') };
}

const langfuseEnv = (overrides: Record<string, string> = {}) => ({
  LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
  LANGFUSE_SECRET_KEY: langfuse.secretKey,
  LANGFUSE_BASE_URL: frontUrl,
  FOGLAMP_API_KEY: foglamp.apiKey,
  FOGLAMP_BASE_URL: foglamp.url,
  ...overrides,
});

describe('lamplight doctor', () => {
  it('a healthy Langfuse and Foglamp: every check passes, the trace is read back with its URL, exit 0', async () => {
    await langfuseFront(true);
    const { code, text, lines } = await doctor(langfuseEnv());
    console.log(text);
    expect(code).toBe(0);
    expect(text).not.toContain(langfuse.secretKey);
    expect(text).not.toContain(foglamp.apiKey);
    expect(lines).toContain(`  langfuse: ${frontUrl}, public key ${langfuse.publicKey}, secret key set (${langfuse.secretKey.length} characters)`);
    expect(text).toMatch(/ {2}✓ credentials accepted \(project "testkit", id testkit-project\)/);
    expect(text).toMatch(new RegExp(`✓ trace visible in Langfuse after [\\d.]+ s: ${frontUrl}/project/testkit-project/traces/[0-9a-f]{32}`));
    expect(lines.filter((l) => l.startsWith('  ✓ test trace sent'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('result: every configured backend passed');
    expect(foglamp.spans().map((s) => s.name).sort()).toEqual(['chat doctor-check', 'lamplight doctor']);
  });

  it('a wrong secret key: the credentials check fails with what to change, exit 1, the key never printed', async () => {
    await langfuseFront(true);
    const { code, text, lines } = await doctor(langfuseEnv({ LANGFUSE_SECRET_KEY: 'sk-lf-not-the-right-one' }));
    console.log(text);
    expect(code).toBe(1);
    const at = lines.indexOf('  ✗ credentials refused (HTTP 401)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  → check that LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are a pair of the project at LANGFUSE_BASE_URL');
    expect(text).not.toContain('sk-lf-not-the-right-one');
    expect(lines.at(-1)).toBe('result: 1 of 2 backend(s) failed');
  });

  it('an unreachable host: the connection check fails with what to change', async () => {
    await langfuseFront(true);
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const { code, text, lines } = await doctor(langfuseEnv({ LANGFUSE_BASE_URL: `http://127.0.0.1:${port}` }));
    console.log(text);
    expect(code).toBe(1);
    const at = lines.indexOf(`  ✗ cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe("  → check that the backend is running and the base URL's port is right");
  });

  it('a trace that never appears: the read-back gives up after its bound and says what to do', async () => {
    await langfuseFront(false);
    const { code, text, lines } = await doctor(langfuseEnv());
    console.log(text);
    expect(code).toBe(1);
    expect(text).toMatch(/ {2}✗ the test trace did not appear in Langfuse within 2 s \(last answer: GET .* failed: HTTP 404: Trace not found\)/);
    expect(lines).toContain('  → Langfuse took the trace but has not stored it: check its ingestion workers (self-hosted) or try again in a minute');
  });
});
