/**
 * The trace as a tree: one row per observation, children under parents, siblings by start
 * time. A row shows type, name, model, duration, TTFT, usage and level; a contract
 * violation on it is marked. Collapsed nodes hide their subtree.
 */
import type { ViewObservation, ViewUsage, ViewViolation } from '../src/view-model.js';
import { duration, h } from './dom.js';

/** One visible row of the tree. */
export interface TreeRow {
  observation: ViewObservation;
  depth: number;
  hasChildren: boolean;
}

/** Visible rows in display order; spans whose parent is missing become roots. */
export function treeRows(observations: readonly ViewObservation[], collapsed: ReadonlySet<string>): TreeRow[] {
  const ids = new Set(observations.map((o) => o.spanId));
  const children = new Map<string | undefined, ViewObservation[]>();
  for (const o of observations) {
    const parent = o.parentSpanId && ids.has(o.parentSpanId) && o.parentSpanId !== o.spanId ? o.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number): void => {
    for (const o of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime)) {
      if (seen.has(o.spanId)) continue; // a parent cycle in bad input must not loop
      seen.add(o.spanId);
      const hasChildren = (children.get(o.spanId)?.length ?? 0) > 0;
      rows.push({ observation: o, depth, hasChildren });
      if (!collapsed.has(o.spanId)) walk(o.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return rows;
}

/** `in 88 (64 cached) · out 14 (3 reasoning)`; empty when there is no usage. */
export function usageText(usage: ViewUsage | undefined): string {
  if (!usage) return '';
  const parts: string[] = [];
  if (usage.input !== undefined) {
    const extra = [usage.cached ? `${usage.cached} cached` : '', usage.cacheWrite ? `${usage.cacheWrite} cache write` : ''].filter(Boolean).join(', ');
    parts.push(`in ${usage.input}${extra ? ` (${extra})` : ''}`);
  }
  if (usage.output !== undefined) parts.push(`out ${usage.output}${usage.reasoning ? ` (${usage.reasoning} reasoning)` : ''}`);
  if (parts.length === 0 && usage.total !== undefined) parts.push(`total ${usage.total}`);
  return parts.join(' · ');
}

/** Levels worth pointing out (the default ones are not). */
export function notableLevel(level: string | undefined): string | undefined {
  return level && level !== 'DEFAULT' && level !== 'ok' ? level : undefined;
}

/** One tree row element. */
export function treeRow(row: TreeRow, selected: boolean, collapsed: boolean, violations: readonly ViewViolation[]): HTMLElement {
  const o = row.observation;
  const level = notableLevel(o.level);
  const bad = violations.length > 0;
  const facts = [o.model, duration(o.endTime - o.startTime), o.ttftMs !== undefined ? `TTFT ${duration(o.ttftMs)}` : '', usageText(o.usage)].filter(Boolean);
  return h(
    'div',
    {
      class: `row${bad ? ' bad' : ''}`,
      role: 'treeitem',
      'aria-level': row.depth + 1,
      'aria-selected': selected ? 'true' : 'false',
      'aria-expanded': row.hasChildren ? (collapsed ? 'false' : 'true') : undefined,
      'data-span': o.spanId,
      'data-type': o.type,
      style: `padding-left:${8 + row.depth * 16}px`,
      title: o.statusMessage ?? '',
    },
    row.hasChildren ? (collapsed ? '▸ ' : '▾ ') : '  ',
    h('span', { class: 'type' }, o.type),
    h('b', { class: 'name' }, o.name),
    ' ',
    h('span', { class: 'sub facts' }, facts.join(' · ')),
    level ? h('span', { class: `chip ${level}` }, level) : '',
    o.statusMessage ? h('span', { class: 'sub' }, ` ${o.statusMessage}`) : '',
    bad ? h('span', { class: 'chip error' }, `⚠ ${violations.length} violation${violations.length === 1 ? '' : 's'}`) : '',
  );
}
