// Lamplight demo: one traced request — an agent root, a generation that asks for a tool,
// the tool call, and a final generation — exported to Langfuse over OTLP/protobuf.
// With LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY set it sends to that Langfuse
// (LANGFUSE_BASE_URL, default Langfuse Cloud); otherwise to a local receiver it starts
// itself, which checks every request against the Langfuse contract.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';
import { formatSpanTree, startLangfuseReceiver } from '@lamplight/testkit';

const useRealLangfuse = Boolean(process.env.LANGFUSE_PUBLIC_KEY && process.env.LANGFUSE_SECRET_KEY);
const receiver = useRealLangfuse ? undefined : await startLangfuseReceiver();
const exporter = new LangfuseExporter(
  receiver ? { baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey } : {},
);
const processor = new LamplightSpanProcessor({ exporter, environment: 'demo' });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [processor] });
trace.setGlobalTracerProvider(provider);
console.log(`Sending to ${exporter.endpoint}${receiver ? ' (embedded receiver)' : ''}`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const question = 'What is the weather in Paris?';

await withTraceAttributes({ userId: 'user-42', sessionId: 'session-7', traceName: 'weather-question', tags: ['demo'] }, () =>
  observe('answer-question', { kind: 'agent', input: question }, async (agent) => {
    const toolCall = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
    await observe('chat gpt-4o-mini', { kind: 'generation', model: 'gpt-4o-mini', provider: 'openai' }, async (gen) => {
      gen.update({ input: [{ role: 'user', content: question }], modelParameters: { temperature: 0 } });
      await sleep(40);
      gen.update({ completionStartTime: Date.now(), output: [{ role: 'assistant', tool_calls: [toolCall] }] });
      await sleep(10);
      gen.update({ usage: { inputTokens: 52, outputTokens: 18 } });
    });
    const weather = await observe('get_weather', { kind: 'tool', input: toolCall.arguments }, async (tool) => {
      await sleep(15);
      const result = { city: 'Paris', tempC: 18, sky: 'clear' };
      tool.update({ output: result });
      return result;
    });
    const answer = `It is ${weather.tempC} °C and ${weather.sky} in Paris.`;
    await observe('chat gpt-4o-mini', { kind: 'generation', model: 'gpt-4o-mini', provider: 'openai' }, async (gen) => {
      gen.update({ input: [{ role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(weather) }] });
      await sleep(30);
      gen.update({ output: [{ role: 'assistant', content: answer }], usage: { inputTokens: 88, outputTokens: 14, cachedInputTokens: 64 } });
    });
    agent.update({ output: answer });
  }),
);

await provider.forceFlush();
const stats = processor.stats();
if (receiver) {
  const spans = receiver.spans();
  console.log(`\nThe receiver accepted ${receiver.requests.length} request(s) with ${spans.length} spans:\n`);
  console.log(formatSpanTree(spans));
  const violations = receiver.violations();
  console.log(`\nContract violations: ${violations.length}`);
  for (const v of violations) console.log(`  - ${JSON.stringify(v)}`);
}
console.log(`\nProcessor stats: exported ${stats.exported}, dropped ${JSON.stringify(Object.fromEntries(Object.entries(stats.dropped).filter(([, n]) => n > 0)))}`);
await provider.shutdown();
await receiver?.close();
if (stats.exported === 0 || (receiver && receiver.violations().length > 0)) process.exitCode = 1;
