// One small app, bundled for every runtime with the edge export conditions: the manual API,
// a chat completion through the real `openai` client (fetch-based) against the testkit's
// fake OpenAI server, and one processor exporting to Langfuse (OTLP/protobuf + gzip) and
// Foglamp. Each runtime's adapter (workerd, edge-runtime, Deno, Bun) calls `handleRequest`
// and hands the returned flush to its keep-alive hook, or awaits it.
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, startObservation, type ProcessorStats } from '@lamplight/core';
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
 * Handles one request. Children are started from their parent's handle (the explicit-context
 * API), so the tree is right whether or not the runtime has a context manager.
 */
export async function handleRequest(config: AppConfig, question: string): Promise<AppResult> {
  const p = setup(config);
  const root = startObservation('handle request', { kind: 'agent', input: question, metadata: { runtime: config.runtime } });
  const generation = root.startObservation('chat fake-model', { kind: 'generation', model: 'fake-model', provider: 'openai', input: [{ role: 'user', content: question }] });
  const client = new OpenAI({ apiKey: 'sk-fake-runtime-test', baseURL: config.openaiBaseURL });
  let answer = '';
  try {
    const completion = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: question }] });
    answer = completion.choices[0]?.message.content ?? '';
    generation.update({
      output: completion.choices[0]?.message,
      usage: { inputTokens: completion.usage?.prompt_tokens, outputTokens: completion.usage?.completion_tokens },
    });
  } catch (error) {
    generation.recordError(error);
  } finally {
    generation.end();
  }
  root.update({ output: answer });
  root.end();
  const traceId = root.traceId;
  return { answer, traceId, flushed: p.forceFlush().then(() => p.stats()) };
}
