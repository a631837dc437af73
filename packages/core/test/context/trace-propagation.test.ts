import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { getTraceAttributes, observe, withTraceAttributes } from '../../src/index.js';
import { normalize, toLangfuseAttributes } from '../../src/internal.js';
import { setup } from '../helpers.js';
import { makeSpan } from '../span-factory.js';

let env: ReturnType<typeof setup> | undefined;
afterEach(async () => {
  await env?.teardown();
  env = undefined;
  diag.disable();
});

const ALL = {
  userId: 'u-1',
  sessionId: 's-1',
  traceName: 'checkout',
  tags: ['a'],
  metadata: { plan: 'pro', seats: 3, flags: { beta: true } },
  traceInput: { cart: [1, 2] },
  traceOutput: 'ok',
  agentName: 'cashier',
  workflowName: 'checkout-flow',
  workflowRunId: 'run-9',
  environment: 'Staging',
  release: 'r-42',
  version: 'v2',
  prompt: { name: 'checkout-prompt', version: 4 },
  public: true,
};

describe('withTraceAttributes: every trace-level field reaches every span', () => {
  it('onto a generation and an ordinary span inside, also after await', async () => {
    env = setup();
    const { tracer, processor, exporter } = env;
    await withTraceAttributes(ALL, async () => {
      await new Promise((r) => setTimeout(r, 2));
      await tracer.startActiveSpan('root', async (root) => {
        observe('gen', { kind: 'generation', model: 'm' }, () => undefined);
        root.end();
      });
    });
    await processor.forceFlush();
    for (const name of ['root', 'gen']) {
      expect(exporter.byName(name)!.observation, name).toMatchObject({
        userId: 'u-1',
        sessionId: 's-1',
        traceName: 'checkout',
        tags: ['a'],
        traceMetadata: { plan: 'pro', seats: '3', flags: '{"beta":true}' },
        agentName: 'cashier',
        workflowName: 'checkout-flow',
        workflowRunId: 'run-9',
        environment: 'Staging',
        release: 'r-42',
        version: 'v2',
        prompt: { name: 'checkout-prompt', version: 4 },
        public: true,
      });
    }
    // trace input/output can be large: only the scope's top-level span carries them
    expect(exporter.byName('root')!.observation).toMatchObject({ traceInput: { cart: [1, 2] }, traceOutput: 'ok' });
    expect(exporter.byName('gen')!.observation.traceInput).toBeUndefined();
    expect(toLangfuseAttributes(exporter.byName('root')!.observation)).toMatchObject({
      'langfuse.trace.input': '{"cart":[1,2]}',
      'langfuse.trace.output': '"ok"',
    });
    const attrs = toLangfuseAttributes(exporter.byName('gen')!.observation);
    expect(attrs).toMatchObject({
      'user.id': 'u-1',
      'session.id': 's-1',
      'langfuse.trace.name': 'checkout',
      'langfuse.trace.tags': ['a'],
      'langfuse.trace.metadata.plan': 'pro',
      'langfuse.trace.metadata.agent_name': 'cashier',
      'langfuse.trace.metadata.workflow_name': 'checkout-flow',
      'langfuse.trace.metadata.workflow_run_id': 'run-9',
      'langfuse.trace.public': true,
      'langfuse.environment': 'staging',
      'langfuse.release': 'r-42',
      'langfuse.version': 'v2',
      'langfuse.observation.prompt.name': 'checkout-prompt',
      'langfuse.observation.prompt.version': 4,
    });
  });

  it('trace input/output go on each top-level span of the scope that set them, not on nested spans or inner scopes', async () => {
    env = setup();
    const { tracer, processor, exporter } = env;
    tracer.startActiveSpan('http', (http) => {
      withTraceAttributes({ traceInput: 'q' }, () => {
        tracer.startActiveSpan('a', (a) => {
          withTraceAttributes({ userId: 'u' }, () => tracer.startSpan('a.child', { attributes: { 'gen_ai.request.model': 'm' } }).end());
          a.end();
        });
        tracer.startSpan('b', { attributes: { 'gen_ai.request.model': 'm' } }).end();
      });
      http.end();
    });
    await processor.forceFlush();
    const io = (name: string) => exporter.byName(name)!.observation.traceInput;
    expect([io('http'), io('a'), io('a.child'), io('b')]).toEqual([undefined, 'q', undefined, 'q']);
    expect(exporter.byName('a.child')!.observation.userId).toBe('u');
  });

  it('nested calls merge: inner wins per key, tags united, metadata merged; an explicit prompt wins', async () => {
    env = setup();
    const { processor, exporter } = env;
    withTraceAttributes({ userId: 'outer', tags: ['a', 'b'], metadata: { x: '1', y: '1' }, prompt: { name: 'p', version: 1 } }, () =>
      withTraceAttributes({ userId: 'inner', tags: ['b', 'c'], metadata: { y: '2' } }, () => {
        expect(getTraceAttributes()).toMatchObject({ userId: 'inner', tags: ['a', 'b', 'c'], metadata: { x: '1', y: '2' } });
        observe('gen', { kind: 'generation', model: 'm' }, () => undefined);
        observe('own-prompt', { kind: 'generation', model: 'm', prompt: { name: 'q', version: 2 } }, () => undefined);
      }),
    );
    await processor.forceFlush();
    expect(exporter.byName('gen')!.observation).toMatchObject({ userId: 'inner', tags: ['a', 'b', 'c'], traceMetadata: { x: '1', y: '2' }, prompt: { name: 'p', version: 1 } });
    expect(exporter.byName('own-prompt')!.observation.prompt).toEqual({ name: 'q', version: 2 });
  });

  it('validates: ids over 200 characters or not strings are dropped with one diag line; numbers become strings', async () => {
    const warnings: string[] = [];
    const logger: DiagLogger = { warn: (...args: unknown[]) => void warnings.push(args.join(' ')), error: () => {}, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, DiagLogLevel.WARN);
    env = setup();
    const { processor, exporter } = env;
    withTraceAttributes(
      { userId: 'x'.repeat(201), sessionId: 42 as unknown as string, tags: ['ok', 7 as unknown as string, 'y'.repeat(300)], prompt: { name: 'p', version: 1.5 } },
      () => observe('gen', { kind: 'generation', model: 'm' }, () => undefined),
    );
    await processor.forceFlush();
    const obs = exporter.byName('gen')!.observation;
    expect([obs.userId, obs.sessionId, obs.tags, obs.prompt]).toEqual([undefined, '42', ['ok'], { name: 'p', version: undefined }]);
    expect(warnings.some((w) => w.includes('userId') && w.includes('201 characters'))).toBe(true);
    expect(warnings.join('\n')).not.toContain('x'.repeat(50)); // the value itself is never logged
    expect(toLangfuseAttributes(obs)['langfuse.observation.prompt.version']).toBeUndefined();
  });

  it('the same rules apply to ids from any convention', () => {
    const obs = normalize(makeSpan({ 'ai.operationId': 'ai.generateText', 'ai.telemetry.metadata.userId': 'z'.repeat(250), 'session.id': 'ok' }));
    expect([obs.userId, obs.sessionId]).toEqual([undefined, 'ok']);
  });
});

