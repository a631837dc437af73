// `pnpm start` — runs app.mjs exactly as you would in production (`node app.mjs`: the app
// sets up tracing in code), but with local stand-ins for whatever you have no key for, so it
// works with no account and no network: a fake OpenAI server (unless OPENAI_API_KEY is set)
// that asks for the get_weather tool once, an embedded Langfuse receiver (unless
// LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are set) and an embedded Foglamp receiver
// (unless FOGLAMP_API_KEY is set). The app never knows: it gets the same
// environment variables it would get in production. Afterwards this prints what each
// embedded receiver decoded, and exits non-zero when nothing arrived or a request broke the
// backend's contract.
import { runNodeApp, startLocalBackends, weatherModel } from '@lamplight/testkit';

const local = await startLocalBackends(process.env, { respond: weatherModel });
console.log(local.summary);
const code = await runNodeApp(['app.mjs'], { cwd: import.meta.dirname, env: local.env });
const ok = code === 0 && local.report();
await local.close();
process.exitCode = ok ? 0 : 1;
