import { afterEach, describe, expect, it } from 'vitest';
import {
  startFoglampReceiver,
  startLangfuseReceiver,
  type FoglampRecordedRequest,
  type FoglampReceiver,
  type LangfuseReceiver,
  type RecordedRequest,
} from '@lamplight/testkit';
import { av, post, protobufBody } from './helpers/otlp-request-builder.js';

// `keepRecords: false` + `onRequest` are what a long-running receiver (`lamplight dev`) needs:
// every request still reaches the caller, with its decoded spans and violations, while the
// receiver itself holds no growing log.
const open: Array<LangfuseReceiver | FoglampReceiver> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((receiver) => receiver.close()));
});

const foglampBatch = (spanId: string) => ({
  version: 'v1',
  traces: [{ traceId: 'abcdefabcdefabcdefabcdefabcdef01', spans: [{ spanId, spanType: 'llm', name: 'chat', startTime: 1_716_566_400_000, endTime: 1_716_566_400_005, status: 'ok' }] }],
});

async function postFoglamp(receiver: FoglampReceiver, body: unknown): Promise<number> {
  const response = await fetch(receiver.ingestUrl, {
    method: 'POST',
    headers: { authorization: receiver.authorizationHeader, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

describe('receiver records and the onRequest hook', () => {
  it('Langfuse: onRequest sees each request with decoded spans and violations; keepRecords false keeps nothing', async () => {
    const seen: RecordedRequest[] = [];
    const receiver = await startLangfuseReceiver({ keepRecords: false, onRequest: (request) => seen.push(request) });
    open.push(receiver);
    const good = protobufBody([{ name: 'chat', attributes: { 'langfuse.observation.type': av.str('generation') } }]);
    const bad = protobufBody([{ name: 'odd', attributes: { 'langfuse.observation.level': av.str('LOUD') } }]);
    expect((await post(receiver, good)).status).toBe(200);
    expect((await post(receiver, bad)).status).toBe(200);
    expect(seen.map((request) => [request.index, request.status, request.spans.map((span) => span.name)])).toEqual([
      [0, 200, ['chat']],
      [1, 200, ['odd']],
    ]);
    expect(seen[1]!.violations.map((violation) => violation.attribute)).toContain('langfuse.observation.level');
    expect(receiver.requests).toEqual([]);
    expect(receiver.spans()).toEqual([]);
    expect(receiver.violations()).toEqual([]);
  });

  it('Langfuse: by default the log is kept and the hook is called too', async () => {
    const seen: RecordedRequest[] = [];
    const receiver = await startLangfuseReceiver({ onRequest: (request) => seen.push(request) });
    open.push(receiver);
    await post(receiver, protobufBody([{ name: 'chat' }]));
    expect(receiver.spans().map((span) => span.name)).toEqual(['chat']);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(receiver.requests[0]);
  });

  it('Foglamp: onRequest sees the body and accepted count; keepRecords false still catches a duplicate span', async () => {
    const seen: FoglampRecordedRequest[] = [];
    const receiver = await startFoglampReceiver({ keepRecords: false, onRequest: (request) => seen.push(request) });
    open.push(receiver);
    expect(await postFoglamp(receiver, foglampBatch('a'))).toBe(200);
    expect(await postFoglamp(receiver, foglampBatch('a'))).toBe(200);
    expect(seen.map((request) => [request.index, request.acceptedSpans])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(seen[1]!.violations).toHaveLength(1);
    expect((seen[0]!.body as { traces: unknown[] }).traces).toHaveLength(1);
    expect(receiver.requests).toEqual([]);
    expect(receiver.spans()).toEqual([]);
    expect(receiver.traces()).toEqual([]);
  });
});
