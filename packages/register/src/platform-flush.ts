/** A platform's keep-alive hook: keeps the instance running until `promise` settles. */
export type WaitUntil = (promise: Promise<unknown>) => void;

/**
 * Where Next.js and Vercel Functions keep the current request's context, `waitUntil`
 * included (what `after()` and `@vercel/functions`' `waitUntil` use).
 */
const REQUEST_CONTEXTS = [Symbol.for('@next/request-context'), Symbol.for('@vercel/request-context')];

type ContextReader = { get?: () => { waitUntil?: WaitUntil } | undefined };

/** The keep-alive hook of the request being served, on Next.js or Vercel; undefined elsewhere. */
export function platformWaitUntil(): WaitUntil | undefined {
  const holder = globalThis as unknown as Record<symbol, ContextReader | undefined>;
  for (const symbol of REQUEST_CONTEXTS) {
    try {
      const waitUntil = holder[symbol]?.get?.()?.waitUntil;
      if (typeof waitUntil === 'function') return waitUntil;
    } catch {
      // A context reader that throws is no context.
    }
  }
  return undefined;
}

/**
 * Hands `flush` to the platform's keep-alive hook — `waitUntil` when given (Cloudflare's
 * `ctx.waitUntil`, Next.js `after`, …), else the current Next.js/Vercel request's — so the
 * export runs after the response is sent yet finishes before the instance freezes. Returns
 * the flush: await it where the platform offers no hook. Never throws.
 */
export function scheduleFlush(flush: () => Promise<void>, waitUntil?: WaitUntil): Promise<void> {
  // Started on a later task, so not even the first slice of preparing spans runs on the handler's stack.
  const promise = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(flush).catch(() => undefined);
  try {
    (waitUntil ?? platformWaitUntil())?.(promise);
  } catch {
    // The platform refused the promise (e.g. called outside a request): it is still returned.
  }
  return promise;
}
