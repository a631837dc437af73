/** Why a media value kept its placeholder without an upload being tried. */
export type MediaSkipReason = 'too-large' | 'over-limit' | 'timeout' | 'unsupported-type' | 'unmatched' | 'no-media-api';

/**
 * What became of the images and other binary values of the spans a `LangfuseExporter` sent:
 * uploaded, linked to media Langfuse already had, failed (the placeholder was sent instead)
 * or skipped by a limit. The span itself is delivered in every case.
 */
export interface MediaStats {
  /** Values uploaded through Langfuse's media API (bytes PUT, outcome PATCHed). */
  uploaded: number;
  /** Values Langfuse (or this process) already had: linked without an upload. */
  deduplicated: number;
  /** Values whose media request, upload or patch failed: sent as their placeholder. */
  failed: number;
  /** Values not tried, by reason: sent as their placeholder. */
  skipped: Record<MediaSkipReason, number>;
  /** Bytes uploaded. */
  bytesUploaded: number;
  /** The last failure, redacted. */
  lastError?: string;
}

/** Zeroed media counters. */
export function emptyMediaStats(): MediaStats {
  return { uploaded: 0, deduplicated: 0, failed: 0, skipped: { 'too-large': 0, 'over-limit': 0, timeout: 0, 'unsupported-type': 0, unmatched: 0, 'no-media-api': 0 }, bytesUploaded: 0 };
}
