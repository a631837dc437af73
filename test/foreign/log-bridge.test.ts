import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { normalize } from '@lamplight/core/internal';
import { setupLogBridge } from '@lamplight/register';
import { startFakeOpenAI, type FakeOpenAI } from '@lamplight/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real contrib OpenAI instrumentation puts prompts and replies into log records, not
// on its span. The log bridge installed by `setupLogBridge` keeps them by span, and the
// store's `enrich`, called once per span right after `normalize(span)` (what the span
// processor does), puts them into the generation's input and output.
const require = createRequire(import.meta.url);

let fake: FakeOpenAI;
let spans: InMemorySpanExporter;
let provider: NodeTracerProvider;
let instrumentation: OpenAIInstrumentation;
let bridge: ReturnType<typeof setupLogBridge>;
let OpenAI: typeof import('openai').OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  spans = new InMemorySpanExporter();
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  provider.register();
  bridge = setupLogBridge();
  instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
  instrumentation.setTracerProvider(provider);
  instrumentation.enable();
  ({ OpenAI } = require('openai') as typeof import('openai'));
});
afterAll(async () => {
  instrumentation.disable();
  await bridge.shutdown();
  await provider.shutdown();
  trace.disable();
  logs.disable();
  await fake.close();
});

describe('log bridge with the real @opentelemetry/instrumentation-openai', () => {
  it('installs its own logger provider when the app has none', () => {
    expect(bridge.mode).toBe('own');
  });

  it('the contrib instrumentation’s prompt and reply land in the generation’s input and output', async () => {
    const client = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 });
    fake.enqueue({ text: 'Four.' });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'What is 2+2?' },
      ],
    });
    const [span] = spans.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@opentelemetry/instrumentation-openai');
    expect(span).toBeDefined();
    const plain = normalize(span!);
    // Without the bridge the generation has no content: it is not on the span.
    expect(plain.kind).toBe('generation');
    expect(plain.input).toBeUndefined();
    expect(plain.output).toBeUndefined();

    const obs = bridge.store.enrich(normalize(span!));
    expect(obs.input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Answer briefly.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is 2+2?' }] },
    ]);
    expect(obs.output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Four.' }], finish_reason: 'stop' }]);
    expect(bridge.store.stats()).toMatchObject({ stored: 3, merged: 3, noSpan: 0, afterExport: 0 });
  });
});
