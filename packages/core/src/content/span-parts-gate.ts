import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { Observation } from '../observation.js';
import type { ReadableSpanLike } from '../span-like.js';
import { MASK_FAILED } from './mask.js';
import { privacyContextOf, type PrivacyContext } from './privacy-context.js';
import type { PrivacyGate } from './privacy-gate.js';

type SpanEvent = ReadableSpanLike['events'][number];
type SpanLink = ReadableSpanLike['links'][number];

/** The parts of a span a renderer forwards, after the privacy gate. */
export interface GatedSpanParts {
  /** Forwarded attributes (the ones the renderer does not re-render), gated. */
  readonly attributes: Attributes;
  readonly events: SpanEvent[];
  readonly links: SpanLink[];
  /** The status message to send, gated (the observation's). */
  readonly statusMessage: string | undefined;
}

/** Which source keys and events a renderer forwards rather than re-renders. */
export interface ForwardFilter {
  forwardsKey(key: string): boolean;
  forwardsEvent(name: string): boolean;
}

/** Most items of one array attribute kept. */
const MAX_ARRAY_ITEMS = 1_000;

/**
 * The span's forwarded attributes, events and links after the privacy gate of `obs`:
 * with content capture off only allow-listed keys pass (deny by default), keys and string
 * values are budgeted and scrubbed, counts are bounded, the user's mask sees the
 * attributes and the events (and fails closed). Computed once per observation: several
 * destinations rendering the same span share the result.
 */
export function gateSpanParts(span: ReadableSpanLike, obs: Observation, filter: ForwardFilter): GatedSpanParts {
  const ctx = privacyContextOf(obs);
  const cached = ctx.parts as GatedSpanParts | undefined;
  if (cached !== undefined) return cached;
  const parts: GatedSpanParts = {
    attributes: maskAttributes(ctx, obs, gateAttributes(ctx, span.attributes, filter, 'attribute')),
    events: maskEvents(ctx, obs, gateEvents(ctx, span.events, filter)),
    links: gateLinks(ctx, span.links),
    statusMessage: typeof obs.statusMessage === 'string' ? obs.statusMessage : undefined,
  };
  ctx.parts = parts;
  return parts;
}

function gateAttributes(ctx: PrivacyContext, source: Attributes | undefined, filter: ForwardFilter | undefined, kind: string): Attributes {
  const out: Attributes = {};
  if (source === null || typeof source !== 'object') return out;
  const { gate, capture } = ctx;
  const limits = gate.limits;
  const isEvent = kind !== 'attribute';
  const maxCount = isEvent ? limits.maxEventAttributes : limits.maxAttributes;
  let budget = isEvent ? limits.maxEventValueBytes * 4 : limits.maxForwardedBytes;
  let kept = 0;
  let seen = 0;
  for (const key in source) {
    seen++;
    if (filter !== undefined && !filter.forwardsKey(key)) continue;
    if (!capture && !gate.allowList.allows(key)) {
      gate.countDrop(`${kind}-denied`);
      continue;
    }
    if (kept >= maxCount || budget <= 0) {
      gate.countDrop(kind);
      // Past the count, the rest is only counted: 10^6 attributes must not stall the loop.
      if (seen > maxCount * 4) {
        gate.countDrop(kind, Math.max(0, Object.keys(source).length - seen));
        break;
      }
      continue;
    }
    const cleanKey = gate.key(key, kind);
    if (cleanKey === undefined) continue;
    const maxBytes = Math.min(valueBudget(gate, key, capture, isEvent), budget);
    const value = gateValue(gate, source[key], maxBytes, kind, ctx.prescrubbed);
    if (value === undefined) continue;
    out[cleanKey] = value;
    kept++;
    budget -= approxBytes(value);
  }
  return out;
}

/** Per-value budget: content-sized with capture on, name-sized for allow-listed values. */
export function valueBudget(gate: PrivacyGate, key: string, capture: boolean, isEvent: boolean): number {
  const l = gate.limits;
  if (key === 'exception.stacktrace') return l.maxStackBytes;
  if (key === 'exception.message') return l.maxMessageBytes;
  if (!capture) return l.maxNameBytes * 4;
  return isEvent ? l.maxEventValueBytes : gate.maxFieldBytes;
}

