// The CommonJS twin of app.mjs. Run it with
//
//   node --require @lamplight/register app.cjs
//
// --require loads register before this file, so `require('openai')` below returns the
// already-patched module.
const OpenAI = require('openai');
const { observe, withTraceAttributes } = require('@lamplight/core');

async function main() {
  const client = new OpenAI();
  const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
  const question = 'In one sentence: why do LLM apps need tracing?';
  const answer = await withTraceAttributes({ userId: 'user-42', sessionId: 'session-7', tags: ['example', 'cjs'] }, () =>
    observe('support-agent', { kind: 'agent', input: question }, async (agent) => {
      const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: question }] });
      const text = completion.choices[0].message.content;
      agent.update({ output: text });
      return text;
    }),
  );
  console.log(`answer: ${answer}`);
}

main();
