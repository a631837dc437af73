import type { Attributes } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributeType, DecodedSpan } from '../../../testkit/src/decoded-span.js';
import { checkLangfuseSpan, LANGFUSE_LEVELS, LANGFUSE_OBSERVATION_TYPES } from '../../../testkit/src/langfuse-value-rules.js';
import { type MaskFunction, type Observation } from '../../src/index.js';
import { normalize, prepareObservation, toLangfuseAttributes, toLangfuseSpan } from '../../src/internal.js';
import { spanArb } from './arbitrary-spans.js';

/** The attribute types the OTLP exporter gives JS values (integers → int, other numbers → double). */
function typeOf(value: unknown): AttributeType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (Array.isArray(value)) return 'array';
  return 'empty';
}

/** The span as the Langfuse receiver would decode it, for the testkit's contract checks. */
function decoded(attributes: Attributes): DecodedSpan {
  const attrs: DecodedSpan['attributes'] = {};
  const types: DecodedSpan['attributeTypes'] = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    attrs[key] = value as DecodedSpan['attributes'][string];
    types[key] = typeOf(value);
  }
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: 'x',
    kind: 'internal',
    startTimeUnixNano: 0n,
    endTimeUnixNano: 1n,
    attributes: attrs,
    attributeTypes: types,
    status: { code: 'unset' },
    events: [],
    links: [],
    resource: {},
    scope: { name: 'x' },
  };
}

/** Checks written out directly, beyond the testkit's rules. */
function checkDirectly(attrs: Attributes): void {
  expect(LANGFUSE_OBSERVATION_TYPES).toContain(attrs['langfuse.observation.type']);
  if (attrs['langfuse.observation.level'] !== undefined) expect(LANGFUSE_LEVELS).toContain(attrs['langfuse.observation.level']);
  const usage = attrs['langfuse.observation.usage_details'];
  if (usage !== undefined) {
    for (const v of Object.values(JSON.parse(usage as string) as Record<string, unknown>)) expect(Number.isSafeInteger(v) && (v as number) >= 0).toBe(true);
  }
  const version = attrs['langfuse.observation.prompt.version'];
  if (version !== undefined) expect(Number.isInteger(version) && (version as number) >= 0).toBe(true);
  const env = attrs['langfuse.environment'];
  if (env !== undefined) expect(/^[a-z0-9_-]{1,40}$/.test(env as string) && !(env as string).startsWith('langfuse')).toBe(true);
  for (const key of ['input', 'output', 'model.parameters', 'cost_details'].map((k) => `langfuse.observation.${k}`).concat('langfuse.trace.input', 'langfuse.trace.output')) {
    if (attrs[key] !== undefined) expect(() => JSON.parse(attrs[key] as string)).not.toThrow();
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('langfuse.observation.metadata.') || key.startsWith('langfuse.trace.metadata.')) expect(typeof value).toBe('string');
  }
}

const masks: Array<MaskFunction | undefined> = [
  undefined,
  (v) => v,
  () => {
    throw new Error('mask bug');
  },
  (_v, { field }) => (field === 'metadata' ? Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('getter'); } }) : 1n),
];

describe('property: normalize + Langfuse rendering, for arbitrary attribute maps', () => {
  it('never throw, and always produce contract-valid Langfuse attributes', () => {
    fc.assert(
      fc.property(
        spanArb,
        fc.boolean(),
        fc.integer({ min: 1, max: 4_000 }),
        fc.constantFrom(...masks.keys()),
        fc.boolean(),
        (span, captureContent, maxFieldBytes, maskIndex, scrubSecrets) => {
          let observation: Observation | undefined;
          expect(() => {
            observation = normalize(span);
          }).not.toThrow();
          // unprepared (as another renderer might see it) and prepared (as shipped)
          const raw = toLangfuseAttributes(structuredClone(observation!));
          expect(checkLangfuseSpan(decoded(raw))).toEqual([]);
          checkDirectly(raw);
          const prepared = prepareObservation(observation!, { captureContent, maxFieldBytes, mask: masks[maskIndex], scrubSecrets });
          const view = toLangfuseSpan(span, prepared);
          expect(checkLangfuseSpan(decoded(view.attributes))).toEqual([]);
          checkDirectly(view.attributes);
        },
      ),
      // Fixed seed so CI is reproducible; FC_SEED and FC_RUNS explore further.
      { numRuns: Number(process.env.FC_RUNS ?? 2_000), seed: Number(process.env.FC_SEED ?? 0x6e6f) },
    );
  });
});
