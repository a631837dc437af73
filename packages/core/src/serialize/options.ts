import type { BinaryPart } from '../media/binary-parts.js';

/** Default total budget of one rendered field: 1 MiB of JSON text. */
export const DEFAULT_MAX_BYTES = 1_048_576;
/** Default number of nested containers rendered before `[Depth limit]`. */
export const DEFAULT_MAX_DEPTH = 20;
/** Default number of array items / object keys / Map and Set entries kept per container. */
export const DEFAULT_MAX_ITEMS = 1000;

/** Bounds of one `toJsonSafe` / `safeStringify` call. Invalid values fall back to the default. */
export interface SerializeOptions {
  /**
   * Budget for the whole rendered value, in UTF-8 bytes of its compact JSON text
   * (default 1 MiB). Once it is spent, the rest is cut or replaced by markers, so the
   * text stays within `maxBytes` plus a few hundred bytes for the last marker.
   */
  maxBytes?: number;
  /** Per-string budget, in UTF-8 bytes of the string's content including any marker (default `maxBytes`). */
  maxStringBytes?: number;
  /** Nested containers rendered before a container becomes `"[Depth limit]"` (default 20; the root is depth 0). */
  maxDepth?: number;
  /** Items kept per array, keys per object, entries per Map or Set (default 1000); a marker counts the rest. */
  maxItems?: number;
  /**
   * When given, every binary value replaced by a placeholder (a data URI above the budget,
   * a Buffer / TypedArray / ArrayBuffer) is appended here by reference, in rendering order,
   * so a destination can upload the original later (see `retainBinaryParts`).
   */
  binaryParts?: BinaryPart[];
}

/** `SerializeOptions` with every bound resolved to a number (possibly `Infinity`). */
export interface ResolvedSerializeOptions {
  readonly maxBytes: number;
  readonly maxStringBytes: number;
  readonly maxDepth: number;
  readonly maxItems: number;
  readonly binaryParts?: BinaryPart[];
}

function bound(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : fallback;
}

/**
 * Resolves options to numbers. Never throws: a missing, negative, `NaN` or non-numeric
 * bound — or an options object whose getters throw — yields the default.
 */
export function resolveSerializeOptions(options?: SerializeOptions): ResolvedSerializeOptions {
  try {
    const maxBytes = bound(options?.maxBytes, DEFAULT_MAX_BYTES);
    return {
      maxBytes,
      maxStringBytes: bound(options?.maxStringBytes, maxBytes),
      maxDepth: bound(options?.maxDepth, DEFAULT_MAX_DEPTH),
      maxItems: bound(options?.maxItems, DEFAULT_MAX_ITEMS),
      ...(Array.isArray(options?.binaryParts) ? { binaryParts: options.binaryParts } : {}),
    };
  } catch {
    return resolveSerializeOptions(undefined);
  }
}
