// Lamplight demo: one traced request — an agent root, a generation that asks for a tool,
// the tool call, and a final generation — exported at once to Langfuse (OTLP/protobuf) and
// to Foglamp (JSON trace batches).
// With LANGFUSE_PUBLIC_KEY/LANGFUSE_SECRET_KEY set it sends to that Langfuse
// (LANGFUSE_BASE_URL, default Langfuse Cloud); with FOGLAMP_API_KEY set, to that Foglamp
// (FOGLAMP_BASE_URL, default http://localhost:4000). Otherwise each goes to a local
// receiver the demo starts itself, which checks every request against that backend's contract.
// With --viewer (`npm run demo -- --viewer`) it sends to the receivers of `lamplight dev`
// instead and leaves the trace viewer running with the demo trace in it, until Ctrl-C.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { LamplightSpanProcessor, observe, withTraceAttributes } from '@lamplight/core';
import { LangfuseExporter } from '@lamplight/langfuse';
import { formatSpanTree, startFoglampReceiver, startLangfuseReceiver } from '@lamplight/testkit';
import { FoglampExporter } from '@lamplight/foglamp';
import { startDevServer } from '@lamplight/cli';

const viewer = process.argv.includes('--viewer') ? await startViewer() : undefined;
const useRealLangfuse = !viewer && Boolean(process.env.LANGFUSE_PUBLIC_KEY && process.env.LANGFUSE_SECRET_KEY);
const receiver = viewer || useRealLangfuse ? undefined : await startLangfuseReceiver();
const langfuseTarget = viewer ? viewer.langfuse : receiver;
const exporter = new LangfuseExporter(
  langfuseTarget ? { baseUrl: langfuseTarget.url, publicKey: langfuseTarget.publicKey, secretKey: langfuseTarget.secretKey } : {},
);
const useRealFoglamp = !viewer && Boolean(process.env.FOGLAMP_API_KEY);
const foglampReceiver = viewer || useRealFoglamp ? undefined : await startFoglampReceiver();
const foglampTarget = viewer ? viewer.foglamp : foglampReceiver;
const foglampExporter = new FoglampExporter(foglampTarget ? { baseUrl: foglampTarget.url, apiKey: foglampTarget.apiKey } : {});
// Both backends hang off ONE processor: each span is filtered, normalised, masked and
// budgeted once, and both exporters get the same prepared observations from one bounded
// queue (so both show the same spans and the same masked content), while stats() keeps a
// ledger per destination. The price is coupling: a batch is done when the slower backend
// is, so a backend that is down delays the other by up to its export deadline. Apps that
// want the two isolated can register two processors instead.
const processor = new LamplightSpanProcessor({ exporters: [exporter, foglampExporter], environment: 'demo' });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [processor] });
trace.setGlobalTracerProvider(provider);
const where = (embedded, name) => (viewer ? ` (lamplight dev's ${name} receiver)` : embedded ? ` (embedded ${name} receiver)` : '');
console.log(`Sending to ${exporter.endpoint}${where(receiver, 'Langfuse')}`);
console.log(`Sending to ${foglampExporter.endpoint}${where(foglampReceiver, 'Foglamp')}`);

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
if (foglampReceiver) {
  console.log(`\nThe Foglamp receiver answered ${foglampReceiver.requests.length} request(s), accepting ${foglampReceiver.spans().length} spans:\n`);
  for (const entry of foglampReceiver.traces()) console.log(formatFoglampTrace(entry));
  const violations = foglampReceiver.violations();
  console.log(`\nFoglamp contract violations: ${violations.length}`);
  for (const v of violations) console.log(`  - ${JSON.stringify(v)}`);
}
const nonZero = (dropped) => JSON.stringify(Object.fromEntries(Object.entries(dropped).filter(([, n]) => n > 0)));
console.log(`\nProcessor stats: exported ${stats.exported}, dropped ${nonZero(stats.dropped)}`);
for (const [name, d] of Object.entries(stats.destinations)) console.log(`  ${name}: exported ${d.exported}, dropped ${nonZero(d.dropped)}`);
await provider.shutdown();
await receiver?.close();
await foglampReceiver?.close();
const foglampExported = stats.destinations.foglamp?.exported ?? 0;
const viewerViolations = viewer ? viewerReport(viewer) : 0;
const violations = (receiver?.violations().length ?? 0) + (foglampReceiver?.violations().length ?? 0) + viewerViolations;
if (stats.exported === 0 || foglampExported === 0 || violations > 0) process.exitCode = 1;
if (viewer) {
  console.log(`\nThe trace viewer is running at ${viewer.viewerUrl} with the demo trace in it. Ctrl-C stops it.`);
  console.log(`Point another app at it with:\n${Object.entries(viewer.env).map(([name, value]) => `  ${name}=${value}`).join('\n')}`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await viewer.close();
}

/** Starts `lamplight dev` on its usual ports; says what to do when they are taken. */
async function startViewer() {
  try {
    return await startDevServer();
  } catch (error) {
    console.error(`Cannot start the viewer: ${error.message}${error.code === 'EADDRINUSE' ? ' (is lamplight dev already running? stop it, or run your app against it)' : ''}`);
    process.exit(1);
  }
}

/** What lamplight dev received, from its store: traces, observations, contract violations. */
function viewerReport(dev) {
  const { traces, problems } = dev.store.snapshot();
  const violations = traces.reduce((sum, t) => sum + t.violationCount, 0) + problems.length;
  for (const t of traces) console.log(`\nlamplight dev received trace ${t.traceId} "${t.name}": ${t.observationCount} observations from ${t.sources.join(' and ')}, ${t.violationCount} contract violations`);
  for (const p of problems) console.log(`  - ${p.source}: ${p.message}`);
  return violations;
}

/** One Foglamp trace entry as an indented tree: type, name, status, model, usage, time to first token. */
function formatFoglampTrace(entry) {
  const fields = ['agentName', 'workflowName', 'workflowRunId', 'sessionId'].filter((k) => entry[k]).map((k) => `${k}=${entry[k]}`);
  const lines = [`trace ${entry.traceId} ${fields.join(' ')} metadata=${JSON.stringify(entry.metadata ?? {})}`];
  const children = new Map();
  const ids = new Set(entry.spans.map((s) => s.spanId));
  for (const span of entry.spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const walk = (parent, depth) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime)) {
      const usage = span.usage ? ` tokens ${span.usage.inputTokens ?? '?'}→${span.usage.outputTokens ?? '?'}` : '';
      const extra = [span.modelId, usage.trim(), span.ttftMs !== undefined ? `ttft ${span.ttftMs}ms` : '', span.errorMessage].filter(Boolean).join(', ');
      lines.push(`${'  '.repeat(depth + 1)}[${span.spanType}] ${span.name} ${span.status} ${span.endTime - span.startTime}ms${extra ? ` (${extra})` : ''}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}
