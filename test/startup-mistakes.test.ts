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

// The newcomer mistakes of issue 15, each run as a user would (built packages, child process,
// a clean environment), asserting the exact line the startup output gives for it, that the
// app still runs to its end, and that the main line claims only what is really instrumented.
// (A missing @ai-sdk/otel needs an install without it: test/release-candidate.test.ts.)
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const cwd = fileURLToPath(new URL('.', import.meta.url));

let langfuse: LangfuseReceiver;
let foglamp: FoglampReceiver;
let openai: FakeOpenAI;
beforeEach(async () => {
  [langfuse, foglamp, openai] = await Promise.all([startLangfuseReceiver(), startFoglampReceiver(), startFakeOpenAI()]);
});
afterEach(async () => {
  await Promise.all([langfuse.close(), foglamp.close(), openai.close()]);
});

const foglampEnv = () => ({ FOGLAMP_API_KEY: foglamp.apiKey, FOGLAMP_BASE_URL: foglamp.url, FAKE_OPENAI_BASE_URL: openai.baseURL });

function lamplightLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('[lamplight]'));
}

/** Runs a fixture and checks what every mistake must leave intact: the app ends normally, nothing is thrown. */
async function run(file: string, nodeArgs: string[], env: Record<string, string>) {
  const result = await runNodeFixture({ file: fixture(file), nodeArgs, cwd, env, cleanEnv: true });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).not.toMatch(/Error|at .*\(.*:\d+:\d+\)/);
  return { ...result, lines: lamplightLines(result.stderr) };
}

describe('the startup output names each newcomer mistake in one line', () => {
  it('an ESM app under --require: openai is not claimed, and the line says to use --import', async () => {
    const r = await run('openai-app.mjs', ['--require', '@lamplight/register'], foglampEnv());
    expect(r.lines[0]).toMatch(/; instrumented: ai-sdk$/);
    expect(r.lines.slice(1)).toEqual([
      '[lamplight] openai-app.mjs is an ES module, which --require cannot instrument, so openai is not traced: start with node --import @lamplight/register openai-app.mjs',
    ]);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ text: 'echo: hello there' });
    // The line is true: the calls were not traced.
    expect(foglamp.spans()).toEqual([]);
  });

  it('a late import of @lamplight/register in an ESM app: openai is not claimed, and the line says to preload', async () => {
    const r = await run('late-import-app.mjs', [], foglampEnv());
    expect(r.lines[0]).toMatch(/; instrumented: ai-sdk$/);
    expect(r.lines.slice(1)).toEqual([
      "[lamplight] @lamplight/register was imported after the app's modules were loaded, so openai is not traced: start with node --import @lamplight/register late-import-app.mjs",
    ]);
    expect(r.stdout).toContain('echo: hello there');
    expect(foglamp.spans()).toEqual([]);
  });

  it('the same ESM app preloaded with --import claims openai and traces it', async () => {
    const r = await run('openai-app.mjs', ['--import', '@lamplight/register'], foglampEnv());
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/; instrumented: openai, ai-sdk$/);
    expect(foglamp.spans()).toHaveLength(3);
  });

  it('a backend with one key but not the other: it says which key is missing; the other backend still exports', async () => {
    const r = await run('manual-app.mjs', ['--import', '@lamplight/register'], { ...foglampEnv(), LANGFUSE_PUBLIC_KEY: langfuse.publicKey, LANGFUSE_BASE_URL: langfuse.url });
    expect(r.lines[0]).toMatch(/^\[lamplight\] exporting to foglamp \(/);
    expect(r.lines.slice(1)).toEqual([
      '[lamplight] LANGFUSE_PUBLIC_KEY is set but LANGFUSE_SECRET_KEY is not, so nothing is sent to Langfuse: set both keys of the project',
    ]);
    expect(langfuse.spans()).toEqual([]);
    expect(foglamp.spans()).toHaveLength(3);
  });

  it('a misspelt variable: did you mean …? (the secret key under a wrong name is never printed)', async () => {
    const r = await run('manual-app.mjs', ['--import', '@lamplight/register'], {
      ...foglampEnv(),
      LANGFUSE_PUBLIC_KEY: langfuse.publicKey,
      LANGFUSE_SECRETKEY: langfuse.secretKey,
      LANGFUSE_BASE_URL: langfuse.url,
    });
    expect(r.lines.slice(1)).toEqual([
      '[lamplight] LANGFUSE_PUBLIC_KEY is set but LANGFUSE_SECRET_KEY is not, so nothing is sent to Langfuse: set both keys of the project',
      '[lamplight] LANGFUSE_SECRETKEY is not a variable Lamplight reads; did you mean LANGFUSE_SECRET_KEY?',
    ]);
    expect(r.stderr).not.toContain(langfuse.secretKey);
  });

  it('LANGFUSE_BASEURL (the old SDK spelling) is pointed out instead of silently exporting to the cloud default', async () => {
    const r = await run('manual-app.mjs', ['--import', '@lamplight/register'], { ...foglampEnv(), LANGFUSE_BASEURL: langfuse.url });
    expect(r.lines.slice(1)).toEqual(['[lamplight] LANGFUSE_BASEURL is not a variable Lamplight reads; did you mean LANGFUSE_BASE_URL?']);
  });

  it('LAMPLIGHT_CAPTURE_CONTENT with an unrecognised value fails closed: capture off, and the line says so', async () => {
    const r = await run('manual-app.mjs', ['--import', '@lamplight/register'], { ...foglampEnv(), LAMPLIGHT_CAPTURE_CONTENT: 'flase' });
    expect(r.lines[0]).toMatch(/; content capture off$/);
    expect(r.lines.slice(1)).toEqual([
      '[lamplight] LAMPLIGHT_CAPTURE_CONTENT="flase" is not true or false, so content capture is off: set it to true or false',
    ]);
    const spans = foglamp.spans();
    expect(spans).toHaveLength(3);
    // The fixture's agent has input 'hi' and its generation output 'hello': neither left.
    expect(JSON.stringify(spans)).not.toMatch(/"hi"|"hello"/);
  });
});
