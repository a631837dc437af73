import { dataUriMarker } from './markers.js';

/** `data:<mime>[;param=value]*;base64,` — the header is read from the first few hundred characters only. */
const BASE64_DATA_URI = /^data:([^,;]{0,100}(?:;[^,;]{1,100}){0,10};base64),/i;

/**
 * The placeholder for a base64 data URI, e.g. `<data:image/png;base64, 48213 bytes>`, where
 * the number is the decoded payload size; `undefined` when `s` is not a base64 data URI.
 * Looks only at the header and the last two characters, so it is O(1) on huge strings.
 */
export function dataUriPlaceholder(s: string): string | undefined {
  if (!s.startsWith('data:')) return undefined;
  const match = BASE64_DATA_URI.exec(s.length > 1200 ? s.slice(0, 1200) : s);
  if (match === null) return undefined;
  const header = match[1] ?? '';
  const payload = s.length - match[0].length;
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return dataUriMarker(header, Math.max(0, Math.floor((payload * 3) / 4) - padding));
}
