import type { JsonPrimitive } from './json-value.js';

/**
 * Receives the rendering of a value as a stream of JSON tokens, in document order.
 * The walker decides what is rendered and keeps the byte budget; a sink only builds
 * its output (a tree for `toJsonSafe`, text for `safeStringify`).
 * @internal
 */
export interface JsonSink {
  openArray(): void;
  openObject(): void;
  /** Closes the innermost open container. */
  close(isArray: boolean): void;
  /** The next object key; `json` is its JSON text (quoted and escaped). */
  key(key: string, json: string): void;
  /** A scalar; `json` is its JSON text. */
  value(value: JsonPrimitive, json: string): void;
}
