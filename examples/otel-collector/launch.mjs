// `pnpm start` — runs app.mjs (`node app.mjs`) the way it runs next to a Collector, with local
// stand-ins so it works with no account and no network:
// - unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set, an embedded Langfuse
//   receiver stands in for the Collector. It is given exactly what the Collector would
//   forward to Langfuse: the app's OTLP/protobuf request plus the two headers otelcol.yaml
//   adds (Basic auth and x-langfuse-ingestion-version: 4), and it checks every span against
//   Langfuse's contract;
// - unless OPENAI_API_KEY is set, a fake OpenAI server.
// Afterwards this prints what the receiver decoded, and exits non-zero when nothing arrived
// or a span broke the contract.
import { basicAuthHeader, formatSpanTree, LANGFUSE_OTLP_TRACES_PATH, runNodeApp, startFakeOpenAI, startLangfuseReceiver } from '@lamplight/testkit';

const env = { ...process.env };
const local = {};
if (!env.OPENAI_API_KEY) {
  local.openai = await startFakeOpenAI();
  Object.assign(env, { OPENAI_API_KEY: local.openai.apiKey, OPENAI_BASE_URL: local.openai.baseURL });
}
if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  local.collector = await startLangfuseReceiver();
  // OTEL_EXPORTER_OTLP_HEADERS is `key=value,…` with URL-encoded values (hence %20).
  const auth = encodeURIComponent(basicAuthHeader(local.collector.publicKey, local.collector.secretKey));
  Object.assign(env, {
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${local.collector.url}${LANGFUSE_OTLP_TRACES_PATH}`,
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=${auth},x-langfuse-ingestion-version=4`,
  });
}
console.log(`OpenAI: ${local.openai ? 'local fake server' : 'api.openai.com (OPENAI_API_KEY)'}; OTLP: ${local.collector ? 'embedded Langfuse receiver standing in for the Collector' : 'your Collector (OTEL_EXPORTER_OTLP_*)'}`);

const code = await runNodeApp(['app.mjs'], { cwd: import.meta.dirname, env });

let ok = code === 0;
if (local.collector) {
  const spans = local.collector.spans();
  const violations = local.collector.violations();
  console.log(`\nReceiver (as Langfuse would see the Collector's requests): ${local.collector.requests.length} request(s), ${spans.length} spans, ${violations.length} contract violations`);
  console.log(formatSpanTree(spans));
  for (const v of violations) console.log(`  violation: ${JSON.stringify(v)}`);
  ok &&= spans.length > 0 && violations.length === 0;
}
await Promise.all(Object.values(local).map((server) => server.close()));
process.exitCode = ok ? 0 : 1;
