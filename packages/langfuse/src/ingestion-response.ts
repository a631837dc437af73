/**
 * Reading the answers of `POST /api/public/ingestion`. Langfuse answers input errors with
 * HTTP 207 and `{ successes: [{id, status}], errors: [{id, status, message, error}] }`
 * rather than with a 4xx, so a 2xx is only a success for the events not listed in `errors`.
 */

/** One per-event error of a 207 answer. */
export interface IngestionEventError {
  id: string;
  status: number;
  message?: string;
  error?: unknown;
}

/** Longest reason quoted per event in a diagnostic. */
const MAX_REASON_CHARS = 300;

/**
 * The per-event errors of a 2xx answer: an empty list when the body says every event
 * succeeded, `undefined` when the body is not the documented shape (then nothing can be
 * said per event and the caller trusts the 2xx). Entries without a string id are skipped:
 * they cannot be tied to a span.
 */
export function ingestionErrors(body: string): IngestionEventError[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const errors = (parsed as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return undefined;
  const out: IngestionEventError[] = [];
  for (const entry of errors) {
    if (entry === null || typeof entry !== 'object') continue;
    const { id, status, message, error } = entry as Record<string, unknown>;
    if (typeof id !== 'string') continue;
    const item: IngestionEventError = { id, status: typeof status === 'number' && Number.isInteger(status) ? status : 400 };
    if (typeof message === 'string') item.message = message;
    if (error !== undefined) item.error = error;
    out.push(item);
  }
  return out;
}

/** `400 Invalid request data: <error detail as JSON>`, cut to 300 characters (the engine redacts it). */
export function describeEventError(error: IngestionEventError): string {
  const detail = error.error === undefined ? '' : typeof error.error === 'string' ? error.error : safeJson(error.error);
  const text = [String(error.status), error.message ?? '', detail].filter((part) => part !== '').join(' ').replace(/\s+/g, ' ');
  const cut = text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
  return cut;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
