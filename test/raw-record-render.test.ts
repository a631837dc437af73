import { type Observation } from '@lamplight/core';
import { normalizeSpanId, normalizeTraceId, rawRecordJson, toRawRecord, traceIdToUuid, unixNanoFromHrTime, unixNanoFromMs } from '@lamplight/core/internal';
import { checkRawRecordText, topLevelNumberTokens } from '@lamplight/testkit';
import { describe, expect, it } from 'vitest';

const T0 = 1_716_566_400_000;
const UUID = '1C563DCF-980B-449A-BB0D-CBEAF1784E81';
const HEX = '1c563dcf980b449abb0dcbeaf1784e81';

function obs(overrides: Partial<Observation> = {}): Observation {
  return {
    traceId: HEX,
    spanId: 'B7AD6B7169203331',
    parentSpanId: 'a000000000000001',
    name: 'chat gpt-4o',
    startTime: T0 + 0.5,
    endTime: T0 + 400,
    kind: 'generation',
    level: 'INFO',
    error: false,
    ...overrides,
  };
}

describe('trace and span ids', () => {
  it('accepts a 32-hex trace id or a UUID in any case and converts to lowercase 32 hex', () => {
    expect(normalizeTraceId(UUID)).toBe(HEX);
    expect(normalizeTraceId(HEX.toUpperCase())).toBe(HEX);
    expect(normalizeTraceId(` ${HEX} `)).toBe(HEX);
    expect(traceIdToUuid(HEX)).toBe(UUID.toLowerCase());
    expect(traceIdToUuid(traceIdToUuid(UUID))).toBe(UUID.toLowerCase());
    for (const bad of ['0'.repeat(32), '00000000-0000-0000-0000-000000000000', `${HEX}0`, '1c563dcf-980b449a-bb0d-cbeaf1784e81', 'z'.repeat(32), 42, undefined]) {
      expect(normalizeTraceId(bad)).toBeUndefined();
    }
    expect(normalizeSpanId('B7AD6B7169203331')).toBe('b7ad6b7169203331');
    expect(normalizeSpanId('0000000000000000')).toBeUndefined();
    expect(normalizeSpanId('b7ad6b716920333')).toBeUndefined();
  });
});

describe('nanosecond times', () => {
  it('converts HrTime exactly, beyond 2^53', () => {
    expect(unixNanoFromHrTime([1_716_566_400, 123_456_789])).toBe(1_716_566_400_123_456_789n);
    expect(unixNanoFromHrTime([1_716_566_400, 1_000_000_000])).toBeUndefined();
    expect(unixNanoFromHrTime([1.5, 0])).toBeUndefined();
    expect(unixNanoFromHrTime('x')).toBeUndefined();
  });

  it('converts whole milliseconds exactly and rounds the fraction to the nanosecond', () => {
    expect(unixNanoFromMs(T0)).toBe(1_716_566_400_000_000_000n);
    expect(unixNanoFromMs(T0 + 0.5)).toBe(1_716_566_400_000_500_000n);
    expect(unixNanoFromMs(Number.NaN)).toBeUndefined();
    expect(unixNanoFromMs(-1)).toBeUndefined();
  });
});

describe('raw record renderer', () => {
  it('renders the flat record with exact integer nanos, text content and everything else in extra', () => {
    const record = toRawRecord(
      obs({
        traceId: UUID,
        userId: 'u-1',
        sessionId: 's-1',
        traceName: 'weather',
        input: [{ role: 'user', content: 'hi' }],
        output: 'hello',
        level: 'WARN',
        statusMessage: 'aborted',
        aborted: true,
        model: 'gpt-4o',
        provider: 'openai',
        modelParameters: { temperature: 0.2 },
        inputTokens: 120,
        outputTokens: 30,
        totalTokens: 150,
        cachedInputTokens: 100,
        cost: { total: 0.01 },
        ttftMs: 250,
        completionStartTime: T0 + 250.5,
        metadata: { tenant: 'acme' },
        tags: ['e2e'],
        environment: 'staging',
        prompt: { name: 'qa', version: 2 },
      }),
      { startTime: [1_716_566_400, 123_456_789], endTime: [1_716_566_400, 523_456_789] },
    );
    const json = rawRecordJson(record);
    expect(json.startsWith('{"user_id":"u-1","session_id":"s-1","trace_id":"1c563dcf980b449abb0dcbeaf1784e81","trace_name":"weather",')).toBe(true);
    expect(json).toContain('"start_time_unix_nano":1716566400123456789,"end_time_unix_nano":1716566400523456789,');
    expect(topLevelNumberTokens(json, ['start_time_unix_nano', 'end_time_unix_nano'])).toEqual(
      new Map([
        ['start_time_unix_nano', '1716566400123456789'],
        ['end_time_unix_nano', '1716566400523456789'],
      ]),
    );
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      span_id: 'b7ad6b7169203331',
      span_name: 'chat gpt-4o',
      input: '[{"role":"user","content":"hi"}]',
      output: 'hello',
      level: 'WARN',
      error: false,
      status_message: 'aborted',
    });
    expect(parsed.extra).toEqual({
      kind: 'generation',
      parent_span_id: 'a000000000000001',
      provider: 'openai',
      model: 'gpt-4o',
      model_parameters: { temperature: 0.2 },
      ttft_ms: 250,
      metadata: { tenant: 'acme' },
      tags: ['e2e'],
      environment: 'staging',
      usage: { input_tokens: 120, output_tokens: 30, total_tokens: 150, cached_input_tokens: 100 },
      cost: { total: 0.01 },
      completion_start_time: '2024-05-24T16:00:00.250Z',
      prompt: { name: 'qa', version: 2 },
      aborted: true,
    });
    const check = checkRawRecordText(json);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.startTimeUnixNano).toBe('1716566400123456789');
  });

  it('falls back to the observation milliseconds, clamps end ≥ start and leaves unknown fields out', () => {
    const record = toRawRecord(obs({ endTime: T0 - 5, name: '', kind: 'agent', inputTokens: 9 }));
    expect(record.start_time_unix_nano).toBe(1_716_566_400_000_500_000n);
    expect(record.end_time_unix_nano).toBe(1_716_566_400_000_500_000n);
    expect(Object.keys(record)).toEqual(['trace_id', 'span_id', 'start_time_unix_nano', 'end_time_unix_nano', 'level', 'error', 'extra']);
    // Aggregate kinds carry no usage: the model calls below them do.
    expect(record.extra).toEqual({ kind: 'agent', parent_span_id: 'a000000000000001' });
  });

  it('marks level ERROR as an error and refuses ids it cannot render', () => {
    expect(toRawRecord(obs({ level: 'ERROR' })).error).toBe(true);
    expect(toRawRecord(obs({ error: true, level: 'WARN' }))).toMatchObject({ error: true, level: 'WARN' });
    expect(() => toRawRecord(obs({ traceId: 'not-a-trace' }))).toThrow(/trace id/);
    expect(() => toRawRecord(obs({ spanId: 'xyz' }))).toThrow(/span id/);
    expect(() => toRawRecord(obs({ startTime: Number.NaN }))).toThrow(/time/);
    // A BigInt cannot be stringified by accident: the record has to go through rawRecordJson.
    expect(() => JSON.stringify(toRawRecord(obs()))).toThrow(TypeError);
  });
});
