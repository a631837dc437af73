import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { rememberJsonText } from '../content/json-text-memo.js';
import { safeStringify } from '../serialize/safe-stringify.js';

/**
 * Small typed getters over span attributes. Conventions send the same field as a
 * string, a number or JSON text; each getter accepts the forms that are unambiguous
 * and returns undefined for anything else, so a reader never yields a wrong type.
 */

/** A non-empty string value (numbers and booleans are stringified). */
export function getString(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A finite number; numeric strings are accepted. */
export function getNumber(attrs: Attributes, key: string): number | undefined {
  return toFiniteNumber(attrs[key]);
}

/** A non-negative integer count; fractional values are rounded, negatives rejected. */
export function getCount(attrs: Attributes, key: string): number | undefined {
  const n = toFiniteNumber(attrs[key]);
  if (n === undefined || n < 0) return undefined;
  return Math.round(n);
}

/** A boolean; the strings "true"/"false" are accepted. */
export function getBoolean(attrs: Attributes, key: string): boolean | undefined {
  const v = attrs[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A list of strings from a string array, a JSON array text, or a single string. */
export function getStringArray(attrs: Attributes, key: string): string[] | undefined {
  const v = attrs[key];
  if (Array.isArray(v)) {
    const out = v.filter((x): x is string => typeof x === 'string' && x.length > 0);
    return out.length > 0 ? out : undefined;
  }
  if (typeof v === 'string' && v.length > 0) {
    if (v.startsWith('[')) {
      const parsed = parseJson(v);
      if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string');
    }
    return [v];
  }
  return undefined;
}

/**
 * A structured value from an attribute the convention defines as JSON text: parsed when
 * it is valid JSON, otherwise kept as the raw string (a broken JSON text is still content).
 */
export function getJson(attrs: Attributes, key: string): unknown {
  const v = attrs[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return v;
  const parsed = parseJson(v);
  if (parsed === undefined) return v;
  rememberJsonText(parsed, v);
  return parsed;
}

/**
 * Bound on the text of one non-string value turned into a string here (a model parameter
 * or metadata value): these are labels, and the export budget cuts content further anyway.
 */
const MAX_VALUE_TEXT_BYTES = 65_536;

/**
 * A value as text for a string-valued field: a string as it is, a number, boolean or
 * BigInt as `String()` gives it, anything else (arrays, objects) as bounded JSON text.
 * Never throws — unlike `JSON.stringify`, which throws on a BigInt (or an array holding
 * one) and on cycles, values a non-conforming SDK can put in an attribute map.
 */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return safeStringify(value, { maxBytes: MAX_VALUE_TEXT_BYTES });
}

/** Parses JSON text, returning undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toFiniteNumber(v: AttributeValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
