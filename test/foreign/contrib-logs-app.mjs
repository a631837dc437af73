// An ESM app traced by the contrib OpenAI instrumentation only (Lamplight's own OpenAI
// instrumentation is off), with Lamplight registered programmatically for export. The
// contrib instrumentation puts the prompt and the reply into log records.
import { createRequire } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { register } from '@lamplight/register/api';

const registration = register({ openai: false, aiSdk: false });
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })] });
const { OpenAI } = createRequire(import.meta.url)('openai');
const client = new OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-fixture-key-000000000000000000000', maxRetries: 0 });
const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content: 'contrib prompt' },
  ],
});
console.log(JSON.stringify({ text: completion.choices[0].message.content }));
await registration.shutdown();
