/**
 * Which spans stand for the same model call as a Lamplight generation.
 *
 * Two instrumentations patching the same `openai` method nest: the one that patched last
 * runs outside and its span is the parent of the other's. Lamplight keeps its own
 * generation and the other tool's span steps aside (it is read as a plain span, without
 * usage), so a call counts once at every backend:
 * - the other span is *around* ours: `@lamplight/openai` sees it active when the call
 *   starts and records its id here (`markSteppedAside`);
 * - the other span is *inside* ours: `@lamplight/openai` records its generation's id
 *   (`markLamplightCall`), and the reader recognises a foreign model-call span whose parent
 *   is one of them.
 *
 * State lives on `globalThis` under a registered symbol: the ESM and CJS builds of core can
 * both be loaded in one process (register uses one, the app the other) and must agree.
 * Both sets are bounded (oldest entries leave first); an entry only has to live from the
 * start of a call until its spans were read in the export batch.
 */

/** Entries kept per set: far more than the model calls in flight plus one export batch. */
export const MODEL_CALL_REGISTRY_LIMIT = 16_384;

/**
 * At most `MODEL_CALL_REGISTRY_LIMIT` ids in two generations: when the current one holds
 * half, the previous one is dropped whole. Evicting the oldest id one at a time from a full
 * Set costs more with every deletion (V8 walks the holes the deletions left, up to 9 µs
 * per call in a long-running app); a generation swap is O(1). Every id stays for at least
 * half the limit of later additions.
 */
class BoundedIdSet {
  private current = new Set<string>();
  private previous = new Set<string>();
  add(id: string): void {
    if (this.current.has(id)) return;
    this.current.add(id);
    if (this.current.size >= MODEL_CALL_REGISTRY_LIMIT / 2) {
      this.previous = this.current;
      this.current = new Set();
    }
  }
  delete(id: string): void {
    this.current.delete(id);
    this.previous.delete(id);
  }
  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }
}

interface Registry {
  steppedAside: BoundedIdSet;
  lamplightCalls: BoundedIdSet;
}

const KEY = Symbol.for('@lamplight/core/model-call-registry');

function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  g[KEY] ??= { steppedAside: new BoundedIdSet(), lamplightCalls: new BoundedIdSet() };
  return g[KEY];
}

/** Records that another tool's span `spanId` wraps the same call as a Lamplight generation. */
export function markSteppedAside(spanId: string): void {
  registry().steppedAside.add(spanId);
}

/** True when `spanId` is another tool's span that steps aside for a Lamplight generation. */
export function isSteppedAside(spanId: string): boolean {
  return registry().steppedAside.has(spanId);
}

/** Records that `spanId` is a Lamplight generation of an `openai` call. */
export function markLamplightCall(spanId: string): void {
  registry().lamplightCalls.add(spanId);
}

/** True when `spanId` is a Lamplight generation of an `openai` call. */
export function isLamplightCall(spanId: string): boolean {
  return registry().lamplightCalls.has(spanId);
}

/**
 * The Lamplight generation `spanId` steps aside instead: it could not see the response
 * (another tool's wrapper inside it returned something other than the SDK's objects), so
 * the other tool's span inside it, which did, stays the generation.
 */
export function stepAsideForInner(spanId: string): void {
  const r = registry();
  r.lamplightCalls.delete(spanId);
  r.steppedAside.add(spanId);
}
