// The app as a Vercel Edge function in the `edge-runtime` sandbox: a `fetch` event
// listener that responds first and hands the export to `event.waitUntil`.
import { handleRequest, type AppConfig } from './app/lamplight-app.js';

interface FetchEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
  waitUntil(promise: Promise<unknown>): void;
}

async function respond(event: FetchEvent): Promise<Response> {
  const { config, question } = (await event.request.json()) as { config: AppConfig; question: string };
  const result = await handleRequest(config, question);
  event.waitUntil(result.flushed);
  return Response.json({ answer: result.answer, traceId: result.traceId, runtime: String((globalThis as { EdgeRuntime?: unknown }).EdgeRuntime) });
}

(globalThis as unknown as { addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void }).addEventListener('fetch', (event) => {
  event.respondWith(respond(event));
});
