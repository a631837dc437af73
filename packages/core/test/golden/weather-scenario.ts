/**
 * Expected content of the captured AI SDK scenario `generate-text-tools` (see
 * packages/ai-sdk/test/capture/scenarios.mjs): system prompt, user question, one
 * `getWeather` tool call, the tool's result, the final answer. Written out by hand from
 * what the scenario sends and what the tiny OpenAI server answers.
 */
export const SYSTEM = 'You are a concise weather assistant.';
export const QUESTION = 'What is the weather in Paris?';
export const ANSWER = 'It is 18 °C and cloudy in Paris.';
export const WEATHER = { city: 'Paris', temperatureC: 18, conditions: 'cloudy' };

/** The tool's input schema as the SDK renders a zod `{ city: string }`. */
export const CITY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

/** v5/v6 `ai.prompt.tools` item, parsed. */
export const TOOL_DEFINITION_V5 = {
  type: 'function',
  name: 'getWeather',
  description: 'Current weather for a city',
  inputSchema: CITY_SCHEMA,
};

/** v7 writes the same definition with `description` last (key order is kept as sent). */
export const TOOL_DEFINITION_V7 = {
  type: 'function',
  name: 'getWeather',
  inputSchema: CITY_SCHEMA,
  description: 'Current weather for a city',
};

/** The AI SDK's model messages of step 1 (`ai.prompt.messages`). */
export const STEP1_MESSAGES = [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: [{ type: 'text', text: QUESTION }] },
];

/** Step 2 adds the assistant's tool call and the tool result. */
export const STEP2_MESSAGES = [
  ...STEP1_MESSAGES,
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_weather_1', toolName: 'getWeather', input: { city: 'Paris' } }] },
  {
    role: 'tool',
    content: [{ type: 'tool-result', toolCallId: 'call_weather_1', toolName: 'getWeather', output: { type: 'json', value: WEATHER } }],
  },
];

/** Usage the tiny server reports for the two steps, and their sum on the outer span. */
export const STEP1_USAGE = { input: 118, output: 17, total: 135, cached: 0 };
export const STEP2_USAGE = { input: 164, output: 24, total: 188, cached: 64 };
