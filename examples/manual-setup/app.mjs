// Manual setup: the tracer provider is built in code, for apps that already own their
// OpenTelemetry setup or want every knob. Run it with plain `node app.mjs` (no --import):
// nothing here relies on module hooks. The exporters read LANGFUSE_PUBLIC_KEY /
// LANGFUSE_SECRET_KEY / LANGFUSE_BASE_URL and FOGLAMP_API_KEY / FOGLAMP_BASE_URL; the
// OpenAI client reads OPENAI_API_KEY / OPENAI_BASE_URL (launch.mjs points each at a local
// stand-in when its key is not set).
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { FoglampExporter } from '@lamplight/foglamp';
import { LangfuseExporter } from '@lamplight/langfuse';
import { observeOpenAI } from '@lamplight/openai';

// 1. One exporter per backend whose keys are set (an exporter without keys throws at
//    construction, naming the missing variable).
const exporters = [];
if (process.env.LANGFUSE_PUBLIC_KEY && process.env.LANGFUSE_SECRET_KEY) exporters.push(new LangfuseExporter());
if (process.env.FOGLAMP_API_KEY) exporters.push(new FoglampExporter());
if (exporters.length === 0) console.warn('No LANGFUSE_* or FOGLAMP_* keys: spans are traced but not exported.');

// 2. One processor for both: each span is filtered, normalised, masked and size-budgeted
//    once, and both backends get the same observations (`stats().destinations` keeps a ledger
//    per backend). Register one processor per exporter instead if a backend's outage must
//    never delay the other.
const processor = new LamplightSpanProcessor({ exporters, environment: 'example' });

// 3. The provider — what NodeTracerProvider.register() does: an AsyncLocalStorage context
//    manager (so the active span follows `await`) and a global tracer provider.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'lamplight-manual-setup-example' }),
  spanProcessors: [processor],
});
trace.setGlobalTracerProvider(provider);

// 4. An OpenAI client traced explicitly: the same client object, every call a generation.
const openai = observeOpenAI(new OpenAI());
const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

// 5. The work: trace-level fields for everything inside, an agent observation around it, a
//    tool observation for our own function. observe() ends each observation when its
//    function settles and passes results and errors through unchanged.
const answer = await withTraceAttributes({ userId: 'user-42', sessionId: 'session-7', traceName: 'weather-question', tags: ['example'] }, () =>
  observe('weather-agent', { kind: 'agent', input: 'What is the weather in Paris?' }, async (agent) => {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await openai.chat.completions.create({ model, messages, tools });
    const call = first.choices[0].message.tool_calls?.[0];
    if (call) {
      const args = JSON.parse(call.function.arguments);
      const weather = await observe('get_weather', { kind: 'tool', input: args }, async (tool) => {
        const result = { city: args.city, tempC: 18, sky: 'clear' }; // a real app calls a weather API here
        tool.update({ output: result });
        return result;
      });
      messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(weather) });
    }
    const final = call ? await openai.chat.completions.create({ model, messages }) : first;
    const text = final.choices[0].message.content;
    agent.update({ output: text });
    return text;
  }),
);
console.log(`answer: ${answer}`);

// 6. Deliver what is queued before exiting. In a server, do this on SIGTERM instead.
await provider.shutdown();
// stats() accounts for every span that ended, per backend: exported or dropped with a reason.
for (const [name, d] of Object.entries(processor.stats().destinations)) {
  const dropped = Object.values(d.dropped).reduce((a, b) => a + b, 0);
  console.log(`${name}: exported ${d.exported} spans, dropped ${dropped}`);
}
