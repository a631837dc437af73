import { fileURLToPath } from 'node:url';
import {
  runNodeFixture,
  startFakeOpenAI,
  startFoglampReceiver,
  startLangfuseReceiver,
  type FakeOpenAI,
  type FoglampReceiver,
  type LangfuseReceiver,
} from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The BUILT package (dist/esm and dist/cjs) in child processes, the way apps load it: the
// zero-config path `register` uses, alone and next to the app's own integration.
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const cwd = fileURLToPath(new URL('.', import.meta.url));
const AI_SDK_PACKAGE_JSON = fileURLToPath(new URL('../packages/ai-sdk/package.json', import.meta.url));

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
beforeEach(async () => {
  [langfuse, foglamp, openai] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver(), startFakeOpenAI()]);
});
afterEach(async () => {
  await Promise.all([langfuse.close(), foglamp.close(), openai.close()]);
});

const EXPECTED = ['chat gpt-4o-mini', 'invoke_agent gpt-4o-mini', 'step 1'];

describe.each([
  ['ESM', 'ai-sdk-app.mjs', 'user-esm'],
  ['CommonJS', 'ai-sdk-app.cjs', 'user-cjs'],
])('@lamplight/ai-sdk dist, %s app', (_kind, file, userId) => {
  it.each(['zero-config', 'both'])('%s: one set of spans at both backends', async (mode) => {
    openai.enqueue({ text: 'Hello from the fake', usage: { inputTokens: 4, outputTokens: 5 } });
    const result = await runNodeFixture({
      file: fixture(file),
      cwd,
      env: {
        AI_SDK_PACKAGE_JSON,
        FIXTURE_MODE: mode,
        LANGFUSE_BASE_URL: langfuse.url,
        LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
        LANGFUSE_SECRET_KEY: langfuse.secretKey,
        FOGLAMP_BASE_URL: foglamp.url,
        FOGLAMP_API_KEY: foglamp.apiKey,
        FAKE_OPENAI_BASE_URL: openai.baseURL,
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Hello from the fake\n');
    expect(langfuse.spans().map((s) => s.name).sort()).toEqual(EXPECTED);
    expect(foglamp.spans().map((s) => s.name).sort()).toEqual(EXPECTED);
    expect(langfuse.violations()).toEqual([]);
    expect(foglamp.violations()).toEqual([]);
    for (const span of langfuse.spans()) expect(span.attributes['user.id'], span.name).toBe(userId);
    const chat = foglamp.spans().find((s) => s.name === 'chat gpt-4o-mini');
    expect(chat?.usage).toMatchObject({ inputTokens: 4, outputTokens: 5, totalTokens: 9 });
  });
});
