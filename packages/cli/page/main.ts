/**
 * The viewer page: the trace list (newest first, filtered), the open trace's tree and the
 * selected observation's detail, kept live by server-sent events, driven by mouse or keys.
 */
import type { ViewObservation, ViewProblem, ViewSnapshot, ViewSource, ViewTrace, ViewTraceSummary } from '../src/view-model.js';
import { detailPane, traceFacts } from './detail-pane.js';
import { clock, duration, h, replace } from './dom.js';
import { treeRow, treeRows } from './trace-tree.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const listEl = $('traces');
const treeEl = $('tree');
const detailEl = $('detail');
const statusEl = $('status');
const problemsEl = $('problems');
const filterEls = { user: $<HTMLInputElement>('f-user'), session: $<HTMLInputElement>('f-session'), tag: $<HTMLInputElement>('f-tag'), level: $<HTMLSelectElement>('f-level') };

const state = {
  summaries: [] as ViewTraceSummary[],
  maxTraces: 1000,
  problems: [] as ViewProblem[],
  openId: undefined as string | undefined,
  open: undefined as ViewTrace | undefined,
  source: 'langfuse' as ViewSource,
  selectedSpan: undefined as string | undefined,
  collapsed: new Set<string>(),
};

/** Level filter values match both backends' words: Foglamp says `error`/`ok`. */
const LEVEL_ALIASES: Record<string, string[]> = { ERROR: ['ERROR', 'error'], WARNING: ['WARNING'], DEFAULT: ['DEFAULT', 'ok'], DEBUG: ['DEBUG'] };

function matches(s: ViewTraceSummary): boolean {
  const has = (value: string | undefined, wanted: string): boolean => !wanted || (value ?? '').toLowerCase().includes(wanted.toLowerCase());
  const tag = filterEls.tag.value.trim().toLowerCase();
  const level = filterEls.level.value;
  return (
    has(s.userId, filterEls.user.value.trim()) &&
    has(s.sessionId, filterEls.session.value.trim()) &&
    (!tag || s.tags.some((t) => t.toLowerCase().includes(tag))) &&
    (!level || s.levels.some((l) => (LEVEL_ALIASES[level] ?? [level]).includes(l)))
  );
}

const visible = (): ViewTraceSummary[] => state.summaries.filter(matches);

function renderList(): void {
  const rows = visible();
  if (rows.length === 0) {
    replace(listEl, h('div', { class: 'empty' }, state.summaries.length ? 'No trace matches the filters.' : 'Waiting for traces… run your app with the env lines lamplight dev printed.'));
    return;
  }
  replace(
    listEl,
    ...rows.map((s) =>
      h(
        'div',
        { class: `row${s.violationCount ? ' bad' : ''}`, role: 'option', 'aria-selected': s.traceId === state.openId ? 'true' : 'false', 'data-trace': s.traceId, onclick: () => void openTrace(s.traceId) },
        h('b', {}, s.name ?? s.traceId.slice(0, 12)),
        s.levels.some((l) => l === 'ERROR' || l === 'error') ? h('span', { class: 'chip error' }, 'error') : '',
        s.violationCount ? h('span', { class: 'chip error' }, `⚠ ${s.violationCount}`) : '',
        h('div', { class: 'sub' }, `${clock(s.startTime)} · ${duration(s.durationMs)} · ${s.observationCount} obs · ${s.sources.join('+')}`),
        s.userId || s.sessionId || s.tags.length ? h('div', { class: 'sub' }, [s.userId && `user ${s.userId}`, s.sessionId && `session ${s.sessionId}`, ...s.tags.map((t) => `#${t}`)].filter(Boolean).join(' · ')) : '',
      ),
    ),
  );
}

function sourceObservations(trace: ViewTrace): ViewObservation[] {
  return trace.observations.filter((o) => o.source === state.source);
}

function renderTree(): void {
  const trace = state.open;
  if (!trace) return replace(treeEl, h('div', { class: 'empty' }, 'Select a trace.'));
  const sources = [...new Set(trace.observations.map((o) => o.source))];
  if (!sources.includes(state.source) && sources[0]) state.source = sources[0];
  const tabs = h('div', { class: 'tabs', role: 'group', 'aria-label': 'What each backend received' }, ...(['langfuse', 'foglamp'] as const).filter((s) => sources.includes(s)).map((s) =>
    h('button', { type: 'button', 'aria-pressed': s === state.source ? 'true' : 'false', onclick: () => { state.source = s; state.selectedSpan = undefined; renderTree(); renderDetail(); } }, s === 'langfuse' ? 'Langfuse' : 'Foglamp'),
  ));
  const traceLevel = trace.violations.filter((v) => v.source === state.source && !v.spanId);
  const rows = treeRows(sourceObservations(trace), state.collapsed);
  replace(
    treeEl,
    h('div', { class: 'row' }, tabs, trace.droppedObservations ? h('span', { class: 'chip' }, `${trace.droppedObservations} not kept`) : ''),
    ...traceLevel.map((v) => h('div', { class: 'bad' }, `${v.field}: ${v.reason}`)),
    h('div', { role: 'tree', 'aria-label': 'Observations' }, ...rows.map((row) => {
      const el = treeRow(row, row.observation.spanId === state.selectedSpan, state.collapsed.has(row.observation.spanId), violationsOf(row.observation));
      el.addEventListener('click', () => selectSpan(row.observation.spanId, true));
      return el;
    })),
  );
}

function violationsOf(o: ViewObservation) {
  return state.open?.violations.filter((v) => v.source === o.source && v.spanId === o.spanId) ?? [];
}

