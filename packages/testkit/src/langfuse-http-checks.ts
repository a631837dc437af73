/**
 * Transport-level checks of the Langfuse OTLP route: auth, content type and the ingestion
 * version header. Each check returns the exact answer Langfuse gives, or `undefined` when
 * the request passes, so the receiver can apply them in Langfuse's order.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** An HTTP answer: status and JSON body. */
export interface HttpAnswer {
  /** HTTP status code. */
  status: number;
  /** JSON body. */
  body: Record<string, unknown>;
}

/** The highest `x-langfuse-ingestion-version` Langfuse accepts. */
export const MAX_INGESTION_VERSION = 4;

/** The route Langfuse serves OTLP traces on. */
export const LANGFUSE_OTLP_TRACES_PATH = '/api/public/otel/v1/traces';

/** `Authorization` header value for a key pair: `Basic base64(publicKey:secretKey)`. */
export function basicAuthHeader(publicKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${publicKey}:${secretKey}`, 'utf8').toString('base64')}`;
}

/** Checks Basic auth against the configured key pair, answering like Langfuse on failure. */
export function checkAuthorization(headers: IncomingHttpHeaders, publicKey: string, secretKey: string): HttpAnswer | undefined {
  const header = headers.authorization;
  if (!header) return { status: 401, body: { message: 'No authorization header' } };
  const match = /^basic\s+(.+)$/i.exec(header.trim());
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== publicKey || decoded.slice(colon + 1) !== secretKey) {
    return { status: 401, body: { message: "Invalid credentials. Confirm that you've configured the correct host." } };
  }
  return undefined;
}

/** Which decoder a content type selects, or `undefined` when Langfuse refuses it. */
export type OtlpBodyFormat = 'protobuf' | 'json';

/**
 * Picks the decoder from `Content-Type`. Like Langfuse, a substring match, so parameters such
 * as `; charset=utf-8` are fine; protobuf wins when both appear.
 */
export function bodyFormatOf(contentType: string | undefined): OtlpBodyFormat | undefined {
  const lower = contentType?.toLowerCase() ?? '';
  if (lower.includes('application/x-protobuf')) return 'protobuf';
  if (lower.includes('application/json')) return 'json';
  return undefined;
}

/** The 400 Langfuse answers for a content type it cannot decode. */
export const INVALID_CONTENT_TYPE: HttpAnswer = { status: 400, body: { error: 'Invalid content type' } };

/** The 400 Langfuse answers for a `Content-Encoding: gzip` body that does not inflate. */
export const FAILED_TO_DECOMPRESS: HttpAnswer = { status: 400, body: { error: 'Failed to decompress request body' } };

/**
 * Reads a Langfuse header sent with hyphens or, as some proxies require, underscores
 * (Langfuse accepts both spellings).
 */
export function langfuseHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.replaceAll('-', '_')];
  return typeof value === 'string' ? value : undefined;
}

/** Outcome of reading `x-langfuse-ingestion-version`. */
export type IngestionVersionCheck =
  | { kind: 'missing' }
  | { kind: 'ok'; version: number }
  | { kind: 'rejected'; answer: HttpAnswer };

/**
 * Parses `x-langfuse-ingestion-version` the way Langfuse does (`parseInt`, so `"4"` and
 * `"4.0"` both read as 4): not a number or above {@link MAX_INGESTION_VERSION} is a 400.
 * An empty header counts as missing, as it does in Langfuse.
 */
export function checkIngestionVersion(headers: IncomingHttpHeaders): IngestionVersionCheck {
  const raw = langfuseHeader(headers, 'x-langfuse-ingestion-version');
  if (!raw) return { kind: 'missing' };
  const version = Number.parseInt(raw, 10);
  if (Number.isNaN(version) || version > MAX_INGESTION_VERSION) {
    return {
      kind: 'rejected',
      answer: {
        status: 400,
        body: { error: `Unsupported x-langfuse-ingestion-version: "${raw}". Maximum supported: "${MAX_INGESTION_VERSION}".` },
      },
    };
  }
  return { kind: 'ok', version };
}
