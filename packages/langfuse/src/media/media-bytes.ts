/**
 * The bytes, content type and hash of one media value, read without Node-only APIs where a
 * Web API exists (`crypto.subtle`, `atob`), so the media flow also runs on edge runtimes.
 */

/** How Langfuse's media reference names where the bytes came from. */
export type MediaSource = 'base64_data_uri' | 'bytes';

/** A media value ready to upload. */
export interface MediaBytes {
  contentType: string;
  bytes: Uint8Array;
  source: MediaSource;
}

/** `data:<type>[;param]*;base64,<payload>`: only the header is matched (the payload can be megabytes). */
const DATA_URI_HEADER = /^data:([a-z0-9.+-]{1,100}\/[a-z0-9.+-]{1,100})((?:;[^,;]{1,100}){0,10});base64,/i;

/** The content type and payload offset of a base64 data URI; undefined for any other string. */
export function parseDataUri(s: string): { contentType: string; payloadStart: number } | undefined {
  if (!s.startsWith('data:')) return undefined;
  const match = DATA_URI_HEADER.exec(s.length > 1200 ? s.slice(0, 1200) : s);
  if (match === null) return undefined;
  return { contentType: (match[1] as string).toLowerCase(), payloadStart: match[0].length };
}

type BufferLike = { from(s: string, encoding: 'base64'): Uint8Array };

/** Decodes base64 (Node's `Buffer` when present: one native pass; else `atob`). Undefined when not base64. */
export function decodeBase64(payload: string): Uint8Array | undefined {
  if (payload.length % 4 === 1) return undefined;
  const nodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (nodeBuffer !== undefined) {
    // Node skips characters outside the alphabet: a short result means the text was not base64
    // (checked this way rather than by a regular expression over megabytes of text).
    const bytes = nodeBuffer.from(payload, 'base64');
    const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
    return bytes.byteLength === Math.floor((payload.length * 3) / 4) - padding ? bytes : undefined;
  }
  try {
    const binary = atob(payload);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/** The decoded size of a value without decoding it (0 when it is not media). */
export function estimatedBytes(source: string | ArrayBufferView | ArrayBuffer): number {
  if (typeof source !== 'string') return source.byteLength;
  const uri = parseDataUri(source);
  return uri === undefined ? 0 : Math.floor(((source.length - uri.payloadStart) * 3) / 4);
}

/** The bytes of a replaced or inline value, or undefined when it cannot be read as media. */
export function mediaBytesOf(source: string | ArrayBufferView | ArrayBuffer): MediaBytes | undefined {
  if (typeof source === 'string') {
    const uri = parseDataUri(source);
    if (uri === undefined) return undefined;
    const bytes = decodeBase64(source.slice(uri.payloadStart));
    return bytes === undefined ? undefined : { contentType: uri.contentType, bytes, source: 'base64_data_uri' };
  }
  const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return { contentType: sniffContentType(bytes), bytes, source: 'bytes' };
}

/** The type of raw bytes from their first bytes (the common image, audio and document formats). */
export function sniffContentType(b: Uint8Array): string {
  const at = (i: number, ...xs: number[]): boolean => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x41, 0x56, 0x45)) return 'audio/wav';
  if (at(0, 0x25, 0x50, 0x44, 0x46)) return 'application/pdf';
  if (at(0, 0x49, 0x44, 0x33) || at(0, 0xff, 0xfb)) return 'audio/mpeg';
  if (at(0, 0x4f, 0x67, 0x67, 0x53)) return 'audio/ogg';
  if (at(4, 0x66, 0x74, 0x79, 0x70)) return 'video/mp4';
  return 'application/octet-stream';
}

/** Base64 of the SHA-256 of `bytes`, as Langfuse's media API expects it (Web Crypto, off the event loop in Node). */
export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Langfuse's media reference, which its UI resolves to the uploaded file. */
export function mediaToken(contentType: string, mediaId: string, source: MediaSource): string {
  return `@@@langfuseMedia:type=${contentType}|id=${mediaId}|source=${source}@@@`;
}

/**
 * Content types Langfuse's media API accepts (its `MediaContentType`); anything else is
 * refused with 400, so it is not asked for.
 */
export const MEDIA_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'image/gif', 'image/svg+xml', 'image/tiff', 'image/bmp',
  'audio/mpeg', 'audio/mp3', 'audio/wav', 'audio/ogg', 'audio/oga', 'audio/aac', 'audio/mp4', 'audio/flac',
  'video/mp4', 'video/webm',
  'text/plain', 'text/html', 'text/css', 'text/csv',
  'application/pdf', 'application/msword', 'application/vnd.ms-excel', 'application/zip', 'application/json', 'application/xml', 'application/octet-stream',
]);
