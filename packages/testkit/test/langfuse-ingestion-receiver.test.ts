import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLangfuseIngestionReceiver, type LangfuseIngestionReceiver } from '../src/index.js';

let receiver: LangfuseIngestionReceiver;
beforeEach(async () => {
  receiver = await startLangfuseIngestionReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const TS = '2024-05-24T16:00:00.000Z';
let n = 0;
const id = (): string => `evt-${++n}`;
const traceCreate = (body: Record<string, unknown> = {}) => ({ id: id(), type: 'trace-create', timestamp: TS, body: { id: TRACE, name: 't', ...body } });
const generation = (body: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) => ({
  id: id(),
  type: 'generation-create',
  timestamp: TS,
  body: { id: 'b7ad6b7169203331', traceId: TRACE, startTime: TS, endTime: '2024-05-24T16:00:01.000Z', level: 'DEFAULT', ...body },
  ...envelope,
});

async function post(body: unknown, headers: Record<string, string> = {}, raw?: string) {
  const response = await fetch(receiver.ingestionUrl, {
    method: 'POST',
    headers: { authorization: receiver.authorizationHeader, 'content-type': 'application/json', ...headers },
    body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as { successes?: Array<{ id: string; status: number }>; errors?: Array<Record<string, unknown>>; message?: string } };
}

describe('Langfuse ingestion receiver', () => {
  it('answers 207 with per-event successes and records accepted events and merged traces', async () => {
    const batch = [traceCreate({ userId: 'u', tags: ['a'] }), generation({ usageDetails: { input: 3, output: 1 } }), traceCreate({ tags: ['b'], name: null })];
    const answer = await post({ batch });
    expect(answer.status).toBe(207);
    expect(answer.json).toEqual({ successes: batch.map((e) => ({ id: e.id, status: 201 })), errors: [] });
    expect(receiver.observations().map((e) => e.body.id)).toEqual(['b7ad6b7169203331']);
    expect(receiver.traces()).toEqual([{ id: TRACE, name: 't', userId: 'u', tags: ['a', 'b'] }]);
    expect(receiver.trace(TRACE)).toHaveLength(1);
    expect(receiver.violations()).toEqual([]);
    expect(receiver.requests[0]).toMatchObject({ status: 207, eventCount: 3, acceptedEvents: 3, injected: false });
  });

  it('schema errors become per-event 400s and are not accepted', async () => {
    const bad = [
      generation({ usageDetails: { input: -1, output: 1.5 } }),
      generation({ level: 'INFO' }),
      generation({ startTime: '2024-05-24 16:00' }),
      generation({ promptName: 'qa', promptVersion: 0 }),
      generation({}, { timestamp: 'yesterday' }),
      generation({ environment: 'Langfuse-prod' }),
      { id: id(), type: 'agent-update', timestamp: TS, body: {} },
      traceCreate({ tags: 'a' }),
    ];
    const answer = await post({ batch: [traceCreate(), ...bad] });
    expect(answer.json.successes).toHaveLength(1);
    expect(answer.json.errors!.map((e) => e.id)).toEqual(bad.map((e) => e.id));
    expect(answer.json.errors![0]).toEqual({
      id: bad[0]!.id,
      status: 400,
      message: 'Invalid request data',
      error: ['body.usageDetails.input: must be a non-negative integer', 'body.usageDetails.output: must be a non-negative integer'],
    });
    expect(receiver.observations()).toEqual([]);
    expect(new Set(receiver.violations().filter((v) => v.severity === 'error').map((v) => v.field))).toEqual(
      new Set(['body.usageDetails.input', 'body.usageDetails.output', 'body.level', 'body.startTime', 'body.promptName', 'timestamp', 'body.environment', 'type', 'body.tags']),
    );
  });

  it('records silent losses: missing ids, stripped usage, no trace-create, duplicate event ids', async () => {
    const dup = generation({ id: 'c000000000000001' });
    await post({
      batch: [
        generation({ traceId: 'ffffffffffffffffffffffffffffffff' }),
        { id: id(), type: 'span-create', timestamp: TS, body: { id: 'd000000000000001', traceId: TRACE, startTime: TS, model: 'gpt-4o', usageDetails: { input: 1 } } },
        { id: id(), type: 'span-create', timestamp: TS, body: { startTime: TS } },
        dup,
      ],
    });
    await post({ batch: [traceCreate(), dup] });
    const silent = receiver.violations().map((v) => [v.field, v.reason.split(':')[0]]);
    expect(silent).toEqual([
      ['body.traceId', 'no trace-create for this trace in this batch or an earlier one'],
      ['body.model', 'not part of a span-create body'],
      ['body.usageDetails', 'not part of a span-create body'],
      ['body.traceId', 'no trace-create for this trace in this batch or an earlier one'],
      ['body.id', 'missing'],
      ['body.traceId', 'missing'],
      ['body.traceId', 'no trace-create for this trace in this batch or an earlier one'],
      ['id', 'duplicate event id'],
    ]);
    expect(receiver.violations().every((v) => v.severity === 'silent')).toBe(true);
    expect(receiver.observations()).toHaveLength(4);
  });

  it('refuses whole requests like Langfuse: auth, content type, JSON shape, size', async () => {
    expect((await post({ batch: [] }, { authorization: 'Basic eDp5' })).status).toBe(401);
    expect((await post({ batch: [] }, { authorization: '' })).json).toEqual({ message: 'No authorization header' });
    expect((await post({ batch: [] }, { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await post({ events: [] })).status).toBe(400);
    expect((await post(undefined, {}, '{not json')).status).toBe(400);
    const big = await post({ batch: [generation({ input: 'x'.repeat(3_500_000) })] });
    expect(big).toMatchObject({ status: 413 });
    expect(receiver.observations()).toEqual([]);
  });

  it('failEvents answers matching events with the given per-event error, up to count; failNext scripts whole answers', async () => {
    receiver.failEvents((e) => e.type === 'generation-create', { status: 422, message: 'nope', error: { why: 'test' }, count: 1 });
    const first = generation();
    const answer = await post({ batch: [traceCreate(), first, generation({ id: 'c000000000000002' })] });
    expect(answer.json.errors).toEqual([{ id: first.id, status: 422, message: 'nope', error: { why: 'test' } }]);
    expect(receiver.observations().map((e) => e.body.id)).toEqual(['c000000000000002']);
    receiver.failNext({ status: 503, headers: { 'retry-after': '1' } });
    const refused = await fetch(receiver.ingestionUrl, { method: 'POST', body: '{}' });
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '1']);
    expect(receiver.requests[1]).toMatchObject({ injected: true, status: 503 });
    expect(() => receiver.failEvents((() => true) as never, { status: 9 })).toThrow(/status/);
    receiver.reset();
    expect([receiver.requests.length, receiver.events().length]).toEqual([0, 0]);
  });

  it('typedEvents: false refuses agent-create with a per-event error', async () => {
    await receiver.close();
    receiver = await startLangfuseIngestionReceiver({ typedEvents: false });
    const agent = { ...generation(), type: 'agent-create' };
    const answer = await post({ batch: [traceCreate(), agent] });
    expect(answer.json.errors).toEqual([{ id: agent.id, status: 400, message: 'Invalid request data', error: ['type: event type not supported by this Langfuse version'] }]);
  });
});
