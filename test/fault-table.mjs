// Regenerates the fault table of docs/reliability.md from a real run: runs the Langfuse and Foglamp
// fault suites with LAMPLIGHT_FAULT_TABLE set (each row records what it measured), then
// prints one Markdown table with both backends side by side. Exits non-zero if a row failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.fault-results');
rmSync(out, { recursive: true, force: true });
const run = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/fault-langfuse.test.ts', 'test/fault-foglamp.test.ts'],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LAMPLIGHT_FAULT_TABLE: out } },
);

const load = (backend) => {
  const file = join(out, `${backend}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
};
const langfuse = load('langfuse');
const foglamp = load('foglamp');
const drops = (row) =>
  !row ? 'not run' : Object.entries(row.dropped).map(([reason, n]) => `${reason} ${n}`).join(', ') || '—';
const delivered = (row) => (!row ? '—' : row.copies ? `${row.delivered} (+${row.copies} copies)` : String(row.delivered));

const lines = [
  '| Scenario | Ended | Langfuse: delivered | Langfuse: dropped (reason) | Foglamp: delivered | Foglamp: dropped (reason) |',
  '|---|---:|---:|---|---:|---|',
];
for (const row of langfuse) {
  const other = foglamp.find((r) => r.scenario === row.scenario);
  lines.push(`| ${row.scenario} | ${row.ended} | ${delivered(row)} | ${drops(row)} | ${delivered(other)} | ${drops(other)} |`);
}
console.log(lines.join('\n'));
process.exit(run.status ?? 1);
