import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { observe } from '@lamplight/core';
import { currentTraceId, LangfuseScores } from '@lamplight/langfuse';
import { startLangfusePublicApi, type LangfusePublicApi } from '@lamplight/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let api: LangfusePublicApi;
beforeEach(async () => {
  api = await startLangfusePublicApi();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider());
});
afterEach(async () => {
  trace.disable();
  context.disable();
  await api.close();
});

const scoresFor = (options: Partial<ConstructorParameters<typeof LangfuseScores>[0]> = {}) =>
  new LangfuseScores({ baseUrl: api.url, publicKey: api.publicKey, secretKey: api.secretKey, env: {}, ...options });

describe('scores', () => {
  it('scores the current trace, an observation and a session: each arrives with the right ids and type', async () => {
    const scores = scoresFor();
    let traceId: string | undefined;
    let spanId = '';
    await observe('answer', { kind: 'agent' }, async () => {
      traceId = currentTraceId();
      spanId = trace.getActiveSpan()!.spanContext().spanId;
      scores.score({ traceId: currentTraceId(), name: 'user-feedback', value: true, comment: 'helpful, key sk-proj-abcdefghijklmnopqrstuvwxyz0123' });
      scores.score({ traceId: currentTraceId(), observationId: spanId, name: 'faithfulness', value: 0.82 });
    });
    scores.score({ sessionId: 'chat-42', name: 'topic', value: 'billing' });
    expect(api.scores()).toHaveLength(0); // queued, not sent on the caller's path
    await scores.flush();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const received = api.scores();
    expect(received).toHaveLength(3);
    expect(received[0]).toMatchObject({ traceId, name: 'user-feedback', value: 1, dataType: 'BOOLEAN' });
    expect(received[0]?.comment).not.toContain('abcdefghijklmnopqrstuvwxyz0123');
    expect(received[1]).toMatchObject({ traceId, observationId: spanId, name: 'faithfulness', value: 0.82, dataType: 'NUMERIC' });
    expect(received[2]).toMatchObject({ sessionId: 'chat-42', name: 'topic', value: 'billing', dataType: 'CATEGORICAL' });
    expect(new Set(received.map((s) => s.id)).size).toBe(3);
    expect(scores.stats()).toMatchObject({ exported: 3, requests: 3, queued: 0 });
  });

  it('retries a 503 with the same score id; an invalid score is counted, never thrown, never sent', async () => {
    const scores = scoresFor();
    api.failNext(503);
    scores.score({ traceId: 'a'.repeat(32), name: 'rating', value: 4 });
    expect(() => scores.score({ name: 'no target', value: 1 } as never)).not.toThrow();
    expect(() => scores.score(null as never)).not.toThrow();
    scores.score({ traceId: 'a'.repeat(32), name: 'bad type', value: 'x', dataType: 'NUMERIC' });
    await scores.flush();
    expect(api.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(api.scores()).toHaveLength(1);
    expect(scores.stats()).toMatchObject({ exported: 1, requests: 2, dropped: { 'render-error': 3 } });
  });

  it('a wrong secret key: the score is rejected-4xx and the key appears nowhere', async () => {
    const scores = scoresFor({ secretKey: 'sk-lf-wrong-secret-value' });
    scores.score({ sessionId: 's', name: 'n', value: 1 });
    await scores.flush();
    const stats = scores.stats();
    expect(stats).toMatchObject({ exported: 0, dropped: { 'rejected-4xx': 1 } });
    expect(JSON.stringify(stats)).not.toContain('sk-lf-wrong-secret-value');
  });

  it('traceUrl() points at the trace in the Langfuse UI of the keys\' project', async () => {
    const scores = scoresFor();
    expect(await scores.traceUrl('b'.repeat(32))).toBe(`${api.url}/project/${api.projectId}/traces/${'b'.repeat(32)}`);
    expect(await scores.traceUrl()).toBeUndefined();
  });
});
