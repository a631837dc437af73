// Next.js `instrumentation.ts` (project root, or src/ when you use it): Next.js calls
// `register()` once when a server instance starts, before it serves requests.
// https://nextjs.org/docs/app/guides/instrumentation
//
// Configuration comes from the environment (.env.local or your host's settings):
// LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY / LANGFUSE_BASE_URL, FOGLAMP_API_KEY /
// FOGLAMP_BASE_URL, LAMPLIGHT_* (see the repository README's environment table).
// Options passed here win over the environment.
export async function register(): Promise<void> {
  // instrumentation.ts also runs in the Edge runtime, which has no Node.js APIs (no exit
  // hooks, no node:http); trace the Node.js runtime only. The dynamic import keeps
  // Lamplight out of the Edge bundle.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { register: registerLamplight } = await import('@lamplight/register/api');
  const lamplight = registerLamplight({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'my-next-app',
    // On serverless hosts the instance can freeze right after a response: export each span
    // as soon as it ends instead of batching (same as LAMPLIGHT_EXPORT_MODE=immediate).
    exportMode: process.env.VERCEL ? 'immediate' : 'batched',
  });
  // The same one line `node --import @lamplight/register` prints: where spans go (never a
  // secret), how the tracer provider was set up, what is instrumented.
  console.log(lamplight.startupLine);
}
