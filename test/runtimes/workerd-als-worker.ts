// The app as a Cloudflare Worker with AsyncLocalStorage (`nodejs_als`; `nodejs_compat` has it
// too): Lamplight's AlsContextManager over node:async_hooks, `observe` calls nested through
// the active context; the export runs under `ctx.waitUntil` after the response.
import { AsyncLocalStorage } from 'node:async_hooks';
import { AlsContextManager } from '@lamplight/core';
import { context } from '@opentelemetry/api';
import { handleRequest, type AppConfig } from './app/lamplight-app.js';

context.setGlobalContextManager(new AlsContextManager(AsyncLocalStorage));

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  async fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<Response> {
    const { config, question } = (await request.json()) as { config: AppConfig; question: string };
    const result = await handleRequest(config, question, 'implicit');
    ctx.waitUntil(result.flushed);
    return Response.json({ answer: result.answer, traceId: result.traceId, runtime: navigator.userAgent });
  },
};
