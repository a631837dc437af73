import { type Observation } from '@lamplight/core';
import { langfuseIngestionEventType, langfuseTraceBody, toLangfuseIngestionBatch, toLangfuseIngestionEvent } from '@lamplight/core/internal';
import { checkIngestionEvent } from '@lamplight/testkit';
import { describe, expect, it } from 'vitest';

const T0 = 1_716_566_400_000;
const TRACE = '0af7651916cd43dd8448eb211c80319c';
let ids = 0;
const newEventId = (): string => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const now = (): number => T0 + 60_000;

function obs(overrides: Partial<Observation> = {}): Observation {
  return {
    traceId: TRACE,
    spanId: 'b7ad6b7169203331',
    parentSpanId: 'a000000000000001',
    name: 'chat gpt-4o',
    startTime: T0 + 10.5,
    endTime: T0 + 400,
    kind: 'generation',
    level: 'INFO',
    error: false,
    ...overrides,
  };
}

describe('Langfuse ingestion renderer: observation events', () => {
  it('renders a generation with model, parameters, exclusive usage, cost, prompt, completion start and level', () => {
    const event = toLangfuseIngestionEvent(
      obs({
        model: 'gpt-4o',
        provider: 'openai',
        modelParameters: { temperature: 0.2, max_tokens: 100 },
        inputTokens: 120,
        outputTokens: 30,
        totalTokens: 150,
        cachedInputTokens: 100,
        reasoningTokens: 10,
        cost: { input: 0.001, output: 0.002, total: 0.003 },
        prompt: { name: 'qa', version: 3 },
        completionStartTime: T0 + 260,
        input: [{ role: 'user', content: 'hi' }],
        output: { role: 'assistant', content: 'hello' },
        level: 'WARN',
        statusMessage: 'slow',
        environment: 'Staging',
        version: 'v9',
        metadata: { tenant: 'acme' },
      }),
      { newEventId, now },
    );
    expect(event).toEqual({
      id: expect.stringMatching(/^00000000-0000-4000-8000-\d{12}$/),
      type: 'generation-create',
      timestamp: '2024-05-24T16:01:00.000Z',
      body: {
        id: 'b7ad6b7169203331',
        traceId: TRACE,
        parentObservationId: 'a000000000000001',
        name: 'chat gpt-4o',
        startTime: '2024-05-24T16:00:00.010Z',
        endTime: '2024-05-24T16:00:00.400Z',
        level: 'WARNING',
        statusMessage: 'slow',
        version: 'v9',
        environment: 'staging',
        input: [{ role: 'user', content: 'hi' }],
        output: { role: 'assistant', content: 'hello' },
        model: 'gpt-4o',
        modelParameters: { temperature: 0.2, max_tokens: 100 },
        usageDetails: { input: 20, output: 20, total: 150, input_cached_tokens: 100, output_reasoning_tokens: 10 },
        costDetails: { input: 0.001, output: 0.002, total: 0.003 },
        completionStartTime: '2024-05-24T16:00:00.260Z',
        promptName: 'qa',
        promptVersion: 3,
        metadata: { tenant: 'acme', provider: 'openai' },
      },
    });
    expect(checkIngestionEvent(event)).toEqual([]);
  });

  it('maps kinds to event types: compatible keeps every kind accepted by old servers, typed names each kind', () => {
    const kinds = ['generation', 'embedding', 'event', 'span', 'agent', 'tool', 'chain', 'retriever', 'guardrail', 'evaluator'] as const;
    expect(kinds.map((k) => langfuseIngestionEventType(k))).toEqual([
      'generation-create', 'generation-create', 'event-create', 'span-create', 'span-create',
      'span-create', 'span-create', 'span-create', 'span-create', 'span-create',
    ]);
    expect(kinds.map((k) => langfuseIngestionEventType(k, 'typed'))).toEqual([
      'generation-create', 'embedding-create', 'event-create', 'span-create', 'agent-create',
      'tool-create', 'chain-create', 'retriever-create', 'guardrail-create', 'evaluator-create',
    ]);
  });

  it('keeps the kind, model and provider of a span-rendered agent in metadata, with no model fields in the body', () => {
    const event = toLangfuseIngestionEvent(obs({ kind: 'agent', model: 'gpt-4o', provider: 'openai', inputTokens: 5 }), { newEventId, now });
    expect(event.type).toBe('span-create');
    expect(event.body).not.toHaveProperty('model');
    expect(event.body).not.toHaveProperty('usageDetails');
    expect(event.body).toMatchObject({ metadata: { observation_type: 'agent', model: 'gpt-4o', provider: 'openai' } });
    const typed = toLangfuseIngestionEvent(obs({ kind: 'agent', model: 'gpt-4o', inputTokens: 5 }), { newEventId, now, typeMode: 'typed' });
    expect(typed.type).toBe('agent-create');
    // Aggregate spans never carry usage, also when their event type would allow it.
    expect(typed.body).toMatchObject({ model: 'gpt-4o' });
    expect(typed.body).not.toHaveProperty('usageDetails');
    expect(typed.body.metadata).toBeUndefined();
  });

  it('renders an event without endTime and a user observation_type metadata key wins', () => {
    const event = toLangfuseIngestionEvent(obs({ kind: 'event', metadata: { observation_type: 'mine' } }), { newEventId, now });
    expect(event.type).toBe('event-create');
    expect(event.body).not.toHaveProperty('endTime');
    const tool = toLangfuseIngestionEvent(obs({ kind: 'tool', metadata: { observation_type: 'mine' } }), { newEventId, now });
    expect(tool.body.metadata).toEqual({ observation_type: 'mine' });
  });

  it('sends a prompt link only as a name with an integer version ≥ 1 (Langfuse refuses one without the other)', () => {
    const body = (prompt: Observation['prompt']) => toLangfuseIngestionEvent(obs({ prompt }), { newEventId, now }).body;
    expect(body({ name: 'qa', version: 0 })).not.toHaveProperty('promptName');
    expect(body({ name: 'qa' })).not.toHaveProperty('promptName');
    expect(body({ name: '', version: 2 })).not.toHaveProperty('promptVersion');
    expect(body({ name: 'qa', version: 2 })).toMatchObject({ promptName: 'qa', promptVersion: 2 });
  });

  it('maps levels, clamps an end before the start, leaves unknown usage out and gives unique event ids', () => {
    const levels = (['DEBUG', 'INFO', 'WARN', 'ERROR'] as const).map((level) => toLangfuseIngestionEvent(obs({ level })).body.level);
    expect(levels).toEqual(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']);
    const clamped = toLangfuseIngestionEvent(obs({ endTime: T0 }));
    expect(clamped.body).toMatchObject({ startTime: '2024-05-24T16:00:00.010Z', endTime: '2024-05-24T16:00:00.010Z' });
    expect(clamped.body).not.toHaveProperty('usageDetails');
    const a = toLangfuseIngestionEvent(obs());
    const b = toLangfuseIngestionEvent(obs());
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.body.id).toBe(b.body.id);
  });

  it('throws on a time that is not a date (counted as a render error by the exporter)', () => {
    expect(() => toLangfuseIngestionEvent(obs({ startTime: Number.NaN }))).toThrow(/startTime/);
  });
});

