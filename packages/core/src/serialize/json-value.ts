/** A JSON scalar. */
export type JsonPrimitive = string | number | boolean | null;

/** A JSON array. */
export type JsonArray = JsonValue[];

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Any value `JSON.stringify` renders without loss and `JSON.parse` gives back: what
 * `toJsonSafe` returns. Numbers are always finite and strings always well-formed UTF-16.
 */
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
