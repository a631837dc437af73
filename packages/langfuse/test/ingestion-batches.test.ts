import type { Observation } from '@lamplight/core';
import { describe, expect, it } from 'vitest';
import { ingestionBody, packIngestionChunks, splitIngestionChunk, type IngestionChunk } from '../src/ingestion-batches.js';

const T0 = 1_716_566_400_000;

function observation(t: number, s: number, overrides: Partial<Observation> = {}): Observation {
  return {
    traceId: t.toString(16).padStart(32, '0'),
    spanId: (t * 1000 + s + 1).toString(16).padStart(16, '0'),
    name: `span ${t}.${s}`,
    startTime: T0 + s,
    endTime: T0 + s + 10,
    kind: 'generation',
    level: 'INFO',
    error: false,
    inputTokens: 10,
    outputTokens: 2,
    userId: 'user-ü',
    ...overrides,
  };
}

function observations(traces: number, spans: number, overrides: Partial<Observation> = {}): Observation[] {
  const out: Observation[] = [];
  for (let t = 1; t <= traces; t++) for (let s = 0; s < spans; s++) out.push(observation(t, s, overrides));
  return out;
}

const pack = (obs: Observation[], maxBytes: number, errors: number[] = []): IngestionChunk[] => [
  ...packIngestionChunks(obs, maxBytes, {}, (bad) => errors.push(obs.indexOf(bad))),
];

/** The events of a body, in order, as [type, body.id]. */
function events(chunk: IngestionChunk): Array<[string, string]> {
  const parsed = JSON.parse(ingestionBody(chunk).json) as { batch: Array<{ type: string; body: { id: string } }> };
  return parsed.batch.map((e) => [e.type, e.body.id]);
}

describe('ingestion batches', () => {
  it('counts the JSON body size exactly, multi-byte characters included', () => {
    const chunks = pack(observations(3, 4, { input: 'ä'.repeat(100) }), 3_000_000);
    expect(chunks).toHaveLength(1);
    const body = ingestionBody(chunks[0]!);
    expect(chunks[0]!.bytes).toBe(Buffer.byteLength(body.json));
    expect(chunks[0]!.eventCount).toBe(12);
    expect(body.traceEvents.size).toBe(3);
  });

  it('splits by bytes, never above the budget, with a trace-create in every batch that holds the trace', () => {
    const obs = observations(2, 30, { input: 'x'.repeat(1000) });
    const chunks = pack(obs, 8_000);
    expect(chunks.length).toBeGreaterThan(5);
    const seenSpans = new Set<string>();
    for (const chunk of chunks) {
      const json = ingestionBody(chunk).json;
      expect(Buffer.byteLength(json)).toBe(chunk.bytes);
      expect(chunk.bytes).toBeLessThanOrEqual(8_000);
      const list = events(chunk);
      const traces = new Set(list.filter(([t]) => t === 'trace-create').map(([, id]) => id));
      const parsed = JSON.parse(json) as { batch: Array<{ type: string; body: { id: string; traceId?: string } }> };
      for (const event of parsed.batch.filter((e) => e.type !== 'trace-create')) {
        expect(traces.has(event.body.traceId!)).toBe(true);
        const firstOfTrace = parsed.batch.findIndex((e) => e.body.id === event.body.traceId);
        expect(firstOfTrace).toBeLessThan(parsed.batch.indexOf(event));
        seenSpans.add(event.body.id);
      }
    }
    expect(seenSpans.size).toBe(60);
  });

  it('sends an event larger than the budget alone', () => {
    const obs = [observation(1, 0), observation(1, 1, { input: 'y'.repeat(5000) }), observation(1, 2)];
    const chunks = pack(obs, 3000);
    expect(chunks.map((c) => c.eventCount)).toEqual([1, 1, 1]);
    expect(chunks[1]!.bytes).toBeGreaterThan(5000);
  });

  it('a 413 split halves the events, repeats the trace-create with a new event id and keeps sizes exact', () => {
    const [chunk] = pack(observations(1, 4), 3_000_000);
    const [first, second] = splitIngestionChunk(chunk!);
    const trace = '1'.padStart(32, '0');
    const span = (n: number): string => n.toString(16).padStart(16, '0');
    expect(events(first)).toEqual([['trace-create', trace], ['generation-create', span(1001)], ['generation-create', span(1002)]]);
    expect(events(second)).toEqual([['trace-create', trace], ['generation-create', span(1003)], ['generation-create', span(1004)]]);
    for (const part of [first, second]) expect(Buffer.byteLength(ingestionBody(part).json)).toBe(part.bytes);
    const ids = [...ingestionBody(first).traceEvents.keys(), ...ingestionBody(second).traceEvents.keys()];
    expect(new Set(ids).size).toBe(2);
  });

  it('reports an observation it cannot render and leaves it out', () => {
    const errors: number[] = [];
    const obs = observations(1, 3);
    obs[1] = { ...obs[1]!, startTime: Number.NaN };
    const chunks = pack(obs, 3_000_000, errors);
    expect(errors).toEqual([1]);
    expect(chunks[0]!.eventCount).toBe(2);
    expect(chunks[0]!.entries[0]!.events.map((e) => obs.indexOf(e.observation))).toEqual([0, 2]);
  });
});
