import type { JsonValue } from './json-value.js';
import { unserializableMarker } from './markers.js';
import { resolveSerializeOptions, type SerializeOptions } from './options.js';
import { TreeSink } from './tree-sink.js';
import { walk } from './walk.js';

/**
 * Turns any value into a bounded, JSON-safe copy. Never throws, never recurses on the
 * input (any nesting depth is safe), and does work bounded by `maxItems` per container
 * and the byte budget overall. `JSON.stringify` of the result is valid UTF-8 JSON of at
 * most about `options.maxBytes` bytes (see `SerializeOptions`).
 *
 * Where `JSON.stringify` would succeed, the result equals `JSON.parse(JSON.stringify(value))`,
 * except for the cases below:
 * - cycles: a reference to a container still being rendered → `"[Circular]"`; the same
 *   object reached again by another path is rendered again
 * - BigInt → `"123n"` (a string: JSON numbers would lose precision)
 * - Map → object of its entries when every kept key is a string, else `[[key, value], …]`;
 *   Set → array
 * - Error → `{ name, message, stack, cause?, errors?, ...own enumerable props }`
 * - Date → ISO string; an invalid Date → `"Invalid Date"`
 * - Buffer / ArrayBuffer / TypedArray / DataView → `"<binary N bytes>"`
 * - a base64 data URI longer than the string budget → `"<data:image/png;base64, N bytes>"`
 *   (N = decoded size); shorter ones are kept verbatim
 * - class instances → their own enumerable properties, like plain objects (no type hint,
 *   so the shape matches what the app would log with `JSON.stringify`)
 * - symbols → `"Symbol(desc)"`; functions → `"[Function name]"`; RegExp → `"/src/flags"`;
 *   Promise / WeakMap / WeakSet → `"[Promise]"` etc.; boxed primitives → their value
 * - `undefined` → omitted from objects, `null` in arrays and at the root
 * - NaN / Infinity / -Infinity → `"NaN"`, `"Infinity"`, `"-Infinity"`; -0 → 0
 * - lone UTF-16 surrogates → U+FFFD
 * - a throwing getter, `toJSON` or proxy trap → `"[Unserializable: <message>]"` for that value
 * - `toJSON` is used (called with the key, like `JSON.stringify`) except on Date and binary
 * - deeper than `maxDepth` → `"[Depth limit]"`
 * - more than `maxItems` children → the first `maxItems`, then `"…[N more items omitted]"`
 *   (objects: key `"…"`, value `"…[N more keys omitted]"`)
 * - past the byte budget: strings are cut with `"…[truncated N bytes]"` (N exact UTF-8
 *   bytes), and each open container ends with `"…[N more items omitted: size limit]"`
 */
export function toJsonSafe(value: unknown, options?: SerializeOptions): JsonValue {
  try {
    const sink = new TreeSink();
    walk(value, resolveSerializeOptions(options), sink);
    return sink.root;
  } catch (error) {
    // Only an internal failure (e.g. out of memory) gets here; user code is guarded per value.
    return unserializableMarker(error);
  }
}
