import type { Observation } from '@lamplight/core';
import { describe, expect, it } from 'vitest';
import { chunkBody, packRequests, splitChunk, type RequestChunk } from '../src/index.js';

const T0 = 1_716_566_400_000;

function obs(trace: number, span: number, overrides: Partial<Observation> = {}): Observation {
  return {
    traceId: trace.toString(16).padStart(32, '0'),
    spanId: `${trace.toString(16)}-${span}`,
    name: 'chat',
    startTime: T0,
    endTime: T0 + 10,
    kind: 'generation',
    level: 'INFO',
    error: false,
    sessionId: `s${trace}`,
    ...overrides,
  };
}

const many = (traces: number, spansPerTrace: number) =>
  Array.from({ length: traces }, (_, t) => Array.from({ length: spansPerTrace }, (__, s) => obs(t + 1, s))).flat();

const noErrors = (): never => {
  throw new Error('unexpected render error');
};

interface Parsed {
  version: string;
  traces: Array<{ traceId: string; sessionId?: string; spans: Array<{ spanId: string }> }>;
}
const parse = (chunk: RequestChunk) => JSON.parse(chunkBody(chunk)) as Parsed;

describe('packRequests', () => {
  it('splits at maxTraces, one entry per trace, and reports the exact body size', () => {
    const chunks = [...packRequests(many(2500, 2), { maxTraces: 1000, maxBytes: 1e9 }, noErrors)];
    expect(chunks.map((c) => [c.entries.length, c.spanCount])).toEqual([
      [1000, 2000],
      [1000, 2000],
      [500, 1000],
    ]);
    for (const chunk of chunks) {
      expect(chunk.bytes).toBe(Buffer.byteLength(chunkBody(chunk)));
      const body = parse(chunk);
      expect(body.version).toBe('v1');
      expect(new Set(body.traces.map((t) => t.traceId)).size).toBe(body.traces.length);
      expect(body.traces.every((t) => t.spans.length === 2 && t.sessionId !== undefined)).toBe(true);
    }
  });

  it('splits by bytes, continuing a big trace under the same id in the next request', () => {
    const big = Array.from({ length: 6 }, (_, s) => obs(7, s, { input: 'é'.repeat(300) }));
    const chunks = [...packRequests(big, { maxTraces: 1000, maxBytes: 1500 }, noErrors)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.bytes).toBe(Buffer.byteLength(chunkBody(chunk)));
      expect(chunk.bytes).toBeLessThanOrEqual(1500);
      expect(parse(chunk).traces.map((t) => t.traceId)).toEqual(['7'.padStart(32, '0')]);
    }
    expect(chunks.flatMap((c) => parse(c).traces.flatMap((t) => t.spans.map((s) => s.spanId)))).toEqual(big.map((o) => o.spanId));
  });

  it('sends a span larger than the budget alone rather than not at all', () => {
    const chunks = [...packRequests([obs(1, 0), obs(1, 1, { output: 'x'.repeat(5000) }), obs(1, 2)], { maxTraces: 1000, maxBytes: 1000 }, noErrors)];
    expect(chunks.map((c) => c.spanCount)).toEqual([1, 1, 1]);
    expect(chunks[1]!.bytes).toBeGreaterThan(1000);
  });

  it('produces no chunk for nothing, and leaves out (and reports) what does not render', () => {
    expect([...packRequests([], { maxTraces: 1000, maxBytes: 1000 }, noErrors)]).toEqual([]);
    const failed: string[] = [];
    const onError = (o: Observation) => failed.push(o.spanId);
    expect([...packRequests([obs(1, 0, { startTime: Number.NaN })], { maxTraces: 10, maxBytes: 1e6 }, onError)]).toEqual([]);
    const chunks = [...packRequests([obs(1, 0), obs(1, 1, { endTime: Number.NaN }), obs(2, 0)], { maxTraces: 10, maxBytes: 1e6 }, onError)];
    expect(failed).toEqual(['1-0', '1-1']);
    expect(chunks.map((c) => c.spanCount)).toEqual([2]);
  });
});

describe('splitChunk', () => {
  it('halves by span count, keeping each span once and under its trace', () => {
    const [chunk] = [...packRequests([...many(2, 3), obs(3, 0)], { maxTraces: 1000, maxBytes: 1e9 }, noErrors)];
    const [first, second] = splitChunk(chunk!);
    expect([first.spanCount, second.spanCount]).toEqual([4, 3]);
    const ids = (c: RequestChunk) => parse(c).traces.map((t) => [t.traceId.slice(-1), t.spans.map((s) => s.spanId)]);
    expect(ids(first)).toEqual([
      ['1', ['1-0', '1-1', '1-2']],
      ['2', ['2-0']],
    ]);
    expect(ids(second)).toEqual([
      ['2', ['2-1', '2-2']],
      ['3', ['3-0']],
    ]);
    for (const half of [first, second]) expect(half.bytes).toBe(Buffer.byteLength(chunkBody(half)));
  });
});
