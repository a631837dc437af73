import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runNodeFixture, startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Child processes on the BUILT packages: what happens to spans when the app ends.
const fixture = fileURLToPath(new URL('./fixtures/burst-app.mjs', import.meta.url));
const cwd = fileURLToPath(new URL('.', import.meta.url));
const FLUSH_MS = 2000;
const SPANS = 3000;

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
beforeEach(async () => {
  [langfuse, foglamp] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver()]);
});
afterEach(async () => {
  await Promise.all([langfuse.close(), foglamp.close()]);
});

/** A port on this machine where nothing listens: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Both backends at the test's receivers, unless `overrides` says otherwise, and the fixture's knobs. */
function fixtureEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
    LANGFUSE_SECRET_KEY: langfuse.secretKey,
    LANGFUSE_BASE_URL: langfuse.url,
    FOGLAMP_API_KEY: foglamp.apiKey,
    FOGLAMP_BASE_URL: foglamp.url,
    FIXTURE_FLUSH_MS: String(FLUSH_MS),
    ...overrides,
  };
}

/** The numbers of the exit line, per destination: `{ ended, langfuse: { delivered, dropped, reasons } }`. */
function parseExitLine(stderr: string) {
  const line = stderr.split('\n').find((l) => l.startsWith('[lamplight] exit: '));
  expect(line, stderr).toBeDefined();
  const num = (s: string) => Number(s.replaceAll(',', ''));
  const ended = num(/exit: ([\d,]+) ended/.exec(line!)![1]!);
  const destinations: Record<string, { delivered: number; dropped: number; reasons: Record<string, number> }> = {};
  for (const m of line!.matchAll(/(\w[\w-]*): ([\d,]+) delivered, ([\d,]+) dropped(?: \(([^)]*)\))?/g)) {
    const reasons = Object.fromEntries((m[4] ?? '').split(', ').filter(Boolean).map((r) => [r.split(' ')[0], num(r.split(' ')[1]!)]));
    destinations[m[1]!] = { delivered: num(m[2]!), dropped: num(m[3]!), reasons };
  }
  return { line: line!, ended, destinations };
}

describe('exit accounting: every span that ended is delivered or counted, per destination', () => {
  it('SIGTERM in the middle of a burst with a Langfuse that never answers: the books add up per destination and one exit line is printed', async () => {
    // Every Langfuse request hangs past the flush deadline (the receiver never stores it).
    langfuse.failNext({ delayMs: 60_000, count: 1000 });
    const result = await runNodeFixture({
      file: fixture,
      cwd,
      env: fixtureEnv({ FIXTURE_SPANS: String(SPANS), FIXTURE_WAIT: 'forever' }),
      onStdoutLine: (line) => (line.startsWith('burst') ? 'SIGTERM' : undefined),
      timeoutMs: 20_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.signal).toBe('SIGTERM');
    const exit = parseExitLine(result.stderr);
    expect(exit.ended).toBe(SPANS);
    const atLangfuse = new Set(langfuse.spans().map((s) => s.spanId)).size;
    const atFoglamp = new Set(foglamp.spans().map((s) => s.spanId)).size;
    expect(exit.destinations.langfuse).toMatchObject({ delivered: atLangfuse });
    expect(exit.destinations.foglamp).toMatchObject({ delivered: atFoglamp });
    for (const d of Object.values(exit.destinations)) expect(d.delivered + d.dropped).toBe(SPANS);
    // The hanging destination lost everything at the deadline, counted as shutdown; the healthy one lost nothing.
    expect(exit.destinations.langfuse).toMatchObject({ delivered: 0, dropped: SPANS, reasons: { shutdown: SPANS } });
    expect(exit.destinations.foglamp).toMatchObject({ delivered: SPANS, dropped: 0 });
    expect(result.stderr.match(/\[lamplight\] exit:/g)).toHaveLength(1);
    expect(result.stderr).not.toContain(langfuse.secretKey);
  });

  it('with every backend unreachable the app exits after one flush deadline, not one per beforeExit, and says what it lost', async () => {
    foglamp.failNext({ delayMs: 60_000, count: 1000 });
    const started = Date.now();
    const result = await runNodeFixture({
      file: fixture,
      cwd,
      env: fixtureEnv({ LANGFUSE_BASE_URL: `http://127.0.0.1:${await closedPort()}`, FIXTURE_SPANS: '500' }),
      // A second deadline would mean beforeExit started another flush: the run would need 2 × 2 s after the burst.
      timeoutMs: FLUSH_MS * 2 + 1000,
    });
    const elapsed = Date.now() - started;
    expect(result.timedOut, `ran ${elapsed} ms`).toBe(false);
    expect(result.code).toBe(0);
    const exit = parseExitLine(result.stderr);
    expect(exit.ended).toBe(500);
    for (const d of Object.values(exit.destinations)) {
      expect(d.delivered).toBe(0);
      expect(d.dropped).toBe(500);
    }
    expect(Object.keys(exit.destinations).sort()).toEqual(['foglamp', 'langfuse']);
    expect(exit.destinations.foglamp!.reasons.shutdown).toBe(500);
    console.log(`unreachable backends: child ran ${elapsed} ms in all (flush deadline ${FLUSH_MS} ms); ${exit.line}`);
  });
});
