// An ESM app that handles CALLS requests, each a span of its own with one model call
// inside (openai 6). Prints each request's trace id and whether the host sampled it.
import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-fixture-key-000000000000000000000', maxRetries: 0 });
const tracer = trace.getTracer('host-app');
const requests = [];
for (let i = 0; i < Number(process.env.CALLS ?? 20); i++) {
  await tracer.startActiveSpan(`request ${i}`, async (span) => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `call ${i}` }] });
    requests.push({ i, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, sampled: span.isRecording() });
    span.end();
  });
}
console.log(`REQUESTS ${JSON.stringify(requests)}`);
