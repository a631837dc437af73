import { OBSERVATION_KINDS, type Observation } from '@lamplight/core';
import { toFoglampTraces } from '@lamplight/core/internal';
import { checkFoglampBody, checkFoglampEnvelope } from '@lamplight/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkBody, packRequests } from '@lamplight/foglamp';

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((s) => /[1-9a-f]/.test(s));
/** Mostly the right type, sometimes not: third-party readers can yield anything. */
const loose = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof({ weight: 4, arbitrary: arb }, fc.integer(), fc.constant(null), fc.constant({})), { nil: undefined });
const count = fc.option(fc.oneof(fc.nat(), fc.double(), fc.integer({ min: -5, max: -1 })), { nil: undefined });

const observationFields = fc.record({
  traceId: fc.constantFrom('0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736', 'ffffffffffffffffffffffffffffffff'),
  parentSpanId: loose(fc.oneof(hex(16), fc.constant(''))),
  name: fc.string(),
  startTime: fc.double({ min: 1_000_000_000_000, max: 2_000_000_000_000, noNaN: true }),
  duration: fc.double({ min: -50, max: 1e6, noNaN: true }),
  kind: fc.constantFrom(...OBSERVATION_KINDS),
  level: fc.constantFrom('DEBUG', 'INFO', 'WARN', 'ERROR' as const),
  error: fc.boolean(),
  statusMessage: loose(fc.string()),
  provider: loose(fc.string()),
  model: loose(fc.string()),
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
  cachedInputTokens: count,
  reasoningTokens: count,
  imageCount: count,
  ttftMs: fc.option(fc.oneof(fc.double(), fc.constant(Number.NaN)), { nil: undefined }),
  input: fc.option(fc.jsonValue(), { nil: undefined }),
  output: fc.option(fc.jsonValue(), { nil: undefined }),
  metadata: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), { nil: undefined }),
  sessionId: loose(fc.string()),
  userId: loose(fc.string()),
  agentName: loose(fc.string()),
  workflowName: loose(fc.string()),
  workflowRunId: loose(fc.string()),
  traceMetadata: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.boolean())), { nil: undefined }),
  tags: fc.option(fc.array(fc.oneof(fc.string(), fc.integer())), { nil: undefined }),
});

const observations = fc.array(observationFields, { minLength: 1, maxLength: 25 }).map((list) =>
  list.map(({ duration, ...fields }, i) => ({ ...fields, spanId: (i + 1).toString(16).padStart(16, '0'), endTime: fields.startTime + duration }) as unknown as Observation),
);

describe('core Foglamp rendering against the receiver contract rules', () => {
  it('whatever the observations hold, the rendered batch breaks no contract rule and every span counts', () => {
    fc.assert(
      fc.property(observations, (list) => {
        const body = JSON.parse(JSON.stringify({ version: 'v1', traces: toFoglampTraces(list) })) as { version: string; traces: unknown[] };
        expect(checkFoglampEnvelope(body)).toBeUndefined();
        const verdict = checkFoglampBody(body);
        expect(verdict.violations).toEqual([]);
        expect(verdict.acceptedSpans).toBe(list.length);
      }),
      { numRuns: 300 },
    );
  });

  it('the exporter’s assembled JSON is exactly core’s rendering, chunk by chunk', () => {
    fc.assert(
      fc.property(observations, fc.integer({ min: 1, max: 3 }), (list, maxTraces) => {
        const fail = (): never => {
          throw new Error('render error');
        };
        const chunks = [...packRequests(list, { maxTraces, maxBytes: 1e9 }, fail)];
        const sent = chunks.flatMap((chunk) => (JSON.parse(chunkBody(chunk)) as { traces: unknown[] }).traces);
        expect(sent).toEqual(JSON.parse(JSON.stringify(toFoglampTraces(list))));
        for (const chunk of chunks) expect(checkFoglampBody(JSON.parse(chunkBody(chunk)) as { version: string; traces: unknown[] }).violations).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
