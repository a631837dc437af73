/**
 * The AI SDK calls recorded for each SDK dialect: a two-step tool loop, a stream, an
 * aborted stream, a structured object and an embedding. Each dialect module (v5, v6, v7)
 * is loaded from packages/ai-sdk/node_modules under its alias and driven through the same
 * scenarios; `telemetryFor` supplies the version's way of switching telemetry on and of
 * passing user/session/tags (v5/v6 `metadata`, v7 `runtimeContext`).
 */
import { z } from 'zod';

/** The trace-level values every scenario passes through the SDK's own telemetry keys. */
export const TRACE_VALUES = { userId: 'user-42', sessionId: 'session-7', tags: ['capture', 'weather'] };

/** Builds the per-version pieces: the `ai` module, a provider factory, telemetry options. */
export async function loadDialect(dialect, baseURL) {
  if (dialect === 'v5' || dialect === 'v6') {
    const ai = await import(dialect === 'v5' ? 'ai-v5' : 'ai-v6');
    const { createOpenAI } = await import(dialect === 'v5' ? 'ai-sdk-openai-v2' : 'ai-sdk-openai-v3');
    const openai = createOpenAI({ baseURL, apiKey: 'sk-capture-not-a-real-key' });
    return {
      ai,
      chat: openai.chat('gpt-4o-mini'),
      embedding: openai.embedding('text-embedding-3-small'),
      telemetryFor: (functionId) => ({
        experimental_telemetry: { isEnabled: true, functionId, metadata: { ...TRACE_VALUES, tenant: 'acme' } },
      }),
    };
  }
  const ai = await import('ai');
  const { createOpenAI } = await import('@ai-sdk/openai');
  const { OpenTelemetry, LegacyOpenTelemetry } = await import('@ai-sdk/otel');
  // v7 splits telemetry into integrations: `OpenTelemetry` writes the GenAI conventions under
  // the `gen_ai` scope, `LegacyOpenTelemetry` the v5/v6-style `ai.*` keys under the `ai` scope.
  const integration =
    dialect === 'v7-gen-ai' ? new OpenTelemetry({ runtimeContext: true }) : new LegacyOpenTelemetry();
  const openai = createOpenAI({ baseURL, apiKey: 'sk-capture-not-a-real-key' });
  return {
    ai,
    chat: openai.chat('gpt-4o-mini'),
    embedding: openai.embedding('text-embedding-3-small'),
    telemetryFor: (functionId) => ({
      telemetry: {
        isEnabled: true,
        functionId,
        integrations: [integration],
        includeRuntimeContext: { userId: true, sessionId: true, tags: true },
      },
      runtimeContext: { ...TRACE_VALUES, tenant: 'acme' },
    }),
  };
}

const weatherTool = (ai) =>
  ai.tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, temperatureC: 18, conditions: 'cloudy' }),
  });

/** Scenario name → function running it against a loaded dialect. */
export const SCENARIOS = {
  'generate-text-tools': async ({ ai, chat, telemetryFor }) => {
    await ai.generateText({
      model: chat,
      system: 'You are a concise weather assistant.',
      prompt: 'What is the weather in Paris?',
      tools: { getWeather: weatherTool(ai) },
      stopWhen: ai.stepCountIs(3),
      temperature: 0.2,
      maxOutputTokens: 200,
      ...telemetryFor('weather-agent'),
    });
  },
  'stream-text': async ({ ai, chat, telemetryFor }) => {
    const result = ai.streamText({ model: chat, prompt: 'What is the capital of France?', ...telemetryFor('capital-stream') });
    for await (const _ of result.textStream) {
      // consume the stream to its end
    }
  },
  'stream-text-aborted': async ({ ai, chat, telemetryFor }) => {
    const controller = new AbortController();
    const result = ai.streamText({
      model: chat,
      prompt: 'Tell me a long story about Paris.',
      abortSignal: controller.signal,
      onError: () => undefined,
      ...telemetryFor('story-stream'),
    });
    try {
      for await (const _ of result.textStream) controller.abort();
    } catch {
      // the abort surfaces as an error or simply ends the stream, depending on the version
    }
    await new Promise((r) => setTimeout(r, 50));
  },
  'generate-object': async ({ ai, chat, telemetryFor }) => {
    await ai.generateObject({
      model: chat,
      schema: z.object({ city: z.string(), temperatureC: z.number(), conditions: z.string() }),
      prompt: 'Describe the weather in Paris as JSON.',
      ...telemetryFor('weather-object'),
    });
  },
  embed: async ({ ai, embedding, telemetryFor }) => {
    await ai.embed({ model: embedding, value: 'sunny day at the beach', ...telemetryFor('embed-query') });
  },
};
