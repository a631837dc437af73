export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './json-value.js';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ITEMS,
  resolveSerializeOptions,
  type ResolvedSerializeOptions,
  type SerializeOptions,
} from './options.js';
export { safeStringify } from './safe-stringify.js';
export { toJsonSafe } from './to-json-safe.js';
export { truncateString, type TruncatedString } from './truncate-string.js';
