/**
 * A version 4 UUID from the Web Crypto API, which Node (≥ 19 as a global), Deno, Bun,
 * Workers and Vercel Edge all provide: no `node:crypto` import, so the edge entry stays
 * free of Node modules.
 */
export function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
