import { describe, expect, it } from 'vitest';
import { OBSERVATION_KINDS, type Observation, type ObservationKind } from '../src/index.js';
import { foglampTraceFields, toFoglampSpan, toFoglampTraces } from '../src/internal.js';

const T0 = 1_716_566_400_000;
const TRACE = '0af7651916cd43dd8448eb211c80319c';

function obs(overrides: Partial<Observation> = {}): Observation {
  return {
    traceId: TRACE,
    spanId: 'b7ad6b7169203331',
    name: 'chat gpt-4o',
    startTime: T0 + 0.4,
    endTime: T0 + 1200.6,
    kind: 'generation',
    level: 'INFO',
    error: false,
    ...overrides,
  };
}

describe('toFoglampSpan', () => {
  it('renders a generation with integer ms times, model, usage, ttft and text content', () => {
    const span = toFoglampSpan(
      obs({
        parentSpanId: 'a000000000000001',
        provider: 'openai',
        model: 'gpt-4o',
        inputTokens: 1200,
        outputTokens: 350,
        totalTokens: 1550,
        cachedInputTokens: 1000,
        reasoningTokens: 50,
        ttftMs: 320.00000000000006,
        input: [{ role: 'user', content: 'hi' }],
        output: 'hello',
        metadata: { region: 'eu' },
        cost: { total: 0.01 },
      }),
    );
    expect(span).toEqual({
      spanId: 'b7ad6b7169203331',
      spanType: 'llm',
      name: 'chat gpt-4o',
      startTime: T0,
      endTime: T0 + 1201,
      parentSpanId: 'a000000000000001',
      status: 'ok',
      provider: 'openai',
      modelId: 'gpt-4o',
      // inclusive counts, exactly as in the model (the vendor's example adds up the same way)
      usage: { inputTokens: 1200, outputTokens: 350, totalTokens: 1550, reasoningTokens: 50, cachedInputTokens: 1000 },
      ttftMs: 320,
      input: '[{"role":"user","content":"hi"}]',
      output: 'hello',
      metadata: { region: 'eu' },
    });
    expect(Number.isInteger(span.startTime) && Number.isInteger(span.endTime)).toBe(true);
  });

  it('maps every observation kind to a contract span type', () => {
    const expected: Record<ObservationKind, string> = {
      generation: 'llm',
      embedding: 'embedding',
      tool: 'tool',
      agent: 'agent',
      retriever: 'retrieval',
      chain: 'workflow',
      guardrail: 'span',
      evaluator: 'span',
      event: 'span',
      span: 'span',
    };
    for (const kind of OBSERVATION_KINDS) expect(toFoglampSpan(obs({ kind })).spanType).toBe(expected[kind]);
  });

  it('puts usage only on model calls, so an aggregate agent span does not double count', () => {
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
    expect(toFoglampSpan(obs({ kind: 'embedding', ...usage })).usage).toEqual(usage);
    for (const kind of ['agent', 'chain', 'tool', 'span'] as const) {
      const span = toFoglampSpan(obs({ kind, model: 'gpt-4o', ...usage }));
      expect(span.usage).toBeUndefined();
      expect(span.modelId).toBe('gpt-4o');
    }
  });

  it('leaves out usage fields that are unknown or not non-negative integers (never null, never 0 for unknown)', () => {
    const span = toFoglampSpan(obs({ inputTokens: 3, outputTokens: 1.5, totalTokens: -1, imageCount: Number.NaN }));
    expect(span.usage).toEqual({ inputTokens: 3 });
    expect(toFoglampSpan(obs()).usage).toBeUndefined();
    expect('usage' in toFoglampSpan(obs())).toBe(false);
  });

  it('status is error for an error or level ERROR, with errorMessage only then', () => {
    expect(toFoglampSpan(obs({ error: true, level: 'ERROR', statusMessage: 'boom' }))).toMatchObject({ status: 'error', errorMessage: 'boom' });
    expect(toFoglampSpan(obs({ level: 'ERROR' }))).toMatchObject({ status: 'error' });
    expect(toFoglampSpan(obs({ error: true })).errorMessage).toBeUndefined();
    const ok = toFoglampSpan(obs({ statusMessage: 'fine' }));
    expect(ok.status).toBe('ok');
    expect(ok.errorMessage).toBeUndefined();
  });

  it('keeps an aborted stream visible: level WARN and its message travel in metadata, status stays ok', () => {
    const span = toFoglampSpan(obs({ level: 'WARN', statusMessage: 'aborted', metadata: { a: 'b' } }));
    expect(span.status).toBe('ok');
    expect(span.metadata).toEqual({ a: 'b', level: 'WARN', statusMessage: 'aborted' });
    // the user's own keys win
    expect(toFoglampSpan(obs({ level: 'WARN', metadata: { level: 'mine' } })).metadata).toEqual({ level: 'mine' });
  });

  it('sends strings as they are and structured content as JSON text; null and undefined are left out', () => {
    expect(toFoglampSpan(obs({ input: 'plain "text"' })).input).toBe('plain "text"');
    expect(toFoglampSpan(obs({ output: { a: [1, 2] } })).output).toBe('{"a":[1,2]}');
    expect(toFoglampSpan(obs({ output: 42 })).output).toBe('42');
    const span = toFoglampSpan(obs({ input: null, output: undefined }));
    expect('input' in span || 'output' in span).toBe(false);
  });

  it('keeps endTime ≥ startTime, names an unnamed span, and throws only on a non-finite time', () => {
    const span = toFoglampSpan(obs({ startTime: T0 + 10, endTime: T0 + 2, name: '' }));
    expect(span.endTime).toBeGreaterThanOrEqual(span.startTime);
    expect(span.name).toBe('generation');
    expect(() => toFoglampSpan(obs({ endTime: Number.NaN }))).toThrow(/non-finite endTime/);
  });

  it('throws (a render error, no request) on a time beyond the Date range, e.g. nanoseconds given as milliseconds', () => {
    // 1.7e18 "ms" is not a safe integer: sent as is, Foglamp refuses the whole request.
    expect(() => toFoglampSpan(obs({ startTime: T0 * 1e6, endTime: T0 * 1e6 + 5 }))).toThrow(/startTime beyond the Date range/);
    expect(() => toFoglampSpan(obs({ endTime: 8.64e15 + 1 }))).toThrow(/endTime beyond the Date range/);
    expect(toFoglampSpan(obs({ startTime: 8.64e15, endTime: 8.64e15 })).startTime).toBe(8.64e15);
  });

  it('never emits empty provider, model or parent, nor non-string metadata', () => {
    const span = toFoglampSpan(obs({ provider: '', model: '', parentSpanId: '', metadata: { n: 1 as unknown as string, s: 'x' } }));
    expect(span).not.toHaveProperty('provider');
    expect(span).not.toHaveProperty('modelId');
    expect(span).not.toHaveProperty('parentSpanId');
    expect(span.metadata).toEqual({ s: 'x' });
  });
});

