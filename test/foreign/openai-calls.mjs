// An ESM app making three model calls (chat, streamed chat, Responses) with the real
// `openai` package (OPENAI_PACKAGE: `openai` = 6.x, `openai-v7` = 7.x). With
// FOREIGN_MANUAL=1 it hands the module to the preloaded foreign instrumentation's
// `manuallyInstrument`, as OpenInference and OpenLLMetry document for ESM apps. It prints
// the chain of wrappers around `create` (outermost first) with the answers.
import { createRequire } from 'node:module';
import { manuallyInstrument } from './manual-instrument.mjs';

const { patchState } = createRequire(import.meta.url)('./patch-state.cjs');
const mod = await import(process.env.OPENAI_PACKAGE ?? 'openai');
if (process.env.FOREIGN_MANUAL === '1') manuallyInstrument(mod);
const client = new mod.OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-fixture-key-000000000000000000000', maxRetries: 0 });
const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'plain call' }] });
const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'streamed call' }], stream: true });
let streamed = '';
for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'responses call' });
console.log(JSON.stringify({ patched: patchState(mod.OpenAI), chat: chat.choices[0].message.content, streamed, responses: response.output_text }));
