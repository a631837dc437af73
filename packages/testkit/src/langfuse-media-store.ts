import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpAnswer } from './langfuse-http-checks.js';

/** Where a media record is used, as `POST /api/public/media` named it. */
export interface MediaLinkRecord {
  traceId: string;
  observationId?: string;
  field: 'input' | 'output' | 'metadata';
}

/** A media record of the stand-in: what was announced, uploaded and patched. */
export interface ReceivedMedia {
  mediaId: string;
  contentType: string;
  contentLength: number;
  sha256Hash: string;
  /** Every `POST /api/public/media` that named this file, in order. */
  links: MediaLinkRecord[];
  /** PUTs to the upload target that passed every check (the bytes are kept). */
  uploads: number;
  /** Every PUT to the upload target, with the status it was answered. */
  uploadAttempts: number[];
  /** The bytes of the last accepted upload. */
  bytes?: Buffer;
  /** Every `PATCH /api/public/media/{id}` body, in order. */
  patches: Array<{ uploadedAt: string; uploadHttpStatus: number; uploadHttpError?: string | null; uploadTimeMs?: number | null }>;
}

/** How the upload target misbehaves: answer a status, or drop the connection (`'reset'`). */
export type UploadFailure = number | 'reset';

/** Content types Langfuse's media API accepts. */
const CONTENT_TYPES = new Set([
  'image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'image/gif', 'image/svg+xml', 'image/tiff', 'image/bmp',
  'audio/mpeg', 'audio/mp3', 'audio/wav', 'audio/ogg', 'audio/oga', 'audio/aac', 'audio/mp4', 'audio/flac',
  'video/mp4', 'video/webm', 'text/plain', 'text/html', 'text/css', 'text/csv',
  'application/pdf', 'application/msword', 'application/vnd.ms-excel', 'application/zip', 'application/json', 'application/xml', 'application/octet-stream',
]);

type Problems = Array<{ path: string[]; message: string }>;
const invalid = (error: Problems): HttpAnswer => ({ status: 400, body: { message: 'Invalid request data', error } });

/**
 * The media part of the Langfuse public-API stand-in: records announced by
 * `POST /api/public/media` (answering `{ mediaId, uploadUrl }`, or `{ mediaId }` once the
 * file with that hash was uploaded), an upload target that checks content type, length and
 * SHA-256 like the presigned store does, and the outcomes `PATCH`ed afterwards.
 */
export class MediaStore {
  private readonly records = new Map<string, ReceivedMedia>();
  private readonly byHash = new Map<string, string>();
  /** While set, the upload target answers this way instead of storing. */
  uploadFailure: UploadFailure | undefined;

  constructor(private readonly uploadBase: () => string) {}

  /** Every record, in creation order. */
  all(): ReceivedMedia[] {
    return [...this.records.values()].map((r) => ({ ...r, links: [...r.links], patches: [...r.patches], uploadAttempts: [...r.uploadAttempts] }));
  }

  /** `POST /api/public/media`. */
  create(body: unknown): HttpAnswer {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalid([{ path: [], message: 'Expected object' }]);
    const b = body as Record<string, unknown>;
    const problems: Problems = [];
    const bad = (path: string, message: string): void => void problems.push({ path: [path], message });
    if (typeof b.traceId !== 'string' || b.traceId === '') bad('traceId', 'Required');
    if (b.observationId !== undefined && b.observationId !== null && typeof b.observationId !== 'string') bad('observationId', 'Expected string');
    if (typeof b.contentType !== 'string' || !CONTENT_TYPES.has(b.contentType)) bad('contentType', 'Invalid enum value');
    if (typeof b.contentLength !== 'number' || !Number.isInteger(b.contentLength) || b.contentLength <= 0) bad('contentLength', 'Expected positive integer');
    if (typeof b.sha256Hash !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(b.sha256Hash)) bad('sha256Hash', 'Expected base64 of a SHA-256 digest (44 characters)');
    if (b.field !== 'input' && b.field !== 'output' && b.field !== 'metadata') bad('field', 'Expected input, output or metadata');
    for (const key of Object.keys(b)) {
      if (!['traceId', 'observationId', 'contentType', 'contentLength', 'sha256Hash', 'field'].includes(key)) bad(key, 'Unrecognized key');
    }
    if (problems.length > 0) return invalid(problems);
    const hash = b.sha256Hash as string;
    const link: MediaLinkRecord = { traceId: b.traceId as string, field: b.field as MediaLinkRecord['field'], ...(typeof b.observationId === 'string' ? { observationId: b.observationId } : {}) };
    const known = this.byHash.get(hash);
    const existing = known === undefined ? undefined : this.records.get(known);
    if (existing !== undefined) {
      existing.links.push(link);
      if (existing.uploads > 0 && existing.contentLength === b.contentLength) return { status: 200, body: { mediaId: existing.mediaId } };
      existing.contentType = b.contentType as string;
      existing.contentLength = b.contentLength as number;
      return { status: 200, body: { mediaId: existing.mediaId, uploadUrl: this.uploadUrl(existing.mediaId) } };
    }
    const mediaId = randomUUID().replace(/-/g, '').slice(0, 22);
    this.records.set(mediaId, { mediaId, contentType: b.contentType as string, contentLength: b.contentLength as number, sha256Hash: hash, links: [link], uploads: 0, uploadAttempts: [], patches: [] });
    this.byHash.set(hash, mediaId);
    return { status: 200, body: { mediaId, uploadUrl: this.uploadUrl(mediaId) } };
  }

