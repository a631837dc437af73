// The app as a Cloudflare Worker (module syntax): the response goes out first, the export
// runs under `ctx.waitUntil`, as on Workers in production. No compatibility flag: no
// AsyncLocalStorage, so the app starts children from their parent's handle.
import { handleRequest, type AppConfig } from './app/lamplight-app.js';

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  async fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<Response> {
    const { config, question } = (await request.json()) as { config: AppConfig; question: string };
    const result = await handleRequest(config, question);
    ctx.waitUntil(result.flushed);
    return Response.json({ answer: result.answer, traceId: result.traceId, runtime: navigator.userAgent });
  },
};
