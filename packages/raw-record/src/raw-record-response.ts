/**
 * Reading the answers of `POST /api/v1/telemetry/raw`. Validation errors come back as
 * `{"success": false, "error": {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}}`
 * (seed: raw-telemetry-record-api.txt), usually with HTTP 422 or 400; the FastAPI default
 * `{"detail": [...]}` is read too. Only the location and message of each detail entry are
 * quoted: `input` may echo the record's content, which does not belong in a log line.
 */

/** Longest reason quoted per record in a diagnostic. */
const MAX_REASON_CHARS = 300;

/**
 * The validation detail of an error body as `loc: msg` pairs (`trace_id: string does not
 * match pattern; …`), or a short text for other bodies; the API key is blanked out.
 */
export function rejectionReason(body: string | undefined, apiKey: string | undefined): string {
  const text = (body ?? '').trim();
  let reason = text;
  try {
    reason = reasonOf(JSON.parse(text) as unknown) ?? text;
  } catch {
    // not JSON: quote the text
  }
  const cut = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
  return redact(cut || '(empty body)', apiKey);
}

/** True for a 2xx body that still says `"success": false` (the record was not stored). */
export function saysUnsuccessful(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed !== null && typeof parsed === 'object' && (parsed as { success?: unknown }).success === false;
  } catch {
    return false;
  }
}

/** `text` with every occurrence of `secret` replaced. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function reasonOf(parsed: unknown): string | undefined {
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const body = parsed as Record<string, unknown>;
  const error = body.error;
  const detail = error !== null && typeof error === 'object' ? (error as Record<string, unknown>).detail : body.detail;
  if (Array.isArray(detail)) {
    const parts = detail.map(describeDetail).filter((part): part is string => part !== undefined);
    if (parts.length > 0) return parts.join('; ');
  }
  if (typeof detail === 'string' && detail !== '') return detail;
  for (const value of [error, body.message]) {
    if (typeof value === 'string' && value !== '') return value;
    if (value !== null && typeof value === 'object') {
      const message = (value as { message?: unknown }).message;
      if (typeof message === 'string' && message !== '') return message;
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
