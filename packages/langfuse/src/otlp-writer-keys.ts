import { ProtoBuffer, WIRE_LEN } from './otlp-writer-buffer.js';

/** Most keys remembered; the cache starts over when full, so any number of distinct keys stays bounded. */
const MAX_KEYS = 1024;
/** Longer keys are encoded each time: rare, and not worth holding. */
const MAX_KEY_LENGTH = 128;

/**
 * The encoded `key` field (tag, length, UTF-8) of attribute keys seen before. A span's keys
 * are mostly the same few dozen names batch after batch (`gen_ai.*`, `langfuse.observation.*`),
 * and a lookup of an interned key string plus a short copy costs less than encoding it again.
 */
const encodedKeys = new Map<string, Uint8Array>();

/** Writes `KeyValue.key` (field 1) for `key`, from the cache when it can. */
export function writeKeyField(w: ProtoBuffer, key: string): void {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    if (key.length > MAX_KEY_LENGTH) {
      w.tag(1, WIRE_LEN);
      w.string(key);
      return;
    }
    const start = w.pos;
    w.tag(1, WIRE_LEN);
    w.string(key);
    encoded = w.bytes.slice(start, w.pos);
    if (encodedKeys.size >= MAX_KEYS) encodedKeys.clear();
    encodedKeys.set(key, encoded);
    return;
  }
  w.raw(encoded);
}
