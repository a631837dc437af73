import { describe, expect, it } from 'vitest';
import { checkFoglampBody, checkFoglampEnvelope, checkFoglampSpan } from '@lamplight/testkit';

const T0 = 1_716_566_400_000;
const TRACE = '0192f1c0-1a2b-7c3d-8e4f-1a2b3c4d5e6f';

/** The vendor page's example span, which must pass as is. */
const pageSpan = () => ({
  spanId: 'span_1',
  spanType: 'llm',
  name: 'generateText',
  startTime: T0,
  endTime: T0 + 1200,
  parentSpanId: 'span_0',
  status: 'error',
  errorMessage: '<string>',
  provider: 'openai',
  modelId: 'gpt-4o',
  usage: {
    inputTokens: 1200, outputTokens: 350, totalTokens: 1550, reasoningTokens: 1, cachedInputTokens: 1,
    cacheWriteInputTokens: 1, imageCount: 1, webSearchCount: 1, requestCount: 1,
  },
  ttftMs: 320,
  input: '<string>',
  output: '<string>',
  metadata: { environment: 'production', region: 'us-east-1' },
});

const pageTrace = (spans: unknown[] = [pageSpan()]) => ({
  traceId: TRACE,
  spans,
  agentName: 'summarizer',
  workflowName: 'deploy-digest',
  workflowRunId: 'run_2024_05_24',
  sessionId: 'session_abc123',
  metadata: { environment: 'production', region: 'us-east-1' },
});

const reasonsOf = (span: Record<string, unknown>) => checkFoglampSpan(span, 's').map((v) => `${v.field}: ${v.reason}`);

describe('Foglamp envelope', () => {
  it('accepts the vendor example and refuses a wrong version, a non-array, an empty and an oversized batch', () => {
    expect(checkFoglampEnvelope({ version: 'v1', traces: [pageTrace()] })).toBeUndefined();
    expect(checkFoglampEnvelope([])?.violation.field).toBe('body');
    expect(checkFoglampEnvelope({ version: 'v2', traces: [pageTrace()] })?.violation.field).toBe('version');
    expect(checkFoglampEnvelope({ traces: [pageTrace()] })?.violation.field).toBe('version');
    expect(checkFoglampEnvelope({ version: 'v1', traces: {} })?.violation.field).toBe('traces');
    expect(checkFoglampEnvelope({ version: 'v1', traces: [] })?.reason).toMatch(/at least 1/);
    const many = Array.from({ length: 1001 }, () => pageTrace());
    expect(checkFoglampEnvelope({ version: 'v1', traces: many })?.reason).toMatch(/at most 1000/);
    expect(checkFoglampEnvelope({ version: 'v1', traces: many.slice(0, 1000) })).toBeUndefined();
  });
});

