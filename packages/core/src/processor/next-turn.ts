/**
 * Runs `fn` on a later turn of the event loop, after pending I/O: `setImmediate` where the
 * runtime has it (Node, Bun, Deno), a zero-delay timer elsewhere (Workers, Vercel Edge,
 * browsers) — never a microtask, which would run before the app's own work resumes.
 */
export const nextTurn: (fn: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (fn) => void globalThis.setImmediate(fn) : (fn) => void setTimeout(fn, 0);