describe('trace fields from AI SDK metadata and context keys', () => {
  it('v5/v6 ai.telemetry.metadata.*: user, session, tags, trace name, prompt (JSON text); the rest is metadata', () => {
    const obs = normalize(
      makeSpan({
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'gpt-4o',
        'ai.telemetry.metadata.userId': 'u-5',
        'ai.telemetry.metadata.sessionId': 's-5',
        'ai.telemetry.metadata.tags': ['x', 'y'],
        'ai.telemetry.metadata.traceName': 'support-bot',
        'ai.telemetry.metadata.langfusePrompt': '{"name":"support","version":3,"isFallback":false}',
        'ai.telemetry.metadata.tenant': 'acme',
      }),
    );
    expect(obs).toMatchObject({ userId: 'u-5', sessionId: 's-5', tags: ['x', 'y'], traceName: 'support-bot', prompt: { name: 'support', version: 3 }, metadata: { tenant: 'acme' } });
    expect(toLangfuseAttributes(obs)['langfuse.observation.prompt.version']).toBe(3);
  });

  it('v7 ai.settings.context.*: flattened objects, on gen_ai scope spans too', () => {
    const obs = normalize(
      makeSpan(
        {
          'gen_ai.operation.name': 'invoke_agent',
          'ai.settings.context.userId': 'u-7',
          'ai.settings.context.environment': 'prod',
          'ai.settings.context.langfusePrompt.name': 'agent-prompt',
          'ai.settings.context.langfusePrompt.version': 12,
          'ai.settings.context.account.tier': 'gold',
        },
        { scope: 'gen_ai' },
      ),
    );
    expect(obs).toMatchObject({ kind: 'agent', userId: 'u-7', environment: 'prod', prompt: { name: 'agent-prompt', version: 12 }, metadata: { 'account.tier': 'gold' } });
  });

  it('our propagated attributes win over the SDK metadata; tags are united', () => {
    const obs = normalize(
      makeSpan({ 'ai.operationId': 'ai.streamText', 'user.id': 'from-lamplight', 'lamplight.trace.tags': ['l'], 'ai.telemetry.metadata.userId': 'from-sdk', 'ai.telemetry.metadata.tags': ['s'], 'ai.response.finishReason': 'stop' }),
    );
    expect([obs.userId, obs.tags]).toEqual(['from-lamplight', ['l', 's']]);
  });
});
