import { MAX_QUOTED_CHARS } from './redact.js';

/**
 * A short human reason from an error body: the `error`, `message`, `reason` or `detail`
 * field of a JSON body (nested `message`s and FastAPI-style `detail: [{loc, msg}]` lists
 * read as `loc: msg`), else the text itself; cut to 300 characters. Redaction is the
 * caller's: this only picks. `input` of a validation detail is never quoted — it may echo
 * the record's content.
 */
export function responseReason(body: string | undefined): string {
  const text = (body ?? '').trim();
  let reason = text;
  try {
    reason = pick(JSON.parse(text) as unknown) ?? text;
  } catch {
    // not JSON: quote the text
  }
  return reason === '' ? '(empty body)' : reason.length > MAX_QUOTED_CHARS ? `${reason.slice(0, MAX_QUOTED_CHARS)}…` : reason;
}

function pick(parsed: unknown): string | undefined {
  if (parsed === null || typeof parsed !== 'object') return typeof parsed === 'string' && parsed !== '' ? parsed : undefined;
  const body = parsed as Record<string, unknown>;
  // `{ message: "Invalid request data", error: [...] }`: the summary, then the detail.
  const message = typeof body.message === 'string' && body.message !== '' ? body.message : undefined;
  const detail = pickField(body, ['error', 'reason', 'detail']);
  return message !== undefined && detail !== undefined ? `${message}: ${detail}` : (message ?? detail);
}

function pickField(body: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
    if (Array.isArray(value)) {
      const parts = value.map(describeDetail).filter((part): part is string => part !== undefined);
      if (parts.length > 0) return parts.join('; ');
    } else if (value !== null && typeof value === 'object') {
      const nested = pick(value);
      if (nested !== undefined) return nested;
      return safeJson(value);
    }
  }
  return undefined;
}

/** `trace_id: msg` from `{loc: ["body", "trace_id"], msg}`; the leading `body` says nothing. */
function describeDetail(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object') return typeof entry === 'string' ? entry : undefined;
  const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
  const path = Array.isArray(loc) ? loc.filter((part, i) => !(i === 0 && part === 'body')).map(String).join('.') : '';
  const message = typeof msg === 'string' ? msg : 'invalid';
  return path ? `${path}: ${message}` : message;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
