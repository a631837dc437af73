/**
 * Reading Foglamp's answers. The vendor documents only the success body
 * (`{ "accepted": <integer> }`); error bodies are read best-effort for a diagnostic.
 */

/** Longest reason quoted from an error body in a diagnostic. */
const MAX_REASON_CHARS = 300;

/**
 * The `accepted` span count of a success body, or undefined when the body does not have a
 * non-negative integer `accepted` (then the exporter cannot compare and says so).
 */
export function acceptedCount(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const accepted = (parsed as { accepted?: unknown }).accepted;
    return typeof accepted === 'number' && Number.isSafeInteger(accepted) && accepted >= 0 ? accepted : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A short human reason from an error body: the `error`, `message`, `reason` or `detail`
 * field of a JSON body when there is one, else the text itself; cut to 300 characters,
 * with the API key blanked out in case a server echoes the request's credentials.
 */
export function reasonOf(body: string | undefined, apiKey: string): string {
  const text = (body ?? '').trim();
  let reason = text;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object') reason = pickReason(parsed as Record<string, unknown>) ?? text;
  } catch {
    // not JSON: quote the text
  }
  const cut = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
  return redact(cut || '(empty body)', apiKey);
}

/** `text` with every occurrence of `secret` replaced. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function pickReason(body: Record<string, unknown>): string | undefined {
  for (const key of ['error', 'message', 'reason', 'detail']) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
    if (value !== null && typeof value === 'object') {
      const nested = (value as { message?: unknown }).message;
      if (typeof nested === 'string' && nested !== '') return nested;
      return JSON.stringify(value);
    }
  }
  return undefined;
}