function renderDetail(): void {
  const trace = state.open;
  const o = trace && sourceObservations(trace).find((x) => x.spanId === state.selectedSpan);
  if (o) replace(detailEl, ...detailPane(o, violationsOf(o)));
  else if (trace) replace(detailEl, ...traceFacts(trace));
  else replace(detailEl);
}

function renderProblems(): void {
  problemsEl.hidden = state.problems.length === 0;
  replace(problemsEl, ...state.problems.slice(0, 5).map((p) => h('div', {}, `${clock(p.at)} ${p.source}: ${p.message}`)));
}

async function openTrace(traceId: string, focusTree = false): Promise<void> {
  if (state.openId !== traceId) {
    state.selectedSpan = undefined;
    state.collapsed.clear();
  }
  state.openId = traceId;
  renderList();
  const response = await fetch(`/api/traces/${traceId}`);
  if (state.openId !== traceId) return;
  state.open = response.ok ? ((await response.json()) as ViewTrace) : undefined;
  renderTree();
  renderDetail();
  if (focusTree) treeEl.focus();
}

function selectSpan(spanId: string, toggle = false): void {
  if (toggle && state.selectedSpan === spanId && state.collapsed.has(spanId)) state.collapsed.delete(spanId);
  state.selectedSpan = spanId;
  renderTree();
  renderDetail();
  treeEl.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}

/** Moves the selection in the list or the tree by `step`. */
function move(zone: 'list' | 'tree', step: number): void {
  if (zone === 'list') {
    const rows = visible();
    const at = rows.findIndex((s) => s.traceId === state.openId);
    const next = rows[Math.max(0, Math.min(rows.length - 1, at + step))];
    if (next) void openTrace(next.traceId).then(() => listEl.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' }));
    return;
  }
  if (!state.open) return;
  const rows = treeRows(sourceObservations(state.open), state.collapsed);
  const at = rows.findIndex((r) => r.observation.spanId === state.selectedSpan);
  const next = rows[Math.max(0, Math.min(rows.length - 1, at + step))];
  if (next) selectSpan(next.observation.spanId);
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (target.tagName === 'INPUT' || target.tagName === 'SELECT') {
    if (event.key === 'Escape') listEl.focus();
    return;
  }
  const zone = treeEl.contains(target) || detailEl.contains(target) ? 'tree' : 'list';
  const key = event.key;
  if (key === '/') filterEls.user.focus();
  else if (key === 'j' || key === 'ArrowDown') move(zone, 1);
  else if (key === 'k' || key === 'ArrowUp') move(zone, -1);
  else if ((key === 'Enter' || key === 'ArrowRight') && zone === 'list' && state.openId) {
    void openTrace(state.openId, true).then(() => state.selectedSpan ?? move('tree', 0));
  } else if (key === 'ArrowRight' && zone === 'tree' && state.selectedSpan) {
    state.collapsed.delete(state.selectedSpan);
    renderTree();
  } else if (key === 'ArrowLeft' && zone === 'tree' && state.selectedSpan && !state.collapsed.has(state.selectedSpan)) {
    state.collapsed.add(state.selectedSpan);
    renderTree();
  } else if (key === 'Escape' || key === 'ArrowLeft') listEl.focus();
  else if (key === 's' && state.open) {
    state.source = state.source === 'langfuse' ? 'foglamp' : 'langfuse';
    state.selectedSpan = undefined;
    renderTree();
    renderDetail();
  } else return;
  event.preventDefault();
});

for (const el of Object.values(filterEls)) el.addEventListener('input', renderList);
$('filters').addEventListener('submit', (event) => event.preventDefault());

// Live updates: the first event is the whole list, then one event per changed trace.
let refetch: ReturnType<typeof setTimeout> | undefined;
const events = new EventSource('/api/events');
events.addEventListener('open', () => (statusEl.textContent = 'live'));
events.addEventListener('error', () => (statusEl.textContent = 'reconnecting…'));
events.addEventListener('snapshot', (event) => {
  const snapshot = JSON.parse((event as MessageEvent<string>).data) as ViewSnapshot;
  state.summaries = snapshot.traces;
  state.maxTraces = snapshot.maxTraces;
  state.problems = snapshot.problems;
  statusEl.textContent = `live · ${snapshot.traces.length} trace(s), newest ${snapshot.maxTraces} kept${snapshot.evicted ? `, ${snapshot.evicted} evicted` : ''}`;
  renderList();
  renderProblems();
  if (state.openId) void openTrace(state.openId);
});
events.addEventListener('trace', (event) => {
  const summary = JSON.parse((event as MessageEvent<string>).data) as ViewTraceSummary;
  const at = state.summaries.findIndex((s) => s.traceId === summary.traceId);
  if (at >= 0) state.summaries[at] = summary;
  else state.summaries.unshift(summary);
  // The server evicts its oldest trace beyond maxTraces; the list follows suit.
  if (state.summaries.length > state.maxTraces) state.summaries.length = state.maxTraces;
  statusEl.textContent = `live · ${state.summaries.length} trace(s)`;
  renderList();
  // Batches of one trace arrive close together: fetch the open trace once they settle.
  if (summary.traceId === state.openId) {
    clearTimeout(refetch);
    refetch = setTimeout(() => void openTrace(summary.traceId), 100);
  }
});
events.addEventListener('problem', (event) => {
  state.problems.unshift(JSON.parse((event as MessageEvent<string>).data) as ViewProblem);
  renderProblems();
});
renderList();
renderTree();
