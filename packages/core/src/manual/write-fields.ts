import type { Span } from '@opentelemetry/api';
import { isNativeDate } from './brand-checks.js';
import { LAMPLIGHT_KEYS as K } from '../attribute-keys.js';
import { metadataValue } from '../context/trace-attributes.js';
import { USAGE_COUNT_FIELDS, type CostDetails } from '../observation.js';
import { asLevel } from '../readers/lamplight-reader.js';
import { stringifyContent } from '../media/retaining-stringify.js';
import { safeStringify } from '../serialize/safe-stringify.js';
import { truncateString } from '../serialize/truncate-string.js';
import type { ObservationUpdate } from './observation-handle.js';

/** Budget for one input/output value written by the manual API. */
const MAX_CONTENT_BYTES = 1_048_576;
/** Budget for the model parameters' JSON text. */
const MAX_PARAMETERS_BYTES = 8_192;
/** Budget for a model, provider or prompt name: labels, not payloads. */
const MAX_NAME_BYTES = 1_024;
/** Budget for a status message (the export cuts it to at most this anyway). */
const MAX_STATUS_MESSAGE_BYTES = 32_768;
/**
 * Most metadata entries one `update()` writes. Each entry is one span attribute, and the
 * OTel SDK keeps 128 attributes per span by default: more would only cost time on the
 * app's thread and crowd out the observation's own fields.
 */
const MAX_METADATA_ENTRIES = 64;
/** The JavaScript Date range, ±100,000,000 days from the epoch, in milliseconds. */
const MAX_EPOCH_MS = 8.64e15;

const USAGE_KEYS = USAGE_COUNT_FIELDS;
const COST_KEYS: ReadonlyArray<keyof CostDetails> = ['input', 'output', 'total'];

type FieldWriter = (span: Span, f: ObservationUpdate, captureContent: boolean) => void;

/**
 * One writer per field. Every value is type-checked before it reaches `setAttribute`: the
 * SDK validates an array attribute element by element, so a huge (or sparse, length 2^32-2)
 * array given where a string belongs would block the app's thread, and a string given as
 * metadata would be walked character by character. Each writer runs on its own, so a value
 * whose getter throws costs only that field.
 */
const WRITERS: readonly FieldWriter[] = [
  (span, f, capture) => {
    if (capture && f.input !== undefined) span.setAttribute(K.input, stringifyContent(span, f.input, { maxBytes: MAX_CONTENT_BYTES }));
  },
  (span, f, capture) => {
    if (capture && f.output !== undefined) span.setAttribute(K.output, stringifyContent(span, f.output, { maxBytes: MAX_CONTENT_BYTES }));
  },
  (span, f) => setText(span, K.model, f.model, MAX_NAME_BYTES),
  (span, f) => setText(span, K.provider, f.provider, MAX_NAME_BYTES),
  (span, f) => {
    if (f.modelParameters !== undefined) span.setAttribute(K.modelParameters, safeStringify(f.modelParameters, { maxBytes: MAX_PARAMETERS_BYTES }));
  },
  (span, f) => {
    const level = typeof f.level === 'string' ? asLevel(f.level) : undefined;
    if (level !== undefined) span.setAttribute(K.level, level);
  },
  (span, f) => setText(span, K.statusMessage, f.statusMessage, MAX_STATUS_MESSAGE_BYTES),
  (span, f) => {
    const prompt: unknown = f.prompt;
    if (!isPlainObject(prompt)) return;
    const { name, version } = prompt as { name?: unknown; version?: unknown };
    if (typeof name !== 'string' || name.length === 0) return;
    setText(span, K.promptName, name, MAX_NAME_BYTES);
    // Langfuse needs an int64 version; 2^63 or 1e21 would travel as a double and lose the generation.
    if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 0) span.setAttribute(K.promptVersion, version);
  },
  (span, f) => {
    const time = f.completionStartTime === undefined ? undefined : toEpochMs(f.completionStartTime);
    if (time !== undefined) span.setAttribute(K.completionStartTime, time);
  },
  (span, f) => {
    const usage = knownNumbers(f.usage, USAGE_KEYS);
    for (const [key, value] of usage) span.setAttribute(K.usagePrefix + key, Math.round(value));
  },
  (span, f) => {
    for (const [key, value] of knownNumbers(f.cost, COST_KEYS)) span.setAttribute(K.costPrefix + key, value);
  },
  (span, f) => {
    const metadata: unknown = f.metadata;
    if (!isPlainObject(metadata)) return;
    let written = 0;
    for (const key in metadata) {
      if (written >= MAX_METADATA_ENTRIES) break;
      if (!Object.hasOwn(metadata, key)) continue;
      const value: unknown = (metadata as Record<string, unknown>)[key];
      if (value === undefined) continue;
      span.setAttribute(K.metadataPrefix + key, metadataValue(value));
      written++;
    }
  },
];

/**
 * Writes observation fields as span attributes, each checked and bounded (see the field
 * docs of `ObservationUpdate`); a field of the wrong type is skipped. Never throws.
 */
export function writeFields(span: Span, f: ObservationUpdate, captureContent: boolean): void {
  if (f === null || typeof f !== 'object') return;
  for (const write of WRITERS) {
    try {
      write(span, f, captureContent);
    } catch {
      // A hostile value (throwing getter, revoked Proxy) costs only its own field.
    }
  }
}

/**
 * Epoch milliseconds from a finite number or a valid Date within the Date range;
 * `undefined` (meaning "now" to the SDK) for anything else — NaN, ±Infinity, an invalid
 * Date, a time in nanoseconds, a string. The OTel SDK would keep such a time as is, and a
 * backend then drops the span or dates it 1970.
 */
export function toEpochMs(t: unknown): number | undefined {
  let ms: unknown = t;
  if (isNativeDate(t)) ms = Date.prototype.getTime.call(t);
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}

/** A string attribute cut to `maxBytes`; anything but a string is skipped. */
function setText(span: Span, key: string, value: unknown, maxBytes: number): void {
  if (typeof value === 'string') span.setAttribute(key, truncateString(value, maxBytes).value);
}

/**
 * True for `{…}` and `Object.create(null)` objects (from any realm), false for arrays,
 * class instances, Buffers, Maps, strings: only those are walked key by key.
 */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The non-negative finite numbers of `source` under `keys` (a fixed set: bounded work). */
function knownNumbers<T extends string>(source: unknown, keys: readonly T[]): Array<[T, number]> {
  if (!isPlainObject(source)) return [];
  const out: Array<[T, number]> = [];
  for (const key of keys) {
    const value: unknown = (source as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out.push([key, value]);
  }
  return out;
}
