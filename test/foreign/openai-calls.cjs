// The CommonJS twin of openai-calls.mjs.
const { patchState } = require('./patch-state.cjs');
const mod = require(process.env.OPENAI_PACKAGE ?? 'openai');

async function main() {
  const client = new mod.OpenAI({ baseURL: process.env.FAKE_OPENAI_BASE_URL, apiKey: 'sk-fixture-key-000000000000000000000', maxRetries: 0 });
  const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'plain call' }] });
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'streamed call' }], stream: true });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
  const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'responses call' });
  console.log(JSON.stringify({ patched: patchState(mod.OpenAI), chat: chat.choices[0].message.content, streamed, responses: response.output_text }));
}
main();
