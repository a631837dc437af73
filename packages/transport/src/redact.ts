import { scrubSecrets } from '@lamplight/core/internal';

/** Longest text of a server's answer quoted in a diagnostic. */
export const MAX_QUOTED_CHARS = 300;

/** `scheme://user:password@host` → `scheme://[redacted]@host`: userinfo is a credential. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/@]{1,256}@/gi;

/** A function that makes a text safe for a log line or `stats().lastError`. */
export type Redactor = (text: string) => string;

/**
 * A redactor for one exporter: replaces the exporter's own credentials wherever they occur
 * (a server may echo request headers into its answer), the userinfo of any URL, and
 * anything secret-shaped (core's scrubber); then cuts the text to `maxChars`.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>, maxChars = 2000): Redactor {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return (text: string): string => {
    let out = String(text);
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    out = scrubSecrets(out.replace(URL_USERINFO, '$1[redacted]@'));
    return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
  };
}

/** A URL for display: without userinfo, query or fragment (any of them may hold a credential). */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
