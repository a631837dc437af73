import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLangfusePublicApi, type LangfusePublicApi } from '../src/index.js';

let api: LangfusePublicApi;
beforeEach(async () => {
  api = await startLangfusePublicApi();
});
afterEach(async () => {
  await api.close();
});

const auth = (): string => `Basic ${Buffer.from(`${api.publicKey}:${api.secretKey}`).toString('base64')}`;
const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: auth() }) => {
  const res = await fetch(api.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
};
const bytes = Buffer.from('image bytes of a tiny picture');
const hash = createHash('sha256').update(bytes).digest('base64');
const announce = (extra: Record<string, unknown> = {}) =>
  call('POST', '/api/public/media', { traceId: 't'.repeat(32), observationId: 'o'.repeat(16), field: 'input', contentType: 'image/png', contentLength: bytes.byteLength, sha256Hash: hash, ...extra });
const put = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png', 'x-amz-checksum-sha256': hash, ...headers } });

describe('public-API stand-in: media routes', () => {
  it('announce → upload → patch → read back; a known hash gets no upload URL', async () => {
    const first = await announce();
    expect(first.status).toBe(200);
    const { mediaId, uploadUrl } = first.body as { mediaId: string; uploadUrl: string };
    expect(uploadUrl).toMatch(new RegExp(`^${api.url}/upload/${mediaId}\\?`));
    expect((await put(uploadUrl, bytes)).status).toBe(200);
    const patch = { uploadedAt: new Date().toISOString(), uploadHttpStatus: 200, uploadHttpError: null, uploadTimeMs: 3 };
    expect((await call('PATCH', `/api/public/media/${mediaId}`, patch)).status).toBe(200);
    expect(await call('GET', `/api/public/media/${mediaId}`)).toMatchObject({ status: 200, body: { mediaId, contentType: 'image/png', contentLength: bytes.byteLength, uploadedAt: patch.uploadedAt } });
    const again = await announce({ field: 'output' });
    expect(again.body).toEqual({ mediaId });
    const [record] = api.media();
    expect(record).toMatchObject({ uploads: 1, patches: [patch], links: [{ field: 'input' }, { field: 'output' }] });
    expect(record!.bytes?.equals(bytes)).toBe(true);
  });

  it('is strict: bad announcements, uploads and patches are refused as the API and the store refuse them', async () => {
    expect((await call('POST', '/api/public/media', {}, {})).status).toBe(401);
    const bad = await announce({ contentType: 'image/unknown', sha256Hash: 'abc', contentLength: 0, field: 'body', extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body!.error as Array<{ path: string[] }>).map((e) => e.path[0]).sort()).toEqual(['contentLength', 'contentType', 'extra', 'field', 'sha256Hash']);
    const { uploadUrl, mediaId } = (await announce()).body as { mediaId: string; uploadUrl: string };
    expect((await put(uploadUrl, Buffer.from('other bytes of the same length!'.slice(0, bytes.byteLength)))).status).toBe(400);
    expect((await put(uploadUrl, bytes, { 'content-type': 'image/jpeg' })).status).toBe(403);
    expect((await put(uploadUrl, bytes, { authorization: auth() })).status).toBe(400);
    expect((await put(`${api.url}/upload/nope`, bytes)).status).toBe(404);
    expect((await call('PATCH', `/api/public/media/${mediaId}`, { uploadedAt: 'yesterday', uploadHttpStatus: '200' })).status).toBe(400);
    expect((await call('PATCH', '/api/public/media/nope', { uploadedAt: new Date().toISOString(), uploadHttpStatus: 200 })).status).toBe(404);
    expect((await call('GET', '/api/public/media/nope')).status).toBe(404);
    expect(api.media()[0]).toMatchObject({ uploads: 0, uploadAttempts: [400, 403, 400], patches: [] });
  });

  it('failUploads: the upload target answers the status, or drops the connection, until healed', async () => {
    const { uploadUrl } = (await announce()).body as { uploadUrl: string };
    api.failUploads(503);
    expect((await put(uploadUrl, bytes)).status).toBe(503);
    api.failUploads('reset');
    await expect(put(uploadUrl, bytes)).rejects.toThrow();
    api.failUploads(false);
    expect((await put(uploadUrl, bytes)).status).toBe(200);
    expect(api.media()[0]).toMatchObject({ uploads: 1, uploadAttempts: [503, 200] });
  });
});
