// `pnpm start` — runs app.mjs exactly as you would in production,
//
//   node --import @lamplight/register app.mjs      (`--cjs`: node --require @lamplight/register app.cjs)
//
// but with local stand-ins for whatever you have no key for, so it works with no account and
// no network: a fake OpenAI server (unless OPENAI_API_KEY is set), an embedded Langfuse
// receiver (unless LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are set) and an embedded
// Foglamp receiver (unless FOGLAMP_API_KEY is set). The app never knows: it gets the same
// environment variables it would get in production. Afterwards this prints what each
// embedded receiver decoded, and exits non-zero when nothing arrived or a request broke the
// backend's contract.
import { runNodeApp, startLocalBackends } from '@lamplight/testkit';

const args = process.argv.includes('--cjs') ? ['--require', '@lamplight/register', 'app.cjs'] : ['--import', '@lamplight/register', 'app.mjs'];
const local = await startLocalBackends(process.env);
console.log(local.summary);
const code = await runNodeApp(args, { cwd: import.meta.dirname, env: local.env });
const ok = code === 0 && local.report();
await local.close();
process.exitCode = ok ? 0 : 1;
