import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LangfuseExporter } from '../src/index.js';
import { decodeBase64, mediaBytesOf, mediaToken, parseDataUri, sha256Base64, sniffContentType } from '../src/media/media-bytes.js';

describe('media values', () => {
  it('reads a data URI: type from the header, bytes decoded; non-base64 text is not media', () => {
    const bytes = Buffer.from('GIF89a and some more bytes');
    const media = mediaBytesOf(`data:image/gif;name=x.gif;base64,${bytes.toString('base64')}`);
    expect(media?.contentType).toBe('image/gif');
    expect(Buffer.from(media!.bytes).equals(bytes)).toBe(true);
    expect(media?.source).toBe('base64_data_uri');
    expect(parseDataUri('data:text/plain,hello')).toBeUndefined();
    expect(parseDataUri('<data:image/png;base64, 12 bytes>')).toBeUndefined();
    expect(mediaBytesOf('data:image/png;base64,not base64 at all!!')).toBeUndefined();
    expect(Array.from(decodeBase64('QUJD')!)).toEqual([65, 66, 67]);
  });

  it('raw bytes: a view of the same memory, type from the signature', () => {
    const jpeg = new Uint8Array([0, 0xff, 0xd8, 0xff, 0xe0, 1]).subarray(1);
    const media = mediaBytesOf(jpeg)!;
    expect(media.contentType).toBe('image/jpeg');
    expect(media.bytes.buffer).toBe(jpeg.buffer);
    expect(media.source).toBe('bytes');
    expect(sniffContentType(new Uint8Array([1, 2, 3]))).toBe('application/octet-stream');
    expect(sniffContentType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
  });

  it('hashes as Langfuse expects (base64 SHA-256) and writes its reference token', async () => {
    const bytes = Buffer.from('hello media');
    expect(await sha256Base64(bytes)).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(mediaToken('image/png', 'abc', 'bytes')).toBe('@@@langfuseMedia:type=image/png|id=abc|source=bytes@@@');
  });

  it('a bad media option or LAMPLIGHT_LANGFUSE_MEDIA throws naming it; media: false or the variable false leaves stats without media', () => {
    const base = { publicKey: 'pk', secretKey: 'sk', baseUrl: 'http://127.0.0.1:1', env: {} };
    expect(() => new LangfuseExporter({ ...base, media: 'yes' as never })).toThrow(/option "media"/);
    expect(() => new LangfuseExporter({ ...base, media: { timeoutMillis: -1 } })).toThrow(/media\.timeoutMillis/);
    expect(new LangfuseExporter({ ...base, media: false }).stats().media).toBeUndefined();
    expect(new LangfuseExporter({ ...base, env: { LAMPLIGHT_LANGFUSE_MEDIA: 'false' } }).stats().media).toBeUndefined();
    expect(() => new LangfuseExporter({ ...base, env: { LAMPLIGHT_LANGFUSE_MEDIA: 'maybe' } })).toThrow(/LAMPLIGHT_LANGFUSE_MEDIA/);
    const exporter = new LangfuseExporter(base);
    expect(exporter.stats().media).toMatchObject({ uploaded: 0, failed: 0 });
    return exporter.shutdown();
  });
});
