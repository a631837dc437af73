import { ProtoBuffer, varintSize, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './otlp-writer-buffer.js';
import { writeKeyField } from './otlp-writer-keys.js';

// int64 range of `int_value`, as the stock writer checks it: integers outside go as doubles.
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** What may sit in an attribute map: the stock writer accepts any value, so this does too. */
export type AttributeMap = Readonly<Record<string, unknown>>;

/**
 * Attributes as repeated `KeyValue` in field `field`, in `for…in` order over own keys,
 * exactly as the stock `writeAttributes`. A key whose value the stock writer cannot map
 * (undefined, null, a function, a bigint, a symbol) still goes out, with an empty value.
 */
export function writeAttributes(w: ProtoBuffer, attributes: AttributeMap, field: number): void {
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    writeKeyValue(w, field, key, attributes[key]);
  }
}

/**
 * One `KeyValue` { key = 1, value = 2 } under tag `field`. A string value, the common and
 * the large case, reserves both length prefixes from its UTF-16 length (a lower bound of
 * its UTF-8 length), so a prompt of any size is written in place and never moved.
 */
function writeKeyValue(w: ProtoBuffer, field: number, key: string, value: unknown): void {
  w.tag(field, WIRE_LEN);
  if (typeof value === 'string') {
    const valueMin = 1 + varintSize(value.length) + value.length;
    const valueReserve = varintSize(valueMin);
    const kvReserve = varintSize(2 + key.length + 1 + valueReserve + valueMin);
    const kv = w.begin(kvReserve);
    writeKeyField(w, key);
    w.tag(2, WIRE_LEN);
    const any = w.begin(valueReserve);
    w.tag(1, WIRE_LEN);
    w.string(value);
    w.end(any, valueReserve);
    w.end(kv, kvReserve);
    return;
  }
  const kv = w.begin();
  writeKeyField(w, key);
  w.tag(2, WIRE_LEN);
  const any = w.begin();
  writeAnyValue(w, value);
  w.end(any);
  w.end(kv);
}

/**
 * The body of an `AnyValue` for a JS value, with the stock mapping: string → string_value,
 * boolean → bool_value, an integer within int64 → int_value (also beyond 2^53, as stock),
 * any other number (fractions, NaN, ±Infinity) → double_value, `Uint8Array` → bytes_value,
 * array → array_value (members mapped the same way; a hole or `null` member is an empty
 * AnyValue), other non-null object → kvlist_value of its own enumerable keys, else nothing.
 */
export function writeAnyValue(w: ProtoBuffer, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, WIRE_LEN);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, WIRE_VARINT);
      w.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        w.tag(3, WIRE_VARINT);
        w.varint(value);
      } else {
        w.tag(4, WIRE_I64);
        w.double(value);
      }
      return;
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) {
        w.tag(7, WIRE_LEN);
        w.rawBytes(value);
      } else if (Array.isArray(value)) writeArrayValue(w, value);
      else writeKvlistValue(w, value as AttributeMap);
      return;
    default:
      // undefined, function, bigint, symbol: the stock writer writes an empty AnyValue.
      return;
  }
}

/** `array_value` (field 5): an `ArrayValue` { repeated AnyValue values = 1 }. */
function writeArrayValue(w: ProtoBuffer, values: readonly unknown[]): void {
  w.tag(5, WIRE_LEN);
  const array = w.begin();
  // for…of, as stock: holes are visited as undefined.
  for (const item of values) {
    w.tag(1, WIRE_LEN);
    const any = w.begin();
    writeAnyValue(w, item);
    w.end(any);
  }
  w.end(array);
}

/** `kvlist_value` (field 6): a `KeyValueList` { repeated KeyValue values = 1 }. */
function writeKvlistValue(w: ProtoBuffer, object: AttributeMap): void {
  w.tag(6, WIRE_LEN);
  const list = w.begin();
  writeAttributes(w, object, 1);
  w.end(list);
}
