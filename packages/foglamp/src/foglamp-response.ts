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
