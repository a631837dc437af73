/**
 * The rules of the raw telemetry record (`POST /api/v1/telemetry/raw`; seed
 * shared/seeds/raw-telemetry-record-api.txt), checked on the raw JSON text. Written
 * independently of the exporter's renderer on purpose: a receiver sharing its code would
 * agree with its bugs.
 */

/** One validation detail, in the API's `{loc, msg, type, input}` shape. */
export interface RawRecordDetail {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
}

/** The verdict on one request body. */
export interface RawRecordCheck {
  /** The parsed record (its nanosecond numbers are imprecise: use the `…UnixNano` strings). */
  record?: Record<string, unknown>;
  /** Exact digits of `start_time_unix_nano` as sent, when it was an integer. */
  startTimeUnixNano?: string;
  /** Exact digits of `end_time_unix_nano` as sent, when it was an integer. */
  endTimeUnixNano?: string;
  /** Details that make the API answer 422. */
  errors: RawRecordDetail[];
  /** Findings the API accepts but that lose or garble data (recorded as violations only). */
  warnings: RawRecordDetail[];
}

/** Levels of the record. */
export const RAW_RECORD_LEVELS: readonly string[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
/** 32 hex digits (an OTel trace id) or a UUID, any case. */
export const RAW_TRACE_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** 16 hex digits. */
export const RAW_SPAN_ID = /^[0-9a-f]{16}$/i;

const FIELDS = new Set([
  'user_id', 'session_id', 'trace_id', 'trace_name', 'span_id', 'span_name', 'start_time_unix_nano', 'end_time_unix_nano',
  'input', 'output', 'level', 'error', 'status_message', 'extra',
]);
const NULLABLE_STRINGS = ['user_id', 'session_id', 'input', 'output', 'status_message'];
const NANO_FIELDS = ['start_time_unix_nano', 'end_time_unix_nano'] as const;
/**
 * Plausible epoch nanoseconds: 2000-01-01 to 2100-01-01. Milliseconds (≈1.7e12) and
 * microseconds (≈1.7e15) fall outside, which is the unit mistake worth catching.
 */
const MIN_NANOS = 946_684_800_000_000_000n;
const MAX_NANOS = 4_102_444_800_000_000_000n;

/** Checks a request body given as text. */
export function checkRawRecordText(text: string): RawRecordCheck {
  const errors: RawRecordDetail[] = [];
  const warnings: RawRecordDetail[] = [];
  const fail = (loc: Array<string | number>, msg: string, type: string, input?: unknown): void => {
    errors.push({ loc: ['body', ...loc], msg, type, ...(input === undefined ? {} : { input }) });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail([], `JSON decode error: ${(error as Error).message}`, 'json_invalid');
    return { errors, warnings };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail([], 'Input should be a valid dictionary or object', 'model_attributes_type', parsed);
    return { errors, warnings };
  }
  const record = parsed as Record<string, unknown>;
  const result: RawRecordCheck = { record, errors, warnings };
  for (const key of Object.keys(record)) {
    if (!FIELDS.has(key)) warnings.push({ loc: ['body', key], msg: 'unknown field: ignored by the API', type: 'extra_ignored' });
  }
  for (const field of NULLABLE_STRINGS) {
    const value = record[field];
    if (value !== undefined && value !== null && typeof value !== 'string') fail([field], 'Input should be a valid string', 'string_type', value);
  }
  for (const field of ['trace_name', 'span_name']) {
    const value = record[field];
    if (value !== undefined && typeof value !== 'string') fail([field], 'Input should be a valid string', 'string_type', value);
  }
  const traceId = record.trace_id;
  if (traceId !== undefined && traceId !== null && (typeof traceId !== 'string' || !RAW_TRACE_ID.test(traceId))) {
    fail(['trace_id'], 'trace_id must be 32 hex characters or a UUID', 'value_error', traceId);
  }
  const spanId = record.span_id;
  if (spanId !== undefined && spanId !== null && (typeof spanId !== 'string' || !RAW_SPAN_ID.test(spanId))) {
    fail(['span_id'], 'span_id must be 16 hex characters', 'value_error', spanId);
  }
  if (record.level !== undefined && !RAW_RECORD_LEVELS.includes(record.level as string)) {
    fail(['level'], `Input should be ${RAW_RECORD_LEVELS.map((l) => `'${l}'`).join(', ')}`, 'enum', record.level);
  }
  if (record.error !== undefined && typeof record.error !== 'boolean') fail(['error'], 'Input should be a valid boolean', 'bool_type', record.error);
  const extra = record.extra;
  if (extra !== undefined && (extra === null || typeof extra !== 'object' || Array.isArray(extra))) {
    fail(['extra'], 'Input should be a valid dictionary', 'dict_type', extra);
  }
  const tokens = topLevelNumberTokens(text, NANO_FIELDS);
  for (const field of NANO_FIELDS) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    const token = tokens.get(field);
    if (typeof value !== 'number' || token === undefined || !/^(?:0|[1-9]\d*)$/.test(token)) {
      fail([field], 'Input should be a valid non-negative integer (digits only, no fraction or exponent)', 'int_type', token ?? value);
      continue;
    }
    const nanos = BigInt(token);
    if (nanos < MIN_NANOS || nanos > MAX_NANOS) {
      fail([field], 'not plausible nanoseconds since the epoch (milliseconds or microseconds?)', 'value_error', token);
      continue;
    }
    if (field === 'start_time_unix_nano') result.startTimeUnixNano = token;
    else result.endTimeUnixNano = token;
  }
  if (result.startTimeUnixNano !== undefined && result.endTimeUnixNano !== undefined && BigInt(result.endTimeUnixNano) < BigInt(result.startTimeUnixNano)) {
    warnings.push({ loc: ['body', 'end_time_unix_nano'], msg: 'ends before it starts', type: 'value_order', input: result.endTimeUnixNano });
  }
  return result;
}

/**
 * The source text of each number value of a top-level key: the exact digits sent, which
 * `JSON.parse` loses above 2^53. Expects valid JSON (parse it first); keys of nested
 * objects (`extra` may hold the same names) are not top-level and are skipped.
 */
export function topLevelNumberTokens(text: string, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const atTop = depth === 1;
      const literal = text.slice(i, end + 1);
      i = end + 1;
      if (!atTop) continue;
      let j = skipSpace(text, i);
      if (text[j] !== ':') continue;
      j = skipSpace(text, j + 1);
      const key = JSON.parse(literal) as string;
      if (!keys.includes(key) || !/[-0-9]/.test(text[j] ?? '')) continue;
      let k = j;
      while (k < text.length && /[-+0-9.eE]/.test(text[k] as string)) k++;
      out.set(key, text.slice(j, k));
      i = k;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
  }
  return out;
}

/** Index of the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}
