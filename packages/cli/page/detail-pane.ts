/**
 * The detail of one observation: its facts, input and output as chat messages, model
 * parameters, metadata, and every contract violation the receiver found for it, on top.
 */
import type { ViewObservation, ViewViolation } from '../src/view-model.js';
import { raw, renderContent } from './chat-messages.js';
import { clock, duration, h, type Child } from './dom.js';
import { usageText } from './trace-tree.js';

function facts(rows: Array<[string, Child]>): HTMLElement {
  const dl = h('dl');
  for (const [term, value] of rows) if (value !== undefined && value !== '' && value !== null) dl.append(h('dt', {}, term), h('dd', {}, value));
  return dl;
}

function violationList(violations: readonly ViewViolation[]): HTMLElement {
  return h('div', { class: 'violations' }, ...violations.map((v) => h('div', { class: 'bad' }, h('b', {}, `${v.source}: ${v.field}`), ` — ${v.reason}`)));
}

/** The detail pane's content for `o`, with the violations that name it. */
export function detailPane(o: ViewObservation, violations: readonly ViewViolation[]): HTMLElement[] {
  const out: HTMLElement[] = [h('h2', {}, h('span', { class: 'type' }, o.type), o.name)];
  if (violations.length) out.push(h('h3', { class: 'error' }, 'Contract violations'), violationList(violations));
  out.push(
    facts([
      ['source', o.source],
      ['model', o.model],
      ['provider', o.provider],
      ['start', clock(o.startTime)],
      ['duration', duration(o.endTime - o.startTime)],
      ['TTFT', o.ttftMs !== undefined ? duration(o.ttftMs) : undefined],
      ['usage', usageText(o.usage)],
      ['level', o.level ? h('span', { class: o.level }, o.level) : undefined],
      ['status', o.statusMessage],
      ['span', o.spanId],
    ]),
  );
  if (o.input !== undefined) out.push(h('h3', {}, 'Input'), h('div', { class: 'content input' }, renderContent(o.input)));
  if (o.output !== undefined) out.push(h('h3', {}, 'Output'), h('div', { class: 'content output' }, renderContent(o.output)));
  if (o.modelParameters !== undefined) out.push(h('h3', {}, 'Model parameters'), raw(o.modelParameters));
  if (o.metadata) out.push(h('h3', {}, 'Metadata'), facts(Object.entries(o.metadata)));
  return out;
}

/** What the trace as a whole carries, shown when no observation is selected. */
export function traceFacts(trace: { traceId: string; name?: string; userId?: string; sessionId?: string; tags: string[]; environment?: string; metadata?: Record<string, string> }): HTMLElement[] {
  return [
    h('h2', {}, trace.name ?? 'trace'),
    facts([
      ['trace', trace.traceId],
      ['user', trace.userId],
      ['session', trace.sessionId],
      ['tags', trace.tags.join(', ')],
      ['environment', trace.environment],
    ]),
    ...(trace.metadata ? [h('h3', {}, 'Trace metadata'), facts(Object.entries(trace.metadata))] : []),
  ];
}
