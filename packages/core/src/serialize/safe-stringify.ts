import { unserializableMarker } from './markers.js';
import { resolveSerializeOptions, type ResolvedSerializeOptions, type SerializeOptions } from './options.js';
import { plainJson } from './plain-json.js';
import { TextSink } from './text-sink.js';
import { walk } from './walk.js';

/**
 * Compact JSON text of `toJsonSafe(value, options)`, built in the same single pass
 * (no intermediate tree, each string escaped once). A string input is JSON-encoded too
 * (`"hi"` → `"\"hi\""`); pass raw strings around this function if you want them raw.
 * `undefined`, functions and symbols at the root render as `null`, `"[Function f]"` and
 * `"Symbol(x)"`, so the result is always valid JSON. Never throws; the text takes at
 * most about `options.maxBytes` UTF-8 bytes (see `SerializeOptions`).
 */
export function safeStringify(value: unknown, options?: SerializeOptions): string {
  const resolved = resolveSerializeOptions(options);
  // Plain data within the budget: the native serialiser, with the very same text (plain-json.ts).
  return plainJson(value, resolved) ?? walkStringify(value, resolved);
}

/** `safeStringify` without the fast path: the walker alone (its tests compare the two). */
export function walkStringify(value: unknown, options: ResolvedSerializeOptions): string {
  try {
    const sink = new TextSink();
    walk(value, options, sink);
    return sink.text;
  } catch (error) {
    return JSON.stringify(unserializableMarker(error));
  }
}
