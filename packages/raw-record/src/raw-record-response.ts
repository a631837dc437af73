/**
 * Reading the answers of `POST /api/v1/telemetry/raw`. Validation errors come back as
 * `{"success": false, "error": {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}}`
 * (seed: raw-telemetry-record-api.txt), usually with HTTP 422 or 400; the FastAPI default
 * `{"detail": [...]}` is read too, by the engine's `responseReason`, which quotes only the
 * location and message of each detail entry: `input` may echo the record's content.
 */

/** True for a 2xx body that still says `"success": false` (the record was not stored). */
export function saysUnsuccessful(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed !== null && typeof parsed === 'object' && (parsed as { success?: unknown }).success === false;
  } catch {
    return false;
  }
}
