// `pnpm start` — runs app.mjs exactly as you would in production (`node app.mjs`: the app
// sets up tracing in code), but with local stand-ins for whatever you have no key for, so it
// works with no account and no network: a fake OpenAI server (unless OPENAI_API_KEY is set)
// that asks for the get_weather tool once, an embedded Langfuse receiver (unless
// LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are set) and an embedded Foglamp receiver
// (unless FOGLAMP_API_KEY is set). The app never knows: it gets the same
// environment variables it would get in production. Afterwards this prints what each
// embedded receiver decoded, and exits non-zero when nothing arrived or a request broke the
// backend's contract.
import { spawn } from 'node:child_process';
import { formatSpanTree, startFakeOpenAI, startFoglampReceiver, startLangfuseReceiver } from '@lamplight/testkit';

const env = { ...process.env };
const local = {};
if (!env.OPENAI_API_KEY) {
  local.openai = await startFakeOpenAI({ respond: weatherModel });
  Object.assign(env, { OPENAI_API_KEY: local.openai.apiKey, OPENAI_BASE_URL: local.openai.baseURL });
}
if (!(env.LANGFUSE_PUBLIC_KEY && env.LANGFUSE_SECRET_KEY)) {
  local.langfuse = await startLangfuseReceiver();
  Object.assign(env, { LANGFUSE_PUBLIC_KEY: local.langfuse.publicKey, LANGFUSE_SECRET_KEY: local.langfuse.secretKey, LANGFUSE_BASE_URL: local.langfuse.url });
}
if (!env.FOGLAMP_API_KEY) {
  local.foglamp = await startFoglampReceiver();
  Object.assign(env, { FOGLAMP_API_KEY: local.foglamp.apiKey, FOGLAMP_BASE_URL: local.foglamp.url });
}
console.log(`OpenAI: ${local.openai ? 'local fake server' : 'api.openai.com (OPENAI_API_KEY)'}; Langfuse: ${local.langfuse ? 'embedded receiver' : 'your project (LANGFUSE_*)'}; Foglamp: ${local.foglamp ? 'embedded receiver' : 'your instance (FOGLAMP_*)'}`);

const args = ['app.mjs'];
console.log(`$ node ${args.join(' ')}\n`);
const code = await run(args, env);
const failed = code !== 0 || !report(local);
await Promise.all(Object.values(local).map((server) => server.close()));
process.exitCode = failed ? 1 : 0;

/**
 * The fake model's answers: with tools on offer and no tool result yet, it calls the first
 * tool for Paris; once a tool result is in the conversation it answers from it; otherwise it
 * echoes (the fake's default). Handles both Chat Completions and Responses API bodies.
 */
function weatherModel(request) {
  const body = request.body ?? {};
  const turns = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  const result = turns.find((t) => t?.role === 'tool' || t?.type === 'function_call_output');
  if (result) return { text: `Here is the weather: ${typeof result.content === 'string' ? result.content : (result.output ?? JSON.stringify(result.content))}` };
  const firstTool = Array.isArray(body.tools) ? body.tools[0] : undefined;
  const toolName = firstTool?.function?.name ?? firstTool?.name;
  if (toolName) return { toolCalls: [{ name: toolName, arguments: { city: 'Paris' } }] };
  return undefined;
}

/** Prints what each embedded receiver got; false when one got nothing or saw a contract violation. */
function report({ langfuse, foglamp }) {
  let ok = true;
  if (langfuse) {
    const spans = langfuse.spans();
    console.log(`\nLangfuse receiver: ${langfuse.requests.length} request(s), ${spans.length} spans, ${langfuse.violations().length} contract violations`);
    console.log(formatSpanTree(spans));
    ok &&= spans.length > 0 && langfuse.violations().length === 0;
  }
  if (foglamp) {
    const spans = foglamp.spans();
    console.log(`\nFoglamp receiver: ${foglamp.requests.length} request(s), ${spans.length} spans, ${foglamp.violations().length} contract violations`);
    console.log(foglampTree(spans));
    ok &&= spans.length > 0 && foglamp.violations().length === 0;
  }
  return ok;
}

/** Foglamp spans as an indented tree: `[spanType] name status model tokens in/out`. */
function foglampTree(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = ids.has(s.parentSpanId) ? s.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const lines = [];
  const walk = (parent, depth) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime || a.endTime - b.endTime)) {
      const usage = s.usage ? ` tokens ${s.usage.inputTokens ?? '?'}/${s.usage.outputTokens ?? '?'}` : '';
      lines.push(`${'  '.repeat(depth)}[${s.spanType}] ${s.name} ${s.status}${s.modelId ? ` ${s.modelId}` : ''}${usage}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

/** Runs `node <args>` in this folder, sharing this terminal; resolves with its exit code. */
function run(nodeArgs, childEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: import.meta.dirname, env: childEnv, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
}
