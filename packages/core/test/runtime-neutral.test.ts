import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isNativeDate, isNativePromise } from '../src/manual/brand-checks.js';
import { base64Ascii, concatBytes, randomUuid, utf8ByteLength, utf8Encode } from '../src/internal.js';

describe('runtime-neutral helpers (no node: module, no Buffer)', () => {
  it('isNativePromise: real promises of any realm; thenables and look-alikes are not', () => {
    expect(isNativePromise(Promise.resolve(1))).toBe(true);
    expect(isNativePromise(runInNewContext('Promise.resolve(1)'))).toBe(true);
    let thenCalled = false;
    const thenable = { then: () => (thenCalled = true) };
    expect(isNativePromise(thenable)).toBe(false);
    expect(thenCalled).toBe(false);
    expect(isNativePromise(undefined)).toBe(false);
  });

  it('isNativeDate: real Dates (any realm) by their internal slot; look-alikes and proxies are not', () => {
    expect(isNativeDate(new Date(0))).toBe(true);
    expect(isNativeDate(runInNewContext('new Date(0)'))).toBe(true);
    expect(isNativeDate(Object.create(Date.prototype))).toBe(false);
    expect(isNativeDate(new Proxy(new Date(0), {}))).toBe(false);
    expect(isNativeDate(0)).toBe(false);
  });

  it('UTF-8 bytes, lengths and concatenation match Buffer, lone surrogates included', () => {
    for (const s of ['', 'plain', 'héllo wörld', '🙂 emoji', 'lone \uD800 surrogate', 'x'.repeat(100) + '€']) {
      expect(utf8Encode(s)).toEqual(new Uint8Array(Buffer.from(s, 'utf8')));
      expect(utf8ByteLength(s)).toBe(Buffer.byteLength(s));
    }
    const parts = [utf8Encode('ab'), new Uint8Array(), utf8Encode('cdé')];
    expect(concatBytes(parts)).toEqual(new Uint8Array(Buffer.concat(parts)));
  });

  it('base64 of Basic credentials and UUIDs come from Web APIs', () => {
    expect(base64Ascii('pk-lf-1:sk-lf-1')).toBe(Buffer.from('pk-lf-1:sk-lf-1').toString('base64'));
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
