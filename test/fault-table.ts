/**
 * Records what each fault-table row measured (not what it expected), so the table in the
 * docs/reliability.md can be regenerated from a real run: `node test/fault-table.mjs` runs the two fault
 * suites with `LAMPLIGHT_FAULT_TABLE` set and renders the rows as Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from './fault-harness.js';

/** One measured row: the processor's books and the receiver's de-duplicated view. */
export interface MeasuredRow {
  scenario: string;
  ended: number;
  /** Distinct spans the receiver holds. */
  delivered: number;
  /** Copies beyond the first that reached the receiver (at-least-once rows). */
  copies: number;
  /** Non-zero drop counters of `stats()`. */
  dropped: Partial<Record<string, number>>;
  /** HTTP attempts the receiver saw. */
  requests: number;
}

const rows = new Map<Backend, MeasuredRow[]>();

/** Keeps one measured row (rows of concurrent tests are re-ordered on write). */
export function recordRow(backend: Backend, row: MeasuredRow): void {
  const list = rows.get(backend) ?? [];
  list.push(row);
  rows.set(backend, list);
}

/**
 * Writes `<dir>/<backend>.json` with the rows in `order` when `LAMPLIGHT_FAULT_TABLE` names
 * a directory; does nothing otherwise (the normal test run writes no files).
 */
export function writeRows(backend: Backend, order: readonly string[]): void {
  const dir = process.env.LAMPLIGHT_FAULT_TABLE;
  if (!dir) return;
  const list = [...(rows.get(backend) ?? [])].sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${backend}.json`), `${JSON.stringify(list, null, 2)}\n`);
}
