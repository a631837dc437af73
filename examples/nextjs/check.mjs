// Stands in for Next.js (which this example does not install): does what Next.js does at
// server start — sets NEXT_RUNTIME and calls the `register()` exported by instrumentation.ts —
// then what a route handler does: an OpenAI call through an observeOpenAI client, inside
// withTraceAttributes. Node 22 runs the .ts file directly (type stripping); `pnpm typecheck`
// type-checks it with tsc.
import OpenAI from 'openai';
import { withTraceAttributes } from '@lamplight/core';
import { observeOpenAI } from '@lamplight/openai';
import { register as getRegistration } from '@lamplight/register/api';

process.env.NEXT_RUNTIME = 'nodejs';
const { register } = await import('./instrumentation.ts');
await register();

// A route handler (app/api/chat/route.ts). Next.js bundles server code, so the `openai`
// module hook of register may not see the SDK; wrapping the client with observeOpenAI works
// either way.
const openai = observeOpenAI(new OpenAI());
const completion = await withTraceAttributes({ userId: 'user-42', sessionId: 'chat-7' }, () =>
  openai.chat.completions.create({ model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from a route handler' }] }),
);
console.log(`route answered: ${completion.choices[0].message.content}`);

// register() returns the first registration when called again, so a handler can flush
// before a serverless instance freezes (in Next.js: `after(() => register().forceFlush())`).
await getRegistration().forceFlush();
