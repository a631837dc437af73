import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeFixture } from '@lamplight/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViewSnapshot, ViewTrace } from '@lamplight/cli';
import { BIN, BUILT, startDevProcess, type DevProcess } from './helpers/dev-process.js';

// The built `lamplight dev` command in a child process, with an app run through
// `node --import @lamplight/register` using exactly the env lines the command printed.
const testDir = fileURLToPath(new URL('../../../test/', import.meta.url));
let dev: DevProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  await dev?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dev = undefined;
  dir = undefined;
});

describe.skipIf(!BUILT)('lamplight dev (built command)', () => {
  it('prints env lines that an app can use as they are; both receivers get the trace; --jsonl appends it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lamplight-dev-'));
    const jsonl = join(dir, 'traces.jsonl');
    dev = await startDevProcess(['--port', '0', '--langfuse-port', '0', '--foglamp-port', '0', '--jsonl', jsonl]);
    expect(dev.stdout()).toMatch(/^lamplight dev: listening; viewer http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(Object.keys(dev.env)).toEqual(['LANGFUSE_BASE_URL', 'LANGFUSE_PUBLIC_KEY', 'LANGFUSE_SECRET_KEY', 'FOGLAMP_BASE_URL', 'FOGLAMP_API_KEY', 'LAMPLIGHT_LANGFUSE_MEDIA']);

    const app = await runNodeFixture({ file: join(testDir, 'fixtures/viewer-app.mjs'), nodeArgs: ['--import', '@lamplight/register'], cwd: testDir, env: dev.env });
    expect(app.code, app.stderr).toBe(0);
    expect(app.stderr).toMatch(/exporting to langfuse .* and foglamp/);

    const list = (await (await fetch(`${dev.viewerUrl}api/traces`)).json()) as ViewSnapshot;
    expect(list.problems).toEqual([]);
    expect(list.traces).toHaveLength(1);
    expect(list.traces[0]).toMatchObject({ name: 'weather-question', userId: 'user-viewer', sessionId: 'session-viewer', tags: ['viewer-test'], observationCount: 8, violationCount: 0 });
    expect([...list.traces[0]!.sources].sort()).toEqual(['foglamp', 'langfuse']);
    const trace = (await (await fetch(`${dev.viewerUrl}api/traces/${list.traces[0]!.traceId}`)).json()) as ViewTrace;
    const generations = trace.observations.filter((o) => o.source === 'langfuse' && o.type === 'generation');
    expect(generations.map((o) => o.usage)).toEqual([
      { input: 52, output: 18, total: 70 },
      { input: 88, cached: 64, output: 14, reasoning: 4, total: 102 },
    ]);

    await dev.stop();
    expect(dev.stdout()).toContain(`stopped; 8 observation(s) appended to ${jsonl}`);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; source: string; name: string });
    expect(lines).toHaveLength(8);
    expect(lines.every((line) => line.kind === 'observation')).toBe(true);
    expect(lines.filter((line) => line.source === 'langfuse').map((line) => line.name).sort()).toEqual(['answer-question', 'chat gpt-4o-mini', 'chat gpt-4o-mini', 'get_weather']);
  });

  it('says which flag is wrong and exits 2', async () => {
    const result = spawnSync(process.execPath, [BIN, 'dev', '--prot', '1'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('lamplight dev: unknown option "--prot"');
  });
});
