// One small app, bundled for every runtime with the edge export conditions: the manual API,
// a chat completion through the real `openai` client (fetch-based) against the testkit's
// fake OpenAI server, and one processor exporting to Langfuse (OTLP/protobuf + gzip) and
// Foglamp. Each runtime's adapter (workerd, edge-runtime, Deno, Bun) calls `handleRequest`
// and hands the returned flush to its keep-alive hook, or awaits it.
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, startObservation, type LamplightObservation, type ProcessorStats } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import OpenAI from 'openai';

/** Where the app sends its telemetry and its model call; passed in, never read from an environment. */
export interface AppConfig {
  runtime: string;
  langfuseUrl: string;
  langfusePublicKey: string;
  langfuseSecretKey: string;
  foglampUrl: string;
  foglampApiKey: string;
  openaiBaseURL: string;
}

/** What one request produced: the answer, and the flush to hand to `waitUntil`. */
export interface AppResult {
  answer: string;
  traceId: string;
  flushed: Promise<ProcessorStats>;
}

let processor: LamplightSpanProcessor | undefined;

function setup(config: AppConfig): LamplightSpanProcessor {
  if (processor) return processor;
  processor = new LamplightSpanProcessor({
    exporters: [
      new LangfuseExporter({ baseUrl: config.langfuseUrl, publicKey: config.langfusePublicKey, secretKey: config.langfuseSecretKey, env: {} }),
      new FoglampExporter({ baseUrl: config.foglampUrl, apiKey: config.foglampApiKey, env: {} }),
    ],
  });
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [processor] }));
  return processor;
}

/**
 * How the generation finds its parent: `explicit` starts it from the parent's handle (works
 * in every runtime, context manager or not); `implicit` nests `observe` calls and relies on
 * the active context, which needs a context manager (AsyncLocalStorage) installed by the host.
 */
export type Nesting = 'explicit' | 'implicit';

/** Handles one request. */
export async function handleRequest(config: AppConfig, question: string, nesting: Nesting = 'explicit'): Promise<AppResult> {
  const p = setup(config);
  const generationOptions = { kind: 'generation', model: 'fake-model', provider: 'openai', input: [{ role: 'user', content: question }] } as const;
  const rootOptions = { kind: 'agent', input: question, metadata: { runtime: config.runtime } } as const;
  let traceId = '';
  let answer: string;
  if (nesting === 'explicit') {
    const root = startObservation('handle request', rootOptions);
    answer = await callModel(config, question, root.startObservation('chat fake-model', generationOptions), true);
    root.update({ output: answer });
    root.end();
    traceId = root.traceId;
  } else {
    answer = await observe('handle request', rootOptions, async (root) => {
      traceId = root.traceId;
      const text = await observe('chat fake-model', generationOptions, (generation) => callModel(config, question, generation, false));
      root.update({ output: text });
      return text;
    });
  }
  return { answer, traceId, flushed: p.forceFlush().then(() => p.stats()) };
}

/** The model call through the real `openai` client; `end` when the caller does not use `observe`. */
async function callModel(config: AppConfig, question: string, generation: LamplightObservation, end: boolean): Promise<string> {
  const client = new OpenAI({ apiKey: 'sk-fake-runtime-test', baseURL: config.openaiBaseURL });
  try {
    const completion = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: question }] });
    generation.update({
      output: completion.choices[0]?.message,
      usage: { inputTokens: completion.usage?.prompt_tokens, outputTokens: completion.usage?.completion_tokens },
    });
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    generation.recordError(error);
    return '';
  } finally {
    if (end) generation.end();
  }
}
