import { withTraceAttributes } from '@lamplight/core';
import { lamplightTelemetry } from '@lamplight/ai-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ai7 as ai,
  attr,
  createOpenAI,
  expectTraceFields,
  foglampTree,
  langfuseTree,
  named,
  startPipeline,
  totalTokens,
  usageDetails,
  type AiSdkPipeline,
} from './ai-sdk-harness.js';

/**
 * AI SDK v7 `embed` and `embedMany`. `@ai-sdk/otel` names both the operation span and the
 * model call inside it `embeddings <model>`; Lamplight makes the operation a chain, so the
 * tokens are counted once, on the model call, which also carries the inputs and vectors.
 */
const TRACE = { userId: 'user-e', sessionId: 'session-e', tags: ['embeddings'] };
const MODEL = 'text-embedding-3-small';
const NAME = `embeddings ${MODEL}`;

let p: AiSdkPipeline;
beforeEach(async () => {
  p = await startPipeline();
  ai.registerTelemetry(lamplightTelemetry());
});
afterEach(async () => {
  await p.close();
});

function embeddingModel() {
  return createOpenAI({ baseURL: p.fake.baseURL, apiKey: p.fake.apiKey }).embedding(MODEL);
}

/** The operation (chain) and the model call (embedding) of one embed call. */
function split<T extends { name: string; parentSpanId?: string; spanId: string }>(spans: T[]): { operation: T; call: T } {
  const both = named(spans, NAME);
  expect(both).toHaveLength(2);
  const operation = both.find((s) => !both.some((o) => o.spanId === s.parentSpanId)) as T;
  const call = both.find((s) => s !== operation) as T;
  expect(call.parentSpanId).toBe(operation.spanId);
  return { operation, call };
}

describe('AI SDK v7 embeddings', () => {
  it('embed: chain → embedding; input tokens once, the value as input, the vector as output', async () => {
    p.fake.enqueue({ embeddings: [[0.25, -0.5, 0.75]], usage: { inputTokens: 7 } });
    const result = await withTraceAttributes(TRACE, () => ai.embed({ model: embeddingModel(), value: 'sunny day at the beach' }));
    expect(result.embedding).toEqual([0.25, -0.5, 0.75]);

    const got = await p.collect(2);
    expect(langfuseTree(got.langfuse)).toEqual([`${NAME} [chain]`, `  ${NAME} [embedding]`]);
    expect(foglampTree(got.foglamp)).toEqual([`${NAME} [workflow]`, `  ${NAME} [embedding]`]);

    const lf = split(got.langfuse);
    expect(usageDetails(lf.call)).toEqual({ input: 7, total: 7 });
    expect(usageDetails(lf.operation)).toBeUndefined();
    expect(attr(lf.call, 'langfuse.observation.model.name')).toBe(MODEL);
    expect(JSON.parse(attr(lf.call, 'langfuse.observation.input') ?? 'null')).toEqual(['sunny day at the beach']);
    expect(JSON.parse(attr(lf.call, 'langfuse.observation.output') ?? 'null')).toEqual([[0.25, -0.5, 0.75]]);
    expect(JSON.parse(attr(lf.operation, 'langfuse.observation.input') ?? 'null')).toBe('sunny day at the beach');
    // The vector is sent once, with the model call.
    expect(attr(lf.operation, 'langfuse.observation.output')).toBeUndefined();

    const fg = split(got.foglamp);
    expect(fg.call).toMatchObject({ spanType: 'embedding', modelId: MODEL, provider: 'openai', usage: { inputTokens: 7, totalTokens: 7 } });
    expect(fg.operation.usage).toBeUndefined();
    expect(JSON.parse(fg.call.input ?? 'null')).toEqual(['sunny day at the beach']);
    expect(totalTokens(got)).toEqual({ langfuse: 7, foglamp: 7 });
    expectTraceFields(p, got, TRACE);
  });

  it('embedMany: every value in, every vector out, usage once', async () => {
    const vectors = [
      [0.5, 0],
      [0, 0.5],
      [0.25, 0.25],
    ];
    p.fake.enqueue({ embeddings: vectors, usage: { inputTokens: 12 } });
    const values = ['red', 'green', 'blue'];
    const result = await withTraceAttributes(TRACE, () => ai.embedMany({ model: embeddingModel(), values }));
    expect(result.embeddings).toEqual(vectors);

    const got = await p.collect(2);
    expect(langfuseTree(got.langfuse)).toEqual([`${NAME} [chain]`, `  ${NAME} [embedding]`]);
    const lf = split(got.langfuse);
    expect(usageDetails(lf.call)).toEqual({ input: 12, total: 12 });
    expect(JSON.parse(attr(lf.call, 'langfuse.observation.input') ?? 'null')).toEqual(values);
    expect(JSON.parse(attr(lf.call, 'langfuse.observation.output') ?? 'null')).toEqual(vectors);
    expect(JSON.parse(attr(lf.operation, 'langfuse.observation.input') ?? 'null')).toEqual(values);
    const fg = split(got.foglamp);
    expect(JSON.parse(fg.call.output ?? 'null')).toEqual(vectors);
    expect(totalTokens(got)).toEqual({ langfuse: 12, foglamp: 12 });
    expectTraceFields(p, got, TRACE);
  });
});
