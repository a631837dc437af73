/**
 * Handles one HTTP request the way Foglamp's `POST /ingest` is specified to: route, method,
 * size, auth, encoding, content type, JSON, envelope, then every field of every trace and
 * span. Request-level problems refuse the whole request; field problems reject the span
 * (or the trace entry) and are answered in a lower `accepted` count.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { checkFoglampBody, checkFoglampEnvelope } from './foglamp-contract-rules.js';
import type { FoglampContractViolation, ReceivedFoglampTrace } from './foglamp-received.js';

const gunzipAsync = promisify(gunzip);

/** The route Foglamp serves ingestion on. */
export const FOGLAMP_INGEST_PATH = '/ingest';

/** What the handler needs from an HTTP request. */
export interface FoglampRequestInput {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Settings of the checks. */
export interface FoglampHandlerOptions {
  /** The one key accepted in `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Larger bodies (on the wire) are answered 413; undefined means no limit. */
  maxBodyBytes?: number;
  /** True when a span was accepted in an earlier request. */
  alreadyReceived?: (traceId: string, spanId: string) => boolean;
}

/** The decoded body, best effort: what a request carried even when it was refused. */
export interface DecodedFoglampBody {
  body?: unknown;
  decompressedBytes?: number;
  traceCount: number;
  spanCount: number;
}

/** The answer and what was accepted. */
export interface FoglampHandlerOutcome extends DecodedFoglampBody {
  status: number;
  response: Record<string, unknown>;
  /** Accepted trace entries (valid spans only). */
  traces: Array<Omit<ReceivedFoglampTrace, 'requestIndex'>>;
  acceptedSpans: number;
  violations: FoglampContractViolation[];
}

/** Applies the contract to one request and says how Foglamp would answer. */
export async function handleFoglampIngestRequest(input: FoglampRequestInput, options: FoglampHandlerOptions): Promise<FoglampHandlerOutcome> {
  let decoded: DecodedFoglampBody = { traceCount: 0, spanCount: 0 };
  const refuse = (status: number, reason: string, violation?: FoglampContractViolation): FoglampHandlerOutcome => ({
    ...decoded,
    status,
    response: { error: reason },
    traces: [],
    acceptedSpans: 0,
    violations: violation ? [violation] : [],
  });
  if (input.path !== FOGLAMP_INGEST_PATH) {
    return refuse(404, `no route ${input.path}`, { field: 'path', reason: `must be ${FOGLAMP_INGEST_PATH}`, value: input.path });
  }
  if (input.method !== 'POST') return refuse(405, 'method not allowed', { field: 'method', reason: 'must be POST', value: input.method });
  if (options.maxBodyBytes !== undefined && input.body.length > options.maxBodyBytes) {
    // Not a violation: a size limit is the server's to choose, and the client's answer is to split.
    return refuse(413, `request body of ${input.body.length} bytes exceeds ${options.maxBodyBytes}`);
  }
  const auth = checkBearer(input.headers.authorization, options.apiKey);
  if (auth) return refuse(401, auth.reason, auth.violation);

  const encoding = input.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity' && encoding !== 'gzip') {
    return refuse(415, `unsupported content-encoding ${encoding}`, { field: 'content-encoding', reason: 'only gzip (optional) or none', value: encoding });
  }
  const contentType = input.headers['content-type'];
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType.trim())) {
    return refuse(415, 'content-type must be application/json', { field: 'content-type', reason: 'required: application/json', value: contentType });
  }
  decoded = await decodeFoglampBody(input);
  if (decoded.decompressedBytes === undefined) {
    return refuse(400, 'body is not valid gzip', { field: 'content-encoding', reason: 'body does not inflate as gzip' });
  }
  if (decoded.body === undefined) return refuse(400, 'body is not valid JSON', { field: 'body', reason: 'must be valid JSON' });

  const envelope = checkFoglampEnvelope(decoded.body);
  if (envelope) return refuse(envelope.status, envelope.reason, envelope.violation);
  const verdict = checkFoglampBody(decoded.body as { version: string; traces: unknown[] }, options.alreadyReceived);
  return { ...decoded, status: 200, response: { accepted: verdict.acceptedSpans }, ...verdict };
}

/**
 * Inflates (when gzipped) and parses the body without judging it, for the records of
 * refused and injected requests: a 413 test wants to see what the refused request carried.
 */
export async function decodeFoglampBody(input: FoglampRequestInput): Promise<DecodedFoglampBody> {
  let raw = input.body;
  if (input.headers['content-encoding']?.trim().toLowerCase() === 'gzip') {
    try {
      raw = await gunzipAsync(input.body);
    } catch {
      return { traceCount: 0, spanCount: 0 };
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return { decompressedBytes: raw.length, traceCount: 0, spanCount: 0 };
  }
  const traces = typeof body === 'object' && body !== null ? (body as { traces?: unknown }).traces : undefined;
  let spanCount = 0;
  if (Array.isArray(traces)) {
    for (const entry of traces) {
      const spans = typeof entry === 'object' && entry !== null ? (entry as { spans?: unknown }).spans : undefined;
      if (Array.isArray(spans)) spanCount += spans.length;
    }
  }
  return { body, decompressedBytes: raw.length, traceCount: Array.isArray(traces) ? traces.length : 0, spanCount };
}

/**
 * `Authorization: Bearer <key>`. A missing header or another scheme breaks the contract
 * (a violation); a well-formed header with the wrong key is only refused.
 */
function checkBearer(header: string | undefined, apiKey: string): { reason: string; violation?: FoglampContractViolation } | undefined {
  if (!header) return { reason: 'missing Authorization header', violation: { field: 'authorization', reason: 'required header: Bearer <key>' } };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) {
    // The value is not recorded: it is a credential.
    return { reason: 'Authorization must use the Bearer scheme', violation: { field: 'authorization', reason: 'must be "Bearer <key>"' } };
  }
  return match[1] === apiKey ? undefined : { reason: 'invalid API key' };
}
