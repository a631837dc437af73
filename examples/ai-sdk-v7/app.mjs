// An AI SDK v7 app with no tracing setup of its own. Run it with
//
//   node --import @lamplight/register app.mjs
//
// register enables zero-config AI SDK v7 tracing: it adds a Lamplight integration to the AI
// SDK's global telemetry registry, so every call below is traced — an agent per call, a step
// per round trip, a generation per model call (with usage and time to first token), a tool
// per execution — without `registerTelemetry` or `telemetry` options. The provider reads
// OPENAI_API_KEY and OPENAI_BASE_URL (launch.mjs points them at a local fake when no key is set).
//
// Prefer explicit setup (e.g. to pass options)? Register the integration yourself; the
// zero-config one then steps aside for these calls, so each call is still traced once:
//
//   import { registerTelemetry } from 'ai';
//   import { lamplightTelemetry } from '@lamplight/ai-sdk';
//   registerTelemetry(lamplightTelemetry());
import { openai } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { withTraceAttributes } from '@lamplight/core';

const model = openai(process.env.OPENAI_MODEL ?? 'gpt-4o-mini');

const getWeather = tool({
  description: 'Current weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 18, sky: 'clear' }),
});

// withTraceAttributes is optional: it puts the user, session and tags on every span of
// these calls (AI SDK runtime context via `telemetry.includeRuntimeContext` works too).
await withTraceAttributes({ userId: 'user-42', sessionId: 'session-7', tags: ['example'] }, async () => {
  // A tool-using agent: step 1 asks for get_weather, the SDK runs it, step 2 answers.
  const answer = await generateText({
    model,
    tools: { get_weather: getWeather },
    stopWhen: stepCountIs(3),
    prompt: 'What is the weather in Paris?',
    telemetry: { functionId: 'weather-agent' }, // becomes the agent's name (gen_ai.agent.name)
  });
  console.log(`answer: ${answer.text}`);

  // A streamed call: the generation records time to first token and the final usage.
  const stream = streamText({ model, prompt: `Say this as a haiku: ${answer.text}`, telemetry: { functionId: 'haiku' } });
  let haiku = '';
  for await (const delta of stream.textStream) haiku += delta;
  console.log(`haiku: ${haiku}`);
});
// Nothing to flush by hand: register flushes before the process exits.
