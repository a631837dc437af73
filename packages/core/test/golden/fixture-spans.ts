import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpanLike } from '../../src/index.js';

/** A span as stored in `test/fixtures/**.json` (captured or hand-written). */
export interface FixtureSpan {
  name: string;
  kind: number;
  scope: { name: string; version?: string };
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTime: [number, number];
  endTime: [number, number];
  status: { code: number; message?: string };
  attributes: Attributes;
  events: Array<{ name: string; time: [number, number]; attributes?: Attributes }>;
}

/** A fixture file: where it came from and its spans. */
export interface Fixture {
  source: string;
  dialect: string;
  scenario: string;
  spans: FixtureSpan[];
}

/** Fixture directory (relative to the repository root, where vitest runs). */
const FIXTURES = join('packages', 'core', 'test', 'fixtures');

/** Loads `fixtures/<path>`. */
export function loadFixture(path: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Fixture;
}

/** A fixture span as the `ReadableSpanLike` the processor receives from the SDK. */
export function toReadableSpan(s: FixtureSpan): ReadableSpanLike {
  const ctx = { traceId: s.traceId, spanId: s.spanId, traceFlags: 1 };
  const duration: HrTime = [s.endTime[0] - s.startTime[0], s.endTime[1] - s.startTime[1]];
  return {
    name: s.name,
    kind: s.kind,
    spanContext: () => ctx,
    parentSpanContext: s.parentSpanId === undefined ? undefined : { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: 1 },
    startTime: s.startTime,
    endTime: s.endTime,
    status: s.status,
    attributes: s.attributes,
    links: [],
    events: s.events,
    duration,
    ended: true,
    resource: { attributes: {} },
    instrumentationScope: s.scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** The spans of a fixture, by name (the first span of each name). */
export function spansByName(fixture: Fixture): Map<string, ReadableSpanLike> {
  const out = new Map<string, ReadableSpanLike>();
  for (const s of fixture.spans) if (!out.has(s.name)) out.set(s.name, toReadableSpan(s));
  return out;
}

/** All spans of a fixture as `ReadableSpanLike`, in file order. */
export function fixtureSpans(path: string): ReadableSpanLike[] {
  return loadFixture(path).spans.map(toReadableSpan);
}
