import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRawRecordText, startRawRecordReceiver, topLevelNumberTokens, type RawRecordReceiver } from '../src/index.js';

let receiver: RawRecordReceiver;
beforeEach(async () => {
  receiver = await startRawRecordReceiver({ apiKey: 'rk_test' });
});
afterEach(async () => {
  await receiver.close();
});

const START = '1716566400123456789';
const END = '1716566400523456789';
const HEX = '1c563dcf980b449abb0dcbeaf1784e81';

/** A valid record as JSON text, with the nanos as exact integer literals. */
function recordText(fields: Record<string, unknown> = {}, start = START, end = END): string {
  const json = JSON.stringify({ trace_id: HEX, span_id: 'b7ad6b7169203331', span_name: 'chat', level: 'INFO', error: false, extra: {}, ...fields });
  return `${json.slice(0, -1)},"start_time_unix_nano":${start},"end_time_unix_nano":${end}}`;
}

async function post(text: string, headers: Record<string, string> = {}) {
  const response = await fetch(receiver.recordUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'rk_test', ...headers }, body: text });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('raw record rules', () => {
  it('reads the exact digits of top-level nanos, ignoring the same keys nested in extra', () => {
    const text = `{"extra":{"start_time_unix_nano":1},"start_time_unix_nano" : ${START},"s":"\\"start_time_unix_nano\\":2","end_time_unix_nano":1.5e18}`;
    expect(topLevelNumberTokens(text, ['start_time_unix_nano', 'end_time_unix_nano'])).toEqual(
      new Map([
        ['start_time_unix_nano', START],
        ['end_time_unix_nano', '1.5e18'],
      ]),
    );
  });

  it('flags wrong types, ids, levels, non-integer or implausible nanos and unknown fields', () => {
    const check = checkRawRecordText(
      recordText({ trace_id: 'abc', span_id: 'B7AD6B71692033', level: 'WARNING', error: 'no', input: 3, extra: [], trace_name: null, foo: 1 }, '1716566400123.5', '1716566400123'),
    );
    expect(check.errors.map((e) => [e.loc.join('.'), e.type])).toEqual([
      ['body.input', 'string_type'],
      ['body.trace_name', 'string_type'],
      ['body.trace_id', 'value_error'],
      ['body.span_id', 'value_error'],
      ['body.level', 'enum'],
      ['body.error', 'bool_type'],
      ['body.extra', 'dict_type'],
      ['body.start_time_unix_nano', 'int_type'],
      ['body.end_time_unix_nano', 'value_error'],
    ]);
    expect(check.warnings.map((w) => w.loc.join('.'))).toEqual(['body.foo']);
    expect(checkRawRecordText(recordText({ trace_id: '1C563DCF-980B-449A-BB0D-CBEAF1784E81' })).errors).toEqual([]);
    expect(checkRawRecordText(recordText({}, END, START)).warnings[0]).toMatchObject({ msg: 'ends before it starts' });
  });
});

describe('raw record receiver', () => {
  it('accepts a valid record with 200 and keeps the exact nanosecond digits', async () => {
    expect(await post(recordText({ user_id: 'u-1' }))).toEqual({ status: 200, json: { success: true } });
    const [record] = await receiver.waitForRecords(1);
    expect(record).toMatchObject({ startTimeUnixNano: START, endTimeUnixNano: END, requestIndex: 0 });
    expect(record!.record.user_id).toBe('u-1');
    // What JSON.parse makes of the number is not the number that was sent.
    expect(String(record!.record.start_time_unix_nano)).not.toBe(START);
    expect(receiver.trace('1C563DCF-980B-449A-BB0D-CBEAF1784E81')).toHaveLength(1);
    expect(receiver.violations()).toEqual([]);
  });

  it('answers validation errors with 422 {"success": false, "error": {"detail": [...]}}', async () => {
    const answer = await post(recordText({ span_id: 'xyz' }));
    expect(answer).toEqual({
      status: 422,
      json: { success: false, error: { detail: [{ loc: ['body', 'span_id'], msg: 'span_id must be 16 hex characters', type: 'value_error', input: 'xyz' }] } },
    });
    expect(receiver.records()).toEqual([]);
    expect(receiver.violations()).toMatchObject([{ requestIndex: 0, severity: 'error', loc: ['body', 'span_id'] }]);
    expect((await post('{"trace_id": ')).status).toBe(422);
    expect((await post(recordText(), { 'content-type': 'text/plain' })).status).toBe(422);
  });

  it('requires the configured X-API-Key; without a configured key the header is optional', async () => {
    expect(await post(recordText(), { 'x-api-key': 'wrong' })).toEqual({ status: 401, json: { success: false, error: { detail: 'Invalid or missing API key' } } });
    await receiver.close();
    receiver = await startRawRecordReceiver();
    const response = await fetch(receiver.recordUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: recordText() });
    expect(response.status).toBe(200);
    expect(receiver.apiKey).toBeUndefined();
  });

  it('failRecords answers matching valid records with a validation error; failNext scripts whole answers', async () => {
    receiver.failRecords((r) => r.span_name === 'tool', { detail: [{ loc: ['body', 'input'], msg: 'too long', type: 'string_too_long' }], count: 1 });
    expect(await post(recordText({ span_name: 'tool' }))).toEqual({
      status: 422,
      json: { success: false, error: { detail: [{ loc: ['body', 'input'], msg: 'too long', type: 'string_too_long' }] } },
    });
    expect((await post(recordText({ span_name: 'tool' }))).status).toBe(200);
    receiver.failNext({ status: 429, headers: { 'retry-after': '2' } });
    expect((await post(recordText())).status).toBe(429);
    expect(receiver.requests.map((r) => [r.status, r.injected, r.accepted])).toEqual([
      [422, true, false],
      [200, false, true],
      [429, true, false],
    ]);
    const missing = await fetch(`${receiver.url}/api/v1/telemetry`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
  });
});
