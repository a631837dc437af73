// An ESM app instrumented with @sentry/node (preloaded by sentry-setup.mjs): each request is
// a Sentry span with one model call inside (openai 6). Prints each request's Sentry trace
// id and whether Sentry sampled it.
import * as Sentry from '@sentry/node';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-fixture-key-000000000000000000000', maxRetries: 0 });
const requests = [];
for (let i = 0; i < Number(process.env.CALLS ?? 20); i++) {
  await Sentry.startSpan({ name: `request ${i}` }, async (span) => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `call ${i}` }] });
    requests.push({ i, traceId: span.spanContext().traceId, sampled: span.isRecording() });
  });
}
console.log(`REQUESTS ${JSON.stringify(requests)}`);
