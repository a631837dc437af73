let encoder: InstanceType<typeof TextEncoder> | undefined;

/** UTF-8 bytes of `s` (lone surrogates become U+FFFD), through the Web `TextEncoder`: no `Buffer` needed. */
export function utf8Encode(s: string): Uint8Array {
  encoder ??= new TextEncoder();
  return encoder.encode(s);
}

/** One array holding `parts` in order (what `Buffer.concat` does, on plain `Uint8Array`s). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * Base64 of an ASCII string (HTTP Basic credentials, which the config resolver already
 * limits to visible ASCII), through `btoa`, which every runtime has.
 */
export function base64Ascii(s: string): string {
  return btoa(s);
}