describe('Foglamp span rules', () => {
  it('the vendor example span is valid, with and without its optional fields', () => {
    expect(reasonsOf(pageSpan())).toEqual([]);
    expect(reasonsOf({ spanId: 'a', spanType: 'span', name: 'n', startTime: T0, endTime: T0, status: 'ok' })).toEqual([]);
  });

  it.each([
    ['spanId', { spanId: undefined }],
    ['spanId', { spanId: '' }],
    ['spanType', { spanType: 'LLM' }],
    ['spanType', { spanType: 'generation' }],
    ['name', { name: '' }],
    ['startTime', { startTime: T0 + 0.5 }],
    ['startTime', { startTime: String(T0) }],
    ['startTime', { startTime: Math.floor(T0 / 1000) }],
    ['endTime', { endTime: T0 * 1000 }],
    ['endTime', { endTime: T0 - 1 }],
    ['parentSpanId', { parentSpanId: '' }],
    ['parentSpanId', { parentSpanId: null }],
    ['parentSpanId', { parentSpanId: 'span_1' }],
    ['status', { status: 'OK' }],
    ['status', { status: undefined }],
    ['errorMessage', { status: 'ok' }],
    ['errorMessage', { errorMessage: 42 }],
    ['provider', { provider: null }],
    ['modelId', { modelId: 4 }],
    ['usage', { usage: null }],
    ['usage.inputTokens', { usage: { inputTokens: null } }],
    ['usage.inputTokens', { usage: { inputTokens: 1.5 } }],
    ['usage.outputTokens', { usage: { outputTokens: -1 } }],
    ['usage.totalTokens', { usage: { totalTokens: '3' } }],
    ['usage.input', { usage: { input: 3 } }],
    ['ttftMs', { ttftMs: -1 }],
    ['ttftMs', { ttftMs: '320' }],
    ['input', { input: { role: 'user' } }],
    ['output', { output: ['a'] }],
    ['metadata.region', { metadata: { region: 1 } }],
    ['metadata', { metadata: 'x' }],
    ['cost', { cost: 0.1 }],
  ])('flags %s in %j', (field, change) => {
    const span: Record<string, unknown> = { ...pageSpan(), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete span[key];
    const violations = checkFoglampSpan(span, 'traces[0].spans[0]', TRACE);
    expect(violations.map((v) => v.field)).toContain(`traces[0].spans[0].${field}`);
    for (const violation of violations) {
      expect(violation.traceId).toBe(TRACE);
      expect(violation.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('Foglamp trace rules and accepted count', () => {
  it('counts valid spans; a bad span rejects only itself, a bad trace field rejects its entry', () => {
    const bad = { ...pageSpan(), spanId: 'bad', startTime: 1.5 };
    const result = checkFoglampBody({
      version: 'v1',
      traces: [
        pageTrace([pageSpan(), { ...pageSpan(), spanId: 'span_2' }, bad]),
        { ...pageTrace(), traceId: 'ffffffffffffffffffffffffffffffff', metadata: { n: 1 } },
        { ...pageTrace(), traceId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      ],
    });
    expect(result.acceptedSpans).toBe(3);
    expect(result.traces.map((t) => [t.traceId, t.spans.map((s) => s.spanId)])).toEqual([
      [TRACE, ['span_1', 'span_2']],
      ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ['span_1']],
    ]);
    expect(result.violations.map((v) => [v.traceId, v.spanId, v.field])).toEqual([
      [TRACE, 'bad', 'traces[0].spans[2].startTime'],
      ['ffffffffffffffffffffffffffffffff', undefined, 'traces[1].metadata.n'],
    ]);
  });

  it.each([
    ['traceId', { traceId: undefined }],
    ['traceId', { traceId: 'trace-1' }],
    ['traceId', { traceId: '0'.repeat(32) }],
    ['spans', { spans: [] }],
    ['spans', { spans: undefined }],
    ['agentName', { agentName: 1 }],
    ['workflowName', { workflowName: null }],
    ['workflowRunId', { workflowRunId: {} }],
    ['sessionId', { sessionId: 5 }],
    ['userId', { userId: 'u' }],
  ])('flags trace field %s in %j', (field, change) => {
    const trace: Record<string, unknown> = { ...pageTrace(), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete trace[key];
    const result = checkFoglampBody({ version: 'v1', traces: [trace] });
    expect(result.violations.map((v) => v.field)).toContain(`traces[0].${field}`);
    expect(result.acceptedSpans).toBe(0);
  });

  it('flags a second entry for the same trace, duplicate span ids, and spans delivered twice', () => {
    const twice = checkFoglampBody({ version: 'v1', traces: [pageTrace(), pageTrace()] });
    expect(twice.violations.map((v) => v.reason)).toEqual([expect.stringMatching(/share one entry/)]);
    expect(twice.acceptedSpans).toBe(1);

    const dup = checkFoglampBody({ version: 'v1', traces: [pageTrace([pageSpan(), pageSpan()])] });
    expect(dup.violations.map((v) => [v.spanId, v.reason])).toEqual([['span_1', 'duplicate span id within the trace']]);
    expect(dup.acceptedSpans).toBe(1);

    const again = checkFoglampBody({ version: 'v1', traces: [pageTrace()] }, (traceId, spanId) => traceId === TRACE && spanId === 'span_1');
    expect(again.violations.map((v) => v.reason)).toEqual([expect.stringMatching(/delivered twice/)]);
    expect(again.acceptedSpans).toBe(0);
  });

  it('flags unknown top-level fields without refusing the spans', () => {
    const result = checkFoglampBody({ version: 'v1', traces: [pageTrace()], extra: true } as never);
    expect(result.violations.map((v) => v.field)).toEqual(['extra']);
    expect(result.acceptedSpans).toBe(1);
  });
});