function gateValue(gate: PrivacyGate, value: unknown, maxBytes: number, kind: string, done?: ReadonlyMap<string, string>): AttributeValue | undefined {
  if (typeof value === 'string') return gate.text(value, maxBytes, kind, done);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (!Array.isArray(value)) return undefined;
  const items = value.length > MAX_ARRAY_ITEMS ? value.slice(0, MAX_ARRAY_ITEMS) : value;
  if (items.length < value.length) gate.countCut(kind);
  let left = maxBytes;
  const out: unknown[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      if (left <= 0) {
        gate.countCut(kind);
        break;
      }
      const s = gate.text(item, left, kind);
      left -= s.length;
      out.push(s);
    } else if (item === null || item === undefined || typeof item === 'number' || typeof item === 'boolean') out.push(item);
  }
  return out as AttributeValue;
}

function approxBytes(value: AttributeValue): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 8), 0);
  return 8;
}

function gateEvents(ctx: PrivacyContext, events: readonly SpanEvent[] | undefined, filter: ForwardFilter): SpanEvent[] {
  if (!Array.isArray(events) || events.length === 0) return [];
  const { gate } = ctx;
  const out: SpanEvent[] = [];
  const max = gate.limits.maxEvents;
  for (let i = 0; i < events.length; i++) {
    if (out.length >= max) {
      gate.countDrop('event', events.length - i);
      break;
    }
    const event = events[i] as SpanEvent;
    if (typeof event?.name !== 'string' || !filter.forwardsEvent(event.name)) continue;
    const name = gate.text(event.name, gate.limits.maxNameBytes, 'event-name');
    const attributes = event.attributes ? gateAttributes(ctx, event.attributes, undefined, 'event-attribute') : undefined;
    out.push({ ...event, name, ...(attributes ? { attributes } : {}) });
  }
  return out;
}

function gateLinks(ctx: PrivacyContext, links: readonly SpanLink[] | undefined): SpanLink[] {
  if (!Array.isArray(links) || links.length === 0) return [];
  return (links as SpanLink[]).slice(0, ctx.gate.limits.maxEvents).map((link: SpanLink) => (link.attributes ? { ...link, attributes: gateAttributes(ctx, link.attributes, undefined, 'link-attribute') } : link));
}

/** The mask sees the forwarded attributes as one object; a failure withholds them all. */
function maskAttributes(ctx: PrivacyContext, obs: Observation, attributes: Attributes): Attributes {
  if (ctx.mask === undefined || Object.keys(attributes).length === 0) return attributes;
  try {
    const masked = ctx.mask({ ...attributes }, { field: 'attributes', observation: obs });
    if (masked === null || typeof masked !== 'object' || Array.isArray(masked)) throw new TypeError('the mask must return an object for "attributes"');
    // What the mask returns is gated again: it may add keys or long values.
    return gateAttributes({ ...ctx, mask: undefined }, masked as Attributes, undefined, 'attribute');
  } catch (error) {
    ctx.gate.countMaskFailure('attributes', error);
    ctx.gate.countDrop('attribute-masked', Object.keys(attributes).length);
    return {};
  }
}

/** The mask sees the events as `[{ name, attributes }]`; a failure withholds them all. */
function maskEvents(ctx: PrivacyContext, obs: Observation, events: SpanEvent[]): SpanEvent[] {
  if (ctx.mask === undefined || events.length === 0) return events;
  try {
    const view = events.map((e) => ({ name: e.name, attributes: { ...e.attributes } }));
    const masked = ctx.mask(view, { field: 'events', observation: obs });
    if (!Array.isArray(masked) || masked.length > events.length) throw new TypeError('the mask must return an array of at most as many events for "events"');
    const gate = ctx.gate;
    const out: SpanEvent[] = [];
    masked.forEach((m: unknown, i) => {
      if (m === null || typeof m !== 'object') return;
      const { name, attributes } = m as { name?: unknown; attributes?: unknown };
      const base = events[i] as SpanEvent;
      out.push({
        ...base,
        name: typeof name === 'string' ? gate.text(name, gate.limits.maxNameBytes, 'event-name') : MASK_FAILED,
        attributes: attributes !== null && typeof attributes === 'object' ? gateAttributes({ ...ctx, mask: undefined }, attributes as Attributes, undefined, 'event-attribute') : {},
      });
    });
    return out;
  } catch (error) {
    ctx.gate.countMaskFailure('events', error);
    ctx.gate.countDrop('event-masked', events.length);
    return [];
  }
}
