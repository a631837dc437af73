import type { Attributes } from '@opentelemetry/api';
import { type Observation } from '../../src/index.js';
import { normalize, prepareObservation, toLangfuseAttributes, type PrepareOptions } from '../../src/internal.js';
import { loadFixture, toReadableSpan, type FixtureSpan } from './fixture-spans.js';

/** The processor's defaults: content on, 1 MiB per field, secret scrubber on. */
export const DEFAULT_PREPARE: PrepareOptions = { captureContent: true, maxFieldBytes: 1_048_576 };

/** What the pipeline makes of one span: the normalised observation and the Langfuse attributes it ships. */
export interface Rendered {
  observation: Observation;
  langfuse: Attributes;
}

/** normalize → prepare (defaults) → toLangfuseAttributes, as the processor and exporter run them. */
export function render(span: FixtureSpan): Rendered {
  const observation = normalize(toReadableSpan(span));
  const prepared = prepareObservation(structuredClone(observation), DEFAULT_PREPARE);
  return { observation, langfuse: toLangfuseAttributes(prepared) };
}

/** Every span of a fixture file, rendered, keyed by span id (names repeat: two `doGenerate` steps). */
export function renderFixture(path: string): { spans: FixtureSpan[]; byId: Map<string, Rendered & { raw: FixtureSpan }> } {
  const { spans } = loadFixture(path);
  const byId = new Map(spans.map((raw) => [raw.spanId, { raw, ...render(raw) }]));
  return { spans, byId };
}

/** The identity fields of an observation straight from the fixture: ids, name, times in epoch ms. */
export function identity(s: FixtureSpan): Pick<Observation, 'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'startTime' | 'endTime'> {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    startTime: s.startTime[0] * 1e3 + s.startTime[1] / 1e6,
    endTime: s.endTime[0] * 1e3 + s.endTime[1] / 1e6,
  };
}

/** The one span of `spans` with `name` at position `nth` (0-based) among equally named spans. */
export function spanNamed(spans: FixtureSpan[], name: string, nth = 0): FixtureSpan {
  const found = spans.filter((s) => s.name === name)[nth];
  if (!found) throw new Error(`fixture has no span "${name}" #${nth}`);
  return found;
}

/** `JSON.stringify`, for expected JSON-text attributes written as values. */
export const json = (value: unknown): string => JSON.stringify(value);
