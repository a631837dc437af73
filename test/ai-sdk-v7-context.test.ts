import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { withTraceAttributes } from '@lamplight/core';
import { lamplightTelemetry } from '@lamplight/ai-sdk';
import { observeOpenAI } from '@lamplight/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ai7 as ai,
  attr,
  createOpenAI,
  expectTraceFields,
  foglampTree,
  langfuseTree,
  one,
  startPipeline,
  totalTokens,
  usageDetails,
  z,
  type AiSdkPipeline,
} from './ai-sdk-harness.js';

/**
 * Where AI SDK v7 spans go in the app's trace: under the caller's active span, with the
 * OpenAI wrapper's spans under the tool span that called it, and with the trace fields the
 * app gives through `withTraceAttributes` or through the call's runtime context.
 */
const MODEL = 'gpt-4o-mini';

let p: AiSdkPipeline;
beforeEach(async () => {
  p = await startPipeline();
  ai.registerTelemetry(lamplightTelemetry());
});
afterEach(async () => {
  await p.close();
});

function chatModel() {
  return createOpenAI({ baseURL: p.fake.baseURL, apiKey: p.fake.apiKey }).chat(MODEL);
}

describe('AI SDK v7 spans in the app trace', () => {
  it('nest under the caller span; an OpenAI-wrapper call inside a tool nests under the tool span', async () => {
    const client = observeOpenAI(new OpenAI({ baseURL: p.fake.baseURL, apiKey: p.fake.apiKey, maxRetries: 0 }));
    p.fake.enqueue(
      { toolCalls: [{ name: 'summarize', arguments: { topic: 'Paris' } }], usage: { inputTokens: 50, outputTokens: 8 } },
      // The tool's own OpenAI call.
      { text: 'Paris: capital of France.', usage: { inputTokens: 20, outputTokens: 6 } },
      { text: 'Summary: Paris is the capital of France.', usage: { inputTokens: 80, outputTokens: 9 } },
    );
    const summarize = ai.tool({
      inputSchema: z.object({ topic: z.string() }),
      execute: async ({ topic }) => {
        const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `Summarize ${topic}` }] });
        return completion.choices[0]?.message.content ?? '';
      },
    });
    const tracer = trace.getTracer('app');
    await withTraceAttributes({ userId: 'user-n', sessionId: 'session-n', tags: ['nesting'] }, () =>
      tracer.startActiveSpan('POST /summary', async (request) => {
        await ai.generateText({ model: chatModel(), prompt: 'Summarize Paris.', tools: { summarize }, stopWhen: ai.isStepCount(3) });
        request.end();
      }),
    );

    const got = await p.collect(8);
    expect(langfuseTree(got.langfuse)).toEqual([
      'POST /summary [span]',
      `  invoke_agent ${MODEL} [agent]`,
      '    step 1 [chain]',
      `      chat ${MODEL} [generation]`,
      '      execute_tool summarize [tool]',
      `        chat ${MODEL} [generation]`,
      '    step 2 [chain]',
      `      chat ${MODEL} [generation]`,
    ]);
    expect(foglampTree(got.foglamp)).toEqual([
      'POST /summary [span]',
      `  invoke_agent ${MODEL} [agent]`,
      '    step 1 [workflow]',
      `      chat ${MODEL} [llm]`,
      '      execute_tool summarize [tool]',
      `        chat ${MODEL} [llm]`,
      '    step 2 [workflow]',
      `      chat ${MODEL} [llm]`,
    ]);
    // One trace; the wrapper's generation counts once, like the AI SDK's own.
    expect(new Set(got.langfuse.map((s) => s.traceId)).size).toBe(1);
    expect(totalTokens(got)).toEqual({ langfuse: 58 + 26 + 89, foglamp: 58 + 26 + 89 });
    expectTraceFields(p, got, { userId: 'user-n', sessionId: 'session-n', tags: ['nesting'] });
  });

  it('runtime context the call allows: user, session and tags on every span, other keys as metadata', async () => {
    p.fake.enqueue({ text: 'Bonjour', usage: { inputTokens: 5, outputTokens: 2 } });
    await ai.generateText({
      model: chatModel(),
      prompt: 'Say hello in French.',
      runtimeContext: { userId: 'user-rc', sessionId: 'session-rc', tags: ['runtime-context'], tenant: { id: 'acme' }, secret: 'not-allowed' },
      telemetry: { includeRuntimeContext: { userId: true, sessionId: true, tags: true, tenant: true } },
    });

    const got = await p.collect(3);
    expectTraceFields(p, got, { userId: 'user-rc', sessionId: 'session-rc', tags: ['runtime-context'] });
    for (const span of got.langfuse) {
      expect(attr(span, 'langfuse.observation.metadata.tenant.id'), span.name).toBe('acme');
      expect(JSON.stringify(span.attributes), span.name).not.toContain('not-allowed');
    }
    for (const row of got.foglamp) expect(row.metadata?.['tenant.id'], row.name).toBe('acme');
    expect(usageDetails(one(got.langfuse, `chat ${MODEL}`))?.total).toBe(7);
  });

  it('recordInputs/recordOutputs false keep the content out, usage stays', async () => {
    p.fake.enqueue({ text: 'classified answer', usage: { inputTokens: 6, outputTokens: 3 } });
    await ai.generateText({ model: chatModel(), prompt: 'classified question', telemetry: { recordInputs: false, recordOutputs: false } });

    const got = await p.collect(3);
    for (const span of got.langfuse) {
      expect(JSON.stringify(span.attributes), span.name).not.toMatch(/classified/);
    }
    for (const row of got.foglamp) expect(JSON.stringify(row), row.name).not.toMatch(/classified/);
    expect(usageDetails(one(got.langfuse, `chat ${MODEL}`))?.total).toBe(9);
  });
});
