// An ordinary OpenAI app with no tracing setup of its own. Run it with
//
//   node --import @lamplight/register app.mjs
//
// and every `openai` call becomes a generation in Langfuse and/or Foglamp: register reads
// LANGFUSE_* / FOGLAMP_* from the environment, builds the tracer provider and patches the
// `openai` module before this file's imports run (that is why it must be --import, not an
// import inside the app). The client reads OPENAI_API_KEY and OPENAI_BASE_URL as usual;
// launch.mjs points them at a local fake when no key is set.
import OpenAI from 'openai';
import { observe, withTraceAttributes } from '@lamplight/core';

const client = new OpenAI();
const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
const question = 'In one sentence: why do LLM apps need tracing?';

// Optional: the two wrappers below give the calls a user, a session and one parent
// observation. Without them each call is still traced, as a trace of its own.
const answer = await withTraceAttributes({ userId: 'user-42', sessionId: 'session-7', tags: ['example'] }, () =>
  observe('support-agent', { kind: 'agent', input: question }, async (agent) => {
    const draft = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: question }],
    });
    // A streamed call is traced too: usage and time to first token are recorded (Lamplight
    // asks for `include_usage` and hides the extra usage chunk from this loop).
    const stream = await client.chat.completions.create({
      model,
      stream: true,
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: draft.choices[0].message.content },
        { role: 'user', content: 'Now shorter.' },
      ],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    agent.update({ output: text });
    return text;
  }),
);

console.log(`answer: ${answer}`);
// Nothing to flush by hand: register flushes when the process is about to exit (beforeExit,
// SIGTERM, SIGINT, uncaught exception), bounded by a deadline.
