import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs each example the way `pnpm --filter @lamplight/example-<name> start` does — `node
// launch.mjs` in the example's folder — so the examples (and the output the README quotes)
// cannot rot. The launchers use the BUILT packages (dist/) and their embedded stand-ins; the
// environment is cleared so real keys on a developer's machine never send anything anywhere.

const exampleDir = (name: string) => fileURLToPath(new URL(`../examples/${name}/`, import.meta.url));

/** Testkit's default credentials: the stand-ins' "secrets", which no output may show. */
const SECRETS = ['sk-lf-testkit', 'fl_testkit', 'sk-fake-openai-testkit'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runExample(name: string, args: string[] = [], script = 'launch.mjs'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: exampleDir(name),
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectClean(run: Run): void {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  for (const secret of SECRETS) expect(run.stdout + run.stderr).not.toContain(secret);
}

/**
 * Asserts a printed span tree: the same lines (names, types, models, tokens, nesting depth)
 * with the same first root. Siblings may swap places: span start times have millisecond
 * resolution in the OTel SDK, so a tool that starts in the same millisecond as the next
 * generation may be listed after it.
 */
function expectTree(lines: string[], expected: string[]): void {
  expect(lines[0]).toBe(expected[0]);
  expect([...lines].sort()).toEqual([...expected].sort());
}

/** The lines of the block the launcher prints after `heading`, up to the next blank line. */
function block(stdout: string, heading: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start, `no "${heading}" in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  // Durations vary from run to run; everything else is deterministic.
  return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.replace(/ \d+(\.\d+)?m?s\b/, ''));
}

/** The startup line, naming what the example really has installed and instrumented. */
const startupLine = (instrumented: string) =>
  new RegExp(
    `\\[lamplight\\] exporting to langfuse \\(http://127\\.0\\.0\\.1:\\d+/api/public/otel/v1/traces, key pk-lf-testkit\\) and foglamp \\(http://127\\.0\\.0\\.1:\\d+/ingest\\); own tracer provider; instrumented: ${instrumented}\n`,
  );

describe('examples run out of the box against local stand-ins', () => {
  it('manual-setup: provider in code, one processor, both backends get agent → generation, tool, generation', async () => {
    const run = await runExample('manual-setup');
    expectClean(run);
    expect(run.stdout).toContain('answer: Here is the weather: {"city":"Paris","tempC":18,"sky":"clear"}');
    expect(run.stdout).toContain('langfuse: exported 4 spans, dropped 0');
    expect(run.stdout).toContain('foglamp: exported 4 spans, dropped 0');
    expect(run.stdout).toMatch(/Langfuse receiver: \d+ request\(s\), 4 spans, 0 contract violations/);
    expectTree(block(run.stdout, 'Langfuse receiver:'), [
      'weather-agent [agent]',
      '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
      '  get_weather [tool]',
      '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
    ]);
    expectTree(block(run.stdout, 'Foglamp receiver:'), [
      '[agent] weather-agent ok',
      '  [llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7',
      '  [tool] get_weather ok',
      '  [llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7',
    ]);
  });

  it('openai-import (--import): the real openai package traced with no setup code, startup line without secrets', async () => {
    const run = await runExample('openai-import');
    expectClean(run);
    expect(run.stdout).toContain('$ node --import @lamplight/register app.mjs');
    expect(run.stderr).toMatch(startupLine('openai'));
    expect(run.stdout).toMatch(/Langfuse receiver: \d+ request\(s\), 3 spans, 0 contract violations/);
    expectTree(block(run.stdout, 'Langfuse receiver:'), [
      'support-agent [agent]',
      '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
      '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
    ]);
    expectTree(block(run.stdout, 'Foglamp receiver:'), [
      '[agent] support-agent ok',
      '  [llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7',
      '  [llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7',
    ]);
  });

  it('openai-import --cjs (--require): the CommonJS twin', async () => {
    const run = await runExample('openai-import', ['--cjs']);
    expectClean(run);
    expect(run.stdout).toContain('$ node --require @lamplight/register app.cjs');
    expect(run.stderr).toMatch(startupLine('openai'));
    expectTree(block(run.stdout, 'Langfuse receiver:'), ['support-agent [agent]', '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7']);
    expectTree(block(run.stdout, 'Foglamp receiver:'), ['[agent] support-agent ok', '  [llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7']);
  });

  it('ai-sdk-v7: zero-config tracing of a tool-using agent and a streamed call', async () => {
    const run = await runExample('ai-sdk-v7');
    expectClean(run);
    expect(run.stderr).toMatch(startupLine('ai-sdk'));
    expect(run.stdout).toContain('answer: Here is the weather:');
    expectTree(block(run.stdout, 'Langfuse receiver:'), [
      'invoke_agent gpt-4o-mini [agent]',
      '  step 1 [chain]',
      '    chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
      '    execute_tool get_weather [tool]',
      '  step 2 [chain]',
      '    chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
      'invoke_agent gpt-4o-mini [agent]',
      '  step 1 [chain]',
      '    chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7',
    ]);
    expect(run.stdout).toMatch(/Foglamp receiver: \d+ request\(s\), 9 spans, 0 contract violations/);
  });

  it('nextjs: the instrumentation.ts register() runs as Next.js would call it, and type-checks', async () => {
    const run = await runExample('nextjs');
    expectClean(run);
    // The snippet logs the registration's startup line itself (programmatic register() prints nothing).
    // Run outside Next.js, from an ES module without the loader hook: the module-level openai
    // patch cannot apply, so the line claims nothing and says so; the route wraps its client
    // with observeOpenAI, which is why the generation below still arrives.
    expect(run.stdout).toMatch(startupLine('none'));
    expect(run.stdout).toContain(
      '[lamplight] check.mjs is an ES module started without the loader hook, so imports of openai are not traced: start with node --import @lamplight/register, or wrap clients with observeOpenAI()',
    );
    expect(run.stdout).toContain('route answered: echo: Hello from a route handler');
    expectTree(block(run.stdout, 'Langfuse receiver:'), ['chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7']);
    expectTree(block(run.stdout, 'Foglamp receiver:'), ['[llm] chat gpt-4o-mini ok gpt-4o-mini tokens 11/7']);

    const tsc = await runExample('nextjs', ['-p', 'tsconfig.json'], 'node_modules/typescript/bin/tsc');
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
  });

  it('otel-collector: the stock OTLP exporter behind LamplightSpanProcessor ships Langfuse-ready spans', async () => {
    const run = await runExample('otel-collector');
    expectClean(run);
    expect(run.stdout).toContain('exported 2 spans over OTLP; dropped 0');
    expect(run.stdout).toMatch(/Receiver \(as Langfuse would see the Collector's requests\): \d+ request\(s\), 2 spans, 0 contract violations/);
    expectTree(block(run.stdout, 'Receiver (as Langfuse'), ['summarise-ticket [chain]', '  chat gpt-4o-mini [generation] gpt-4o-mini tokens 11/7']);
  });
});
