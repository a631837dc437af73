import { RateLimitedLogger } from '@lamplight/core/internal';
import { displayUrl, responseReason, sendBodyWithRetry, type Sender } from '@lamplight/transport';
import type { LangfuseApiClient } from '../public-api/langfuse-api-client.js';
import { MEDIA_CONTENT_TYPES, mediaToken, sha256Base64, type MediaBytes } from './media-bytes.js';
import type { MediaStats } from './media-stats.js';

const log = new RateLimitedLogger('@lamplight/langfuse');

/** Where a media value belongs in Langfuse. */
export interface MediaLink {
  traceId: string;
  observationId: string;
  field: 'input' | 'output' | 'metadata';
}

/** The answer of `POST /api/public/media`. */
interface MediaUploadAnswer {
  mediaId?: unknown;
  uploadUrl?: unknown;
}

/** The limits of one export call's media work. */
export interface MediaCallLimits {
  /** Epoch ms by which every request of the call must have ended. */
  deadline: number;
  signal?: AbortSignal;
}

/**
 * Langfuse's media flow for one value: `POST /api/public/media` (type, length, SHA-256,
 * trace, observation, field), the bytes `PUT` to the returned upload URL unless Langfuse
 * already has them, `PATCH /api/public/media/{id}` with the upload's outcome. Hashes that
 * were uploaded are remembered (a bounded cache), so the same image sent again is linked
 * to its new trace without being uploaded again. Never throws: a failure returns undefined
 * and is counted.
 */
export class MediaUploader {
  /** sha256 → mediaId of uploads Langfuse confirmed, oldest first (bounded). */
  private readonly uploaded = new Map<string, string>();
  /** Set once the host answered 404 to `POST /api/public/media`. */
  private unavailable = false;

  constructor(
    private readonly api: LangfuseApiClient,
    private readonly stats: MediaStats,
    private readonly cacheSize: number,
    private readonly send: Sender | undefined,
    private readonly timeoutMillis: number,
  ) {}

  /** The media token for `media`, or undefined (then the placeholder stays); counts the outcome. */
  async upload(media: MediaBytes, link: MediaLink, limits: MediaCallLimits): Promise<string | undefined> {
    if (this.unavailable) return this.skip('no-media-api');
    const contentType = media.contentType === 'image/jpg' ? 'image/jpeg' : media.contentType;
    if (!MEDIA_CONTENT_TYPES.has(contentType)) return this.skip('unsupported-type');
    try {
      const sha256Hash = await sha256Base64(media.bytes);
      const remaining = (): number => limits.deadline - Date.now();
      if (remaining() <= 0 || limits.signal?.aborted) return this.skip('timeout');
      const body = { traceId: link.traceId, observationId: link.observationId, field: link.field, contentType, contentLength: media.bytes.byteLength, sha256Hash };
      const answer = await this.api.request<MediaUploadAnswer>('POST', '/media', body, { deadlineMs: remaining(), signal: limits.signal });
      if (!answer.ok && answer.status === 404) {
        // A host without the media API (an older self-hosted Langfuse, a proxy that passes only OTLP): stop asking.
        this.unavailable = true;
        return this.fail(`${answer.reason} — this host has no media API; images are sent as placeholders from now on`);
      }
      if (!answer.ok) return this.fail(answer.reason);
      const mediaId = answer.body.mediaId;
      if (typeof mediaId !== 'string' || mediaId === '') return this.fail('POST /api/public/media answered without a mediaId');
      const uploadUrl = answer.body.uploadUrl;
      if (typeof uploadUrl !== 'string' || uploadUrl === '' || this.uploaded.get(sha256Hash) === mediaId) {
        // Langfuse (or this process) already has the bytes: linked, nothing uploaded.
        this.stats.deduplicated++;
        this.remember(sha256Hash, mediaId);
        return mediaToken(contentType, mediaId, media.source);
      }
      const ok = await this.put(uploadUrl, mediaId, media.bytes, contentType, sha256Hash, limits);
      if (!ok) return undefined;
      this.remember(sha256Hash, mediaId);
      this.stats.uploaded++;
      this.stats.bytesUploaded += media.bytes.byteLength;
      return mediaToken(contentType, mediaId, media.source);
    } catch (error) {
      return this.fail(`media upload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** PUTs the bytes, then PATCHes the outcome; true when both succeeded. */
  private async put(uploadUrl: string, mediaId: string, bytes: Uint8Array, contentType: string, sha256Hash: string, limits: MediaCallLimits): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(uploadUrl);
    } catch {
      return Boolean(this.fail('POST /api/public/media answered with an upload URL that is not a URL'));
    }
    const started = Date.now();
    const remaining = Math.max(1, limits.deadline - started);
    // A presigned URL: no Langfuse credentials go there, only what the signature covers.
    const { result } = await sendBodyWithRetry(
      { url, headers: { 'content-type': contentType, 'x-amz-checksum-sha256': sha256Hash, 'x-ms-blob-type': 'BlockBlob' }, timeoutMs: Math.min(this.timeoutMillis, remaining), method: 'PUT', ...(this.send ? { send: this.send } : {}) },
      bytes,
      { deadlineMs: remaining, ...(limits.signal ? { signal: limits.signal } : {}) },
    );
    const uploadTimeMs = Date.now() - started;
    const status = result.statusCode;
    const error = result.status === 'success' ? undefined : status === undefined ? result.error.message : `HTTP ${status}: ${responseReason(result.body)}`;
    const patch = { uploadedAt: new Date().toISOString(), uploadHttpStatus: status ?? 0, uploadHttpError: error ?? null, uploadTimeMs };
    const patched = await this.api.request('PATCH', `/media/${encodeURIComponent(mediaId)}`, patch, { deadlineMs: Math.max(1_000, limits.deadline - Date.now()), signal: limits.signal });
    if (error !== undefined) return Boolean(this.fail(this.api.redacted(`upload to ${displayUrl(url)} failed: ${error}`)));
    if (!patched.ok) return Boolean(this.fail(patched.reason));
    return true;
  }

  private remember(hash: string, mediaId: string): void {
    this.uploaded.delete(hash);
    this.uploaded.set(hash, mediaId);
    if (this.uploaded.size > this.cacheSize) this.uploaded.delete(this.uploaded.keys().next().value as string);
  }

  private skip(reason: keyof MediaStats['skipped']): undefined {
    this.stats.skipped[reason]++;
    return undefined;
  }

  private fail(reason: string): undefined {
    this.stats.failed++;
    this.stats.lastError = reason;
    log.warn('media', `Langfuse media upload failed (the placeholder was sent instead; see stats().media): ${reason}`);
    return undefined;
  }
}