  /** `PUT` to the upload target: `'reset'` when the connection is to be dropped. */
  upload(mediaId: string, headers: IncomingHttpHeaders, bytes: Buffer): HttpAnswer | 'reset' {
    const record = this.records.get(mediaId);
    if (record === undefined) return { status: 404, body: { message: 'NoSuchUpload' } };
    if (this.uploadFailure === 'reset') return 'reset';
    const answer = this.checkUpload(record, headers, bytes);
    record.uploadAttempts.push(answer.status);
    if (answer.status === 200) {
      record.uploads++;
      record.bytes = bytes;
    }
    return answer;
  }

  private checkUpload(record: ReceivedMedia, headers: IncomingHttpHeaders, bytes: Buffer): HttpAnswer {
    if (typeof this.uploadFailure === 'number') return { status: this.uploadFailure, body: { message: `injected upload failure ${this.uploadFailure}` } };
    if (headers.authorization !== undefined) return { status: 400, body: { message: 'a presigned upload takes no Authorization header' } };
    if (headers['content-type'] !== record.contentType) return { status: 403, body: { message: `SignatureDoesNotMatch: content-type ${String(headers['content-type'])}, signed for ${record.contentType}` } };
    if (bytes.byteLength !== record.contentLength || Number(headers['content-length']) !== record.contentLength) {
      return { status: 400, body: { message: `content length ${bytes.byteLength}, announced ${record.contentLength}` } };
    }
    const actual = createHash('sha256').update(bytes).digest('base64');
    const claimed = headers['x-amz-checksum-sha256'];
    if (actual !== record.sha256Hash || (claimed !== undefined && claimed !== actual)) return { status: 400, body: { message: 'BadDigest: the SHA-256 of the body does not match' } };
    return { status: 200, body: {} };
  }

  /** `PATCH /api/public/media/{id}`. */
  patch(mediaId: string, body: unknown): HttpAnswer {
    const record = this.records.get(mediaId);
    if (record === undefined) return { status: 404, body: { message: 'Media not found' } };
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalid([{ path: [], message: 'Expected object' }]);
    const b = body as Record<string, unknown>;
    const problems: Problems = [];
    const bad = (path: string, message: string): void => void problems.push({ path: [path], message });
    if (typeof b.uploadedAt !== 'string' || Number.isNaN(Date.parse(b.uploadedAt)) || !b.uploadedAt.includes('T')) bad('uploadedAt', 'Expected ISO datetime');
    if (typeof b.uploadHttpStatus !== 'number' || !Number.isInteger(b.uploadHttpStatus)) bad('uploadHttpStatus', 'Expected integer');
    if (b.uploadHttpError !== undefined && b.uploadHttpError !== null && typeof b.uploadHttpError !== 'string') bad('uploadHttpError', 'Expected string or null');
    if (b.uploadTimeMs !== undefined && b.uploadTimeMs !== null && (typeof b.uploadTimeMs !== 'number' || !Number.isInteger(b.uploadTimeMs) || b.uploadTimeMs < 0)) bad('uploadTimeMs', 'Expected non-negative integer');
    if (problems.length > 0) return invalid(problems);
    record.patches.push(b as ReceivedMedia['patches'][number]);
    return { status: 200, body: {} };
  }

  /** `GET /api/public/media/{id}`. */
  get(mediaId: string): HttpAnswer {
    const record = this.records.get(mediaId);
    if (record === undefined) return { status: 404, body: { message: 'Media not found' } };
    const last = record.patches.at(-1);
    return {
      status: 200,
      body: {
        mediaId,
        contentType: record.contentType,
        contentLength: record.contentLength,
        uploadedAt: last?.uploadedAt ?? null,
        url: `${this.uploadBase()}/download/${mediaId}`,
        urlExpiry: new Date(Date.now() + 3_600_000).toISOString(),
      },
    };
  }

  /** The presigned-style URL the bytes go to (same server, no Langfuse auth). */
  private uploadUrl(mediaId: string): string {
    return `${this.uploadBase()}/upload/${mediaId}?X-Amz-Signature=${randomUUID().replace(/-/g, '')}`;
  }
}
