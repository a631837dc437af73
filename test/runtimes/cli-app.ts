// The app as a command for Deno and Bun: one request, then the flush awaited before exit
// (`await flush` where a platform offers no keep-alive hook). Prints one JSON line. Deno and
// Bun have AsyncLocalStorage (node:async_hooks), so the app nests `observe` calls and relies
// on the active context through Lamplight's AlsContextManager.
import { AsyncLocalStorage } from 'node:async_hooks';
import { AlsContextManager } from '@lamplight/core';
import { transportPlatform } from '@lamplight/transport';
import { context } from '@opentelemetry/api';
import { handleRequest, type AppConfig } from './app/lamplight-app.js';

interface RuntimeGlobals {
  Deno?: { args: string[]; version: { deno: string }; exit(code: number): never };
  Bun?: { version: string };
  process?: { argv: string[]; exit(code: number): never };
}

const g = globalThis as unknown as RuntimeGlobals;
const arg = g.Deno ? g.Deno.args[0] : g.process?.argv[2];
const { config, question } = JSON.parse(arg ?? '{}') as { config: AppConfig; question: string };
const runtime = g.Deno ? `deno ${g.Deno.version.deno}` : g.Bun ? `bun ${g.Bun.version}` : 'unknown';
context.setGlobalContextManager(new AlsContextManager(AsyncLocalStorage));
const result = await handleRequest(config, question, 'implicit');
const stats = await result.flushed;
console.log(JSON.stringify({ answer: result.answer, traceId: result.traceId, runtime, platform: transportPlatform().name, stats }));
if (g.Deno) g.Deno.exit(0);
else g.process?.exit(0);
