/**
 * Binary content that the serializer replaced by a placeholder (a base64 data URI above the
 * string budget, a Buffer / TypedArray / ArrayBuffer), kept by reference beside the span so
 * that a destination able to store media (Langfuse's media API) can upload the original
 * later, in its own export lane, and put a media reference where the placeholder is.
 *
 * Nothing is copied on the app's thread: a part holds the app's own string or view. The
 * parts live only as long as their span object (a `WeakMap` keyed by it) and only while a
 * destination has asked for them (`enableBinaryRetention`); their total size is bounded by
 * a process-wide budget, released when a destination takes them or the span is collected.
 */

/** One replaced binary value: the placeholder rendered in its place and the original. */
export interface BinaryPart {
  /** Exactly the text the serializer wrote in place of the value, e.g. `<data:image/png;base64, 48213 bytes>`. */
  readonly placeholder: string;
  /** The original: a base64 data URI string, or the bytes. Never copied. */
  readonly source: string | ArrayBufferView | ArrayBuffer;
  /** Decoded size in bytes. */
  readonly bytes: number;
}

/** Counters of the retention side channel (for the exporters' stats). */
export interface BinaryRetentionStats {
  /** Parts kept beside their span. */
  retained: number;
  /** Parts not kept because the retention budget or the per-span count was full. */
  overBudget: number;
  /** Bytes referenced right now by parts not yet taken or collected. */
  heldBytes: number;
}

/** Default budget of bytes referenced by retained parts, process-wide. */
export const DEFAULT_RETENTION_BYTES = 64 * 1024 * 1024;
/** Most parts kept per span. */
export const MAX_PARTS_PER_SPAN = 32;

interface Registry {
  readonly parts: WeakMap<object, BinaryPart[]>;
  readonly finalizer: FinalizationRegistry<number> | undefined;
  readonly stats: BinaryRetentionStats;
  /** Destinations that asked for the parts; retention is off while this is 0. */
  users: number;
  budget: number;
}

// One registry per process even when core is loaded twice (ESM and CJS builds).
const KEY = Symbol.for('lamplight.binary-parts');

function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  let r = g[KEY];
  if (r === undefined) {
    const stats: BinaryRetentionStats = { retained: 0, overBudget: 0, heldBytes: 0 };
    const finalizer = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((bytes) => void (stats.heldBytes -= bytes)) : undefined;
    r = { parts: new WeakMap(), finalizer, stats, users: 0, budget: DEFAULT_RETENTION_BYTES };
    g[KEY] = r;
  }
  return r;
}

/**
 * A destination asks for binary parts (returns the function that withdraws the request).
 * The process-wide budget is the largest `budgetBytes` of the destinations asking.
 */
export function enableBinaryRetention(budgetBytes = DEFAULT_RETENTION_BYTES): () => void {
  const r = registry();
  r.budget = r.users === 0 ? budgetBytes : Math.max(r.budget, budgetBytes);
  r.users++;
  let withdrawn = false;
  return () => {
    if (withdrawn) return;
    withdrawn = true;
    r.users--;
  };
}

/** Whether any destination wants binary parts: callers skip collecting them otherwise. */
export function binaryRetentionEnabled(): boolean {
  return registry().users > 0;
}

/**
 * Keeps `parts` beside `span` (appending to parts kept earlier), within the budget; a part
 * that does not fit is left out and counted (its placeholder then stays, as today). O(parts).
 */
export function retainBinaryParts(span: object, parts: readonly BinaryPart[]): void {
  const r = registry();
  if (r.users === 0 || parts.length === 0) return;
  const list = r.parts.get(span) ?? [];
  let added = 0;
  for (const part of parts) {
    if (list.length >= MAX_PARTS_PER_SPAN || r.stats.heldBytes + part.bytes > r.budget) {
      r.stats.overBudget++;
      continue;
    }
    list.push(part);
    r.stats.heldBytes += part.bytes;
    r.stats.retained++;
    added += part.bytes;
  }
  if (added === 0) return;
  if (!r.parts.has(span)) r.parts.set(span, list);
  // Released when the span is collected without a destination having taken its parts.
  r.finalizer?.register(span, added, list);
}

/** The parts kept beside `span`, removed from the registry (their bytes leave the budget). */
export function takeBinaryParts(span: object): BinaryPart[] {
  const r = registry();
  const list = r.parts.get(span);
  if (list === undefined) return [];
  r.parts.delete(span);
  r.finalizer?.unregister(list);
  for (const part of list) r.stats.heldBytes -= part.bytes;
  return list;
}

/** A copy of the retention counters. */
export function binaryRetentionStats(): BinaryRetentionStats {
  return { ...registry().stats };
}
