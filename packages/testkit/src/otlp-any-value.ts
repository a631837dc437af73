/**
 * Conversion of OTLP `AnyValue`/`KeyValue` lists and 64-bit integers into the testkit's
 * decoded shapes.
 *
 * Both wire formats arrive here as plain objects with lowerCamelCase keys: protobuf via
 * protobufjs `toObject` (64-bit integers as decimal strings, bytes as `Uint8Array`) and
 * OTLP/JSON via `JSON.parse` (64-bit integers as strings or numbers, bytes as base64).
 * Handling both in one place keeps the two decoders from drifting apart.
 */
import type { AttributeKvList, AttributeType, AttributeValue } from './decoded-span.js';

/** An attribute value together with the `AnyValue` field that carried it. */
export interface TypedAttributeValue {
  /** The decoded value. */
  value: AttributeValue;
  /** The `AnyValue` field that was set. */
  type: AttributeType;
}

/** Decoded attributes of one span, event, resource or scope. */
export interface DecodedAttributes {
  /** Values by key. */
  values: Record<string, AttributeValue>;
  /** `AnyValue` field by key. */
  types: Record<string, AttributeType>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a 64-bit value is shaped like a `long.js` `Long` (what protobufjs may hand back). */
function isLongLike(value: unknown): value is { low: number; high: number; unsigned?: boolean } {
  return isRecord(value) && typeof value.low === 'number' && typeof value.high === 'number';
}

/**
 * Converts a 64-bit integer in any form the decoders meet (bigint, safe number, decimal
 * string, `Long`) to an exact `bigint`. Returns `undefined` for anything else, so callers
 * decide whether that is an error or a zero.
 */
export function toBigInt(value: unknown, signed = false): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string') {
    if (!/^-?\d+$/.test(value.trim())) return undefined;
    return BigInt(value.trim());
  }
  if (isLongLike(value)) {
    const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
    const isSigned = value.unsigned === undefined ? signed : !value.unsigned;
    return isSigned ? BigInt.asIntN(64, bits) : bits;
  }
  return undefined;
}

/** A `number` when the integer is safe, else the exact `bigint` (ints are never rounded). */
export function intToAttributeNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function toDouble(value: unknown): number {
  // OTLP/JSON writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity".
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return Number.NaN;
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  // OTLP/JSON carries `bytesValue` as base64 (only trace/span ids are hex).
  if (typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  return new Uint8Array();
}

function has(record: Record<string, unknown>, key: string): boolean {
  return record[key] !== undefined && record[key] !== null;
}

/** Converts one `AnyValue` (plain object) into a value and its type. */
export function convertAnyValue(anyValue: unknown): TypedAttributeValue {
  if (!isRecord(anyValue)) return { value: null, type: 'empty' };
  if (has(anyValue, 'stringValue')) return { value: String(anyValue.stringValue), type: 'string' };
  if (has(anyValue, 'boolValue')) return { value: anyValue.boolValue === true, type: 'bool' };
  if (has(anyValue, 'intValue')) {
    const int = toBigInt(anyValue.intValue, true);
    // A malformed int (only possible in hand-written JSON) is kept visibly as a string.
    if (int === undefined) return { value: String(anyValue.intValue), type: 'int' };
    return { value: intToAttributeNumber(int), type: 'int' };
  }
  if (has(anyValue, 'doubleValue')) return { value: toDouble(anyValue.doubleValue), type: 'double' };
  if (has(anyValue, 'arrayValue')) {
    const list = isRecord(anyValue.arrayValue) ? anyValue.arrayValue.values : undefined;
    const values = Array.isArray(list) ? list.map((item) => convertAnyValue(item).value) : [];
    return { value: values, type: 'array' };
  }
  if (has(anyValue, 'kvlistValue')) {
    const list = isRecord(anyValue.kvlistValue) ? anyValue.kvlistValue.values : undefined;
    const object: AttributeKvList = convertKeyValues(list).values;
    return { value: object, type: 'kvlist' };
  }
  if (has(anyValue, 'bytesValue')) return { value: toBytes(anyValue.bytesValue), type: 'bytes' };
  return { value: null, type: 'empty' };
}

/**
 * Assigns an own property even for the key `__proto__`, which plain assignment would turn
 * into a prototype change (attribute keys come from the network).
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Converts a repeated `KeyValue` list into value and type maps. Entries without a string
 * key are skipped; a repeated key keeps its last value.
 */
export function convertKeyValues(list: unknown): DecodedAttributes {
  const values: Record<string, AttributeValue> = {};
  const types: Record<string, AttributeType> = {};
  if (!Array.isArray(list)) return { values, types };
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.key !== 'string') continue;
    const converted = convertAnyValue(entry.value);
    setOwn(values, entry.key, converted.value);
    setOwn(types, entry.key, converted.type);
  }
  return { values, types };
}
