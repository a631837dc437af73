import { fileURLToPath } from 'node:url';
import { runNodeFixture, startFoglampReceiver, startLangfuseReceiver, type FoglampReceiver, type LangfuseReceiver } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// A child process plays a serverless platform (see the fixture); the test freezes it with
// SIGSTOP the moment the platform would, and looks at what the receivers had by then.
const fixture = fileURLToPath(new URL('./fixtures/freeze-app.mjs', import.meta.url));
const cwd = fileURLToPath(new URL('.', import.meta.url));

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
beforeEach(async () => {
  [langfuse, foglamp] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver()]);
});
afterEach(async () => {
  await Promise.all([langfuse.close(), foglamp.close()]);
});

/** Runs the platform; returns what each receiver held when the instance froze, and the handler's latency line. */
async function runUntilFrozen(integration: boolean) {
  let atFreeze: { langfuse: string[]; foglamp: string[] } | undefined;
  let response = '';
  const result = await runNodeFixture({
    file: fixture,
    cwd,
    env: {
      LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
      LANGFUSE_SECRET_KEY: langfuse.secretKey,
      LANGFUSE_BASE_URL: langfuse.url,
      FOGLAMP_API_KEY: foglamp.apiKey,
      FOGLAMP_BASE_URL: foglamp.url,
      FIXTURE_INTEGRATION: integration ? '1' : '0',
    },
    onStdoutLine(line) {
      if (line.startsWith('response')) response = line;
      if (!line.startsWith('frozen')) return undefined;
      atFreeze = { langfuse: langfuse.spans().map((s) => s.name), foglamp: foglamp.spans().map((s) => s.name) };
      return 'SIGSTOP';
    },
    // A frozen instance never exits: the runner kills it.
    timeoutMs: 4000,
  });
  expect(result.stdout).toContain('frozen');
  expect(atFreeze).toBeDefined();
  return { atFreeze: atFreeze!, response };
}

describe('serverless: export finishes before the instance freezes, off the response path', () => {
  it('with flushAfter(): every span of the request reached both receivers before the freeze', async () => {
    const { atFreeze, response } = await runUntilFrozen(true);
    expect(atFreeze.langfuse.sort()).toEqual(['chat fake-model', 'handle request']);
    expect(atFreeze.foglamp.sort()).toEqual(['chat fake-model', 'handle request']);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);
    console.log(`with flushAfter: ${response}`);
  });

  it('without it (plain batch mode): the instance froze before anything was exported', async () => {
    const { atFreeze, response } = await runUntilFrozen(false);
    expect(atFreeze).toEqual({ langfuse: [], foglamp: [] });
    console.log(`plain batch mode: ${response}`);
  });
});
