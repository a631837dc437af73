import { withTraceAttributes } from '@lamplight/core';
import { enableAiSdkTracing, lamplightTelemetry, type AiSdkTracingHandle } from '@lamplight/ai-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ai7 as ai,
  createOpenAI,
  expectTraceFields,
  langfuseTree,
  OpenTelemetry,
  startPipeline,
  totalTokens,
  type AiSdkPipeline,
} from './ai-sdk-harness.js';

/**
 * The zero-config path `register` uses: `enableAiSdkTracing({ tracerProvider })` traces AI
 * SDK v7 calls of an app that registered no integration, and steps aside for calls that an
 * integration of the app's own traces — so every call yields one set of spans, never two.
 */
const MODEL = 'gpt-4o-mini';
const ONE_SET = [`invoke_agent ${MODEL} [agent]`, '  step 1 [chain]', `    chat ${MODEL} [generation]`];
const TRACE = { userId: 'user-z', sessionId: 'session-z', tags: ['zero-config'] };

let p: AiSdkPipeline;
let handle: AiSdkTracingHandle | undefined;
beforeEach(async () => {
  p = await startPipeline();
});
afterEach(async () => {
  handle?.disable();
  handle = undefined;
  await p.close();
});

function registry(): unknown[] {
  return (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS ?? [];
}

/** One generateText call answered with 5 + 3 tokens. */
async function ask(options: Partial<Parameters<typeof ai.generateText>[0]> = {}): Promise<void> {
  p.fake.enqueue({ text: 'Hello!', usage: { inputTokens: 5, outputTokens: 3 } });
  const model = createOpenAI({ baseURL: p.fake.baseURL, apiKey: p.fake.apiKey }).chat(MODEL);
  await withTraceAttributes(TRACE, () => ai.generateText({ model, prompt: 'Say hello.', ...options } as Parameters<typeof ai.generateText>[0]));
}

/** The call yielded exactly one set of spans, with its tokens once, at both backends. */
async function expectOneSet(): Promise<void> {
  const got = await p.collect(3);
  expect(langfuseTree(got.langfuse)).toEqual(ONE_SET);
  expect(totalTokens(got)).toEqual({ langfuse: 8, foglamp: 8 });
  expectTraceFields(p, got, TRACE);
}

describe('enableAiSdkTracing (zero-config AI SDK v7 tracing)', () => {
  it('traces an app that registered no integration', async () => {
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    expect(handle.active).toBe(true);
    await ask();
    await expectOneSet();
  });

  it('streamText is traced too', async () => {
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    p.fake.enqueue({ text: 'Streaming hello', chunks: 2, usage: { inputTokens: 5, outputTokens: 3 } });
    const model = createOpenAI({ baseURL: p.fake.baseURL, apiKey: p.fake.apiKey }).chat(MODEL);
    await withTraceAttributes(TRACE, async () => {
      const result = ai.streamText({ model, prompt: 'Say hello.' });
      for await (const _ of result.textStream) {
        // consume
      }
    });
    await expectOneSet();
  });

  it.each([
    ['before', true],
    ['after', false],
  ])('the app also registers lamplightTelemetry() (%s enabling): one set of spans, not two', async (_when, first) => {
    if (first) ai.registerTelemetry(lamplightTelemetry());
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    if (!first) ai.registerTelemetry(lamplightTelemetry());
    expect(registry()).toHaveLength(2);
    await ask();
    await expectOneSet();
  });

  it('lamplightTelemetry() registered twice (a setup module run again): one set of spans', async () => {
    ai.registerTelemetry(lamplightTelemetry({ tracerProvider: p.provider }));
    ai.registerTelemetry(lamplightTelemetry({ tracerProvider: p.provider }));
    expect(registry()).toHaveLength(2);
    await ask();
    await expectOneSet();
  });

  it('registered twice and zero-config on too: still one set of spans', async () => {
    ai.registerTelemetry(lamplightTelemetry({ tracerProvider: p.provider }));
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    ai.registerTelemetry(lamplightTelemetry({ tracerProvider: p.provider }));
    await ask();
    await expectOneSet();
  });

  it("the app registers @ai-sdk/otel's own OpenTelemetry integration: one set of spans", async () => {
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    ai.registerTelemetry(new OpenTelemetry());
    await ask();
    const got = await p.collect(3);
    expect(langfuseTree(got.langfuse)).toEqual(ONE_SET);
    expect(totalTokens(got)).toEqual({ langfuse: 8, foglamp: 8 });
  });

  it('a call passing its own telemetry.integrations replaces the registry: one set of spans', async () => {
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    await ask({ telemetry: { integrations: [lamplightTelemetry()] } });
    await expectOneSet();
  });

  it('an app integration that does not trace (callbacks only) leaves zero-config tracing on', async () => {
    let starts = 0;
    ai.registerTelemetry({ onStart: () => void starts++ });
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    await ask();
    await expectOneSet();
    expect(starts).toBe(1);
  });

  it('telemetry.isEnabled false: nothing is traced', async () => {
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    await ask({ telemetry: { isEnabled: false } });
    await p.processor.forceFlush();
    expect(p.processor.stats().ended).toBe(0);
  });

  it('is enabled once per process; disable() removes it and a later call enables again', async () => {
    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    const second = enableAiSdkTracing({ tracerProvider: p.provider });
    expect(second.active).toBe(false);
    second.disable(); // a no-op: it registered nothing
    expect(registry()).toHaveLength(1);

    handle.disable();
    handle.disable(); // idempotent
    expect(registry()).toHaveLength(0);
    await ask();
    await p.processor.forceFlush();
    expect(p.processor.stats().ended).toBe(0);

    handle = enableAiSdkTracing({ tracerProvider: p.provider });
    expect(handle.active).toBe(true);
    await ask();
    await expectOneSet();
  });

  it('rejects a bad option at setup, naming it', () => {
    expect(() => enableAiSdkTracing({ tracerProvider: {} as never })).toThrow(/"tracerProvider"/);
    expect(registry()).toHaveLength(0);
  });
});
