import type { HrTime } from '@opentelemetry/api';

/** 32 hex digits, any case: an OTel trace id. */
const HEX_TRACE_ID = /^[0-9a-f]{32}$/i;
/** A UUID in its 8-4-4-4-12 form, any case and any version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 16 hex digits, any case: an OTel span id. */
const HEX_SPAN_ID = /^[0-9a-f]{16}$/i;

/**
 * A trace id as 32 lowercase hex digits, from either an OTel trace id (32 hex, any case)
 * or a UUID (`1c563dcf-980b-449a-bb0d-cbeaf1784e81`: dashes removed, lowercased); the two
 * are the same 128 bits. Undefined for anything else, including the all-zero id, which
 * OTel treats as invalid.
 */
export function normalizeTraceId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  let hex: string;
  if (HEX_TRACE_ID.test(trimmed)) hex = trimmed.toLowerCase();
  else if (UUID.test(trimmed)) hex = trimmed.replaceAll('-', '').toLowerCase();
  else return undefined;
  return /^0+$/.test(hex) ? undefined : hex;
}

/** The UUID spelling (8-4-4-4-12, lowercase) of a trace id given as 32 hex digits or a UUID; undefined when invalid. */
export function traceIdToUuid(value: unknown): string | undefined {
  const hex = normalizeTraceId(value);
  if (hex === undefined) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A span id as 16 lowercase hex digits, or undefined (also for the all-zero id). */
export function normalizeSpanId(value: unknown): string | undefined {
  if (typeof value !== 'string' || !HEX_SPAN_ID.test(value)) return undefined;
  return /^0+$/.test(value) ? undefined : value.toLowerCase();
}

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MS = 1_000_000n;

/**
 * Exact nanoseconds since the epoch of an OTel `HrTime` (`[seconds, nanos]`), as a BigInt:
 * about 1.7e18 today, beyond 2^53, so a JS number would lose the last digits.
 * Undefined when the value is not a well-formed non-negative `HrTime`.
 */
export function unixNanoFromHrTime(time: unknown): bigint | undefined {
  if (!Array.isArray(time) || time.length !== 2) return undefined;
  const [seconds, nanos] = time as HrTime;
  if (!Number.isSafeInteger(seconds) || !Number.isSafeInteger(nanos) || seconds < 0 || nanos < 0 || nanos >= 1e9) return undefined;
  return BigInt(seconds) * NANOS_PER_SECOND + BigInt(nanos);
}

/**
 * Nanoseconds since the epoch of a (fractional) epoch-millisecond time. The whole
 * milliseconds convert exactly; the fraction is rounded to the nanosecond, so this is as
 * exact as the double it starts from (use {@link unixNanoFromHrTime} when the span's
 * `HrTime` is at hand). Undefined for a non-finite or negative time.
 */
export function unixNanoFromMs(ms: unknown): bigint | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
  const whole = Math.floor(ms);
  const fraction = Math.round((ms - whole) * 1e6);
  return BigInt(whole) * NANOS_PER_MS + BigInt(fraction);
}