describe('toFoglampTraces', () => {
  it('groups spans of one trace under one entry, traces in first-seen order', () => {
    const other = 'ffffffffffffffffffffffffffffffff';
    const traces = toFoglampTraces([
      obs({ spanId: '1', parentSpanId: '0' }),
      obs({ traceId: other, spanId: '9' }),
      obs({ spanId: '0', kind: 'agent' }),
    ]);
    expect(traces.map((t) => [t.traceId, t.spans.map((s) => s.spanId)])).toEqual([
      [TRACE, ['1', '0']],
      [other, ['9']],
    ]);
  });

  it('takes trace-level fields from trace attributes, root first, user metadata winning over derived keys', () => {
    const common = { sessionId: 's-1', userId: 'u-1', tags: ['a', 'b'], environment: 'prod', traceMetadata: { tenant: 'acme' } };
    const traces = toFoglampTraces([
      obs({ spanId: 'child', parentSpanId: 'root', ...common, agentName: 'sub-agent', traceMetadata: { tenant: 'child-says', userId: 'meta-user' } }),
      obs({ spanId: 'root', kind: 'agent', ...common, agentName: 'summarizer', workflowName: 'deploy-digest', workflowRunId: 'run_1' }),
    ]);
    expect(traces).toHaveLength(1);
    const { spans, ...fields } = traces[0]!;
    expect(spans).toHaveLength(2);
    expect(fields).toEqual({
      traceId: TRACE,
      agentName: 'summarizer',
      workflowName: 'deploy-digest',
      workflowRunId: 'run_1',
      sessionId: 's-1',
      metadata: { tenant: 'acme', userId: 'meta-user', tags: '["a","b"]', environment: 'prod' },
    });
    for (const value of Object.values(fields.metadata ?? {})) expect(typeof value).toBe('string');
  });

  it('has no metadata or optional fields when the observations carry none', () => {
    expect(foglampTraceFields([obs()])).toEqual({});
  });

  it('reports a span that cannot be rendered and leaves out a trace left without spans', () => {
    const failed: string[] = [];
    const traces = toFoglampTraces(
      [obs({ spanId: 'bad', startTime: Number.POSITIVE_INFINITY }), obs({ traceId: 'e'.repeat(32), spanId: 'good' })],
      { onRenderError: (o) => failed.push(o.spanId) },
    );
    expect(failed).toEqual(['bad']);
    expect(traces.map((t) => t.spans.map((s) => s.spanId))).toEqual([['good']]);
    expect(() => toFoglampTraces([obs({ startTime: Number.NaN })])).toThrow();
  });
});
