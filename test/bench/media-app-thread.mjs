/**
 * What an image in a prompt costs on the app's thread: the synchronous part of
 * `openai.chat.completions.create` (Lamplight's wrapper + the SDK's own prelude, up to the
 * returned promise) with a 5 MB image as a base64 data URI, measured in time and in heap
 * growth, three ways, interleaved: no Lamplight, Lamplight without a media destination, and
 * Lamplight with a LangfuseExporter that uploads media (the image kept beside the span).
 *
 *   node --expose-gc test/bench/media-app-thread.mjs   (after building the packages; IMAGE_BYTES=5000 for a small one)
 *
 * The network is never reached for the answer: the fake OpenAI server answers, and the
 * requests are awaited outside the measured section.
 */
import { createRequire } from 'node:module';
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const require = createRequire(new URL('../../packages/openai/package.json', import.meta.url));
const { default: OpenAI } = await import(require.resolve('openai'));
const { LamplightSpanProcessor } = await import('../../packages/core/dist/esm/index.js');
const { binaryRetentionStats } = await import('../../packages/core/dist/esm/internal.js');
const { LangfuseExporter } = await import('../../packages/langfuse/dist/esm/index.js');
const { observeOpenAI } = await import('../../packages/openai/dist/esm/index.js');
const { startFakeOpenAI } = await import('../../packages/testkit/dist/esm/index.js');

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const IMAGE_BYTES = Number(process.env.IMAGE_BYTES ?? 5 * 1024 * 1024);
const image = Buffer.alloc(IMAGE_BYTES, 7);
image.set([0x89, 0x50, 0x4e, 0x47]);
const uri = `data:image/png;base64,${image.toString('base64')}`;
const fake = await startFakeOpenAI();
api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A do-nothing exporter: only the app-thread side is measured here. */
const sink = { name: 'sink', exportObservations: async (items) => ({ exported: items.length, dropped: {} }), shutdown: async () => {} };

function setup(mode) {
  if (mode === 'bare') return { client: new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 }), close: async () => {} };
  const exporters = [sink];
  // A Langfuse exporter that is never flushed to: it asks core to keep binary parts.
  const langfuse = mode === 'media' ? new LangfuseExporter({ baseUrl: 'http://127.0.0.1:9', publicKey: 'pk', secretKey: 'sk', env: {} }) : undefined;
  const processor = new LamplightSpanProcessor({ exporters, scheduledDelayMillis: 60_000 });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const client = observeOpenAI(new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 }), { tracerProvider: provider });
  return { client, close: async () => { await provider.shutdown(); await langfuse?.shutdown(); } };
}

async function once(mode) {
  const { client, close } = setup(mode);
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: uri } }] }] };
  // Warm the path (JIT, lazy modules) with the same call first.
  await client.chat.completions.create(body);
  globalThis.gc();
  globalThis.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const pending = client.chat.completions.create(body);
  const t1 = process.hrtime.bigint();
  const heapAfter = process.memoryUsage().heapUsed;
  const retained = binaryRetentionStats().retained;
  await pending;
  await close();
  return { ms: Number(t1 - t0) / 1e6, heapKb: (heapAfter - heapBefore) / 1024, retained };
}

const modes = ['bare', 'lamplight', 'media'];
const results = Object.fromEntries(modes.map((m) => [m, []]));
for (let rep = 0; rep < 7; rep++) for (const m of modes) results[m].push(await once(m));
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${IMAGE_BYTES.toLocaleString("en")} B image (data URI of ${(uri.length / 1e6).toFixed(2)} M chars), synchronous part of create(), median of 7:`);
for (const m of modes) {
  const kept = results[m].at(-1).retained;
  console.log(`  ${m.padEnd(10)} ${median(results[m].map((r) => r.ms)).toFixed(3)} ms   heap +${median(results[m].map((r) => r.heapKb)).toFixed(0)} KB   (images kept beside spans so far: ${kept})`);
}
await fake.close();