describe('Langfuse ingestion renderer: trace-create', () => {
  it('takes trace fields from root observations first, unites tags and falls back to the root name', () => {
    const root = obs({ spanId: 'a000000000000001', parentSpanId: undefined, name: 'answer', kind: 'agent', startTime: T0, userId: 'u-root', tags: ['a'] });
    const child = obs({
      userId: 'u-child',
      sessionId: 's-1',
      tags: ['b', 'a'],
      release: 'r1',
      version: 'v1',
      environment: 'production',
      public: true,
      traceInput: { q: 1 },
      traceOutput: 'done',
      traceMetadata: { tenant: 'acme', agent_name: 'user-set' },
      agentName: 'weather',
      workflowRunId: 'run-1',
    });
    expect(langfuseTraceBody(TRACE, [child, root])).toEqual({
      id: TRACE,
      timestamp: '2024-05-24T16:00:00.000Z',
      name: 'answer',
      userId: 'u-root',
      sessionId: 's-1',
      release: 'r1',
      version: 'v1',
      environment: 'production',
      public: true,
      input: { q: 1 },
      output: 'done',
      tags: ['a', 'b'],
      metadata: { tenant: 'acme', agent_name: 'user-set', workflow_run_id: 'run-1' },
    });
    expect(langfuseTraceBody(TRACE, [obs({ traceName: 'named' })]).name).toBe('named');
    expect(langfuseTraceBody(TRACE, [obs()])).not.toHaveProperty('name');
  });

  it('renders a batch with one trace-create first per trace, leaving out unrenderable observations', () => {
    const failed: string[] = [];
    const events = toLangfuseIngestionBatch(
      [obs(), obs({ traceId: 'f'.repeat(32), spanId: 'c000000000000001' }), obs({ spanId: 'c000000000000002', startTime: Number.NaN })],
      { newEventId, now, onRenderError: (o) => failed.push(o.spanId) },
    );
    expect(events.map((e) => [e.type, e.body.id])).toEqual([
      ['trace-create', TRACE],
      ['generation-create', 'b7ad6b7169203331'],
      ['trace-create', 'f'.repeat(32)],
      ['generation-create', 'c000000000000001'],
    ]);
    expect(failed).toEqual(['c000000000000002']);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    for (const event of events) expect(checkIngestionEvent(event)).toEqual([]);
  });
});
