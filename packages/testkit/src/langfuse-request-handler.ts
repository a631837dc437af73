/**
 * Handles one HTTP request the way Langfuse's `POST /api/public/otel/v1/traces` does, in
 * the same order (route, method, auth, gunzip, content type, parse, empty batch, ingestion
 * version, span ids), so a test sees the same first error Langfuse would report. Then
 * applies the contract's value rules, which Langfuse itself never reports.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { DecodedSpan } from './decoded-span.js';
import { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError, type DecodedTraceRequest } from './decode-otlp.js';
import {
  bodyFormatOf,
  checkAuthorization,
  checkIngestionVersion,
  FAILED_TO_DECOMPRESS,
  INVALID_CONTENT_TYPE,
  LANGFUSE_OTLP_TRACES_PATH,
  MAX_INGESTION_VERSION,
  type HttpAnswer,
} from './langfuse-http-checks.js';
import { checkLangfuseSpan, type ContractViolation } from './langfuse-value-rules.js';

const gunzipAsync = promisify(gunzip);

/** Reason recorded for a request without `x-langfuse-ingestion-version`. */
export const MISSING_INGESTION_VERSION_REASON = 'missing x-langfuse-ingestion-version: data would be delayed';

/** The parts of an HTTP request the handler needs. */
export interface TraceRequestInput {
  /** HTTP method. */
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Request headers (Node lowercases the names). */
  headers: IncomingHttpHeaders;
  /** Raw body bytes as received. */
  body: Buffer;
}

/** What the handler answered and what it learned. */
export interface TraceRequestOutcome extends HttpAnswer {
  /** Body length after gunzip (equals the raw length when not gzipped); absent if gunzip failed. */
  decompressedBytes?: number;
  /** Spans accepted with this request (empty unless the status is 200). */
  spans: DecodedSpan[];
  /** Contract violations found in an accepted request. */
  violations: ContractViolation[];
}

/** Key pair the receiver accepts. */
export interface ReceiverKeys {
  /** Accepted public key. */
  publicKey: string;
  /** Accepted secret key. */
  secretKey: string;
}

function refuse(answer: HttpAnswer, decompressedBytes?: number): TraceRequestOutcome {
  return { ...answer, decompressedBytes, spans: [], violations: [] };
}

async function inflate(headers: IncomingHttpHeaders, body: Buffer): Promise<Buffer | undefined> {
  // Like Langfuse: any encoding mentioning gzip is inflated; other encodings are passed on
  // untouched and then fail to parse, which is what a misconfigured exporter would see.
  if (!headers['content-encoding']?.toLowerCase().includes('gzip')) return body;
  try {
    return await gunzipAsync(body);
  } catch {
    return undefined;
  }
}

function decode(format: 'protobuf' | 'json', body: Buffer): DecodedTraceRequest {
  return format === 'protobuf' ? decodeOtlpProtobuf(body) : decodeOtlpJson(body);
}

function versionViolations(headers: IncomingHttpHeaders): ContractViolation[] {
  const check = checkIngestionVersion(headers);
  if (check.kind === 'missing') return [{ attribute: 'x-langfuse-ingestion-version', reason: MISSING_INGESTION_VERSION_REASON }];
  if (check.kind === 'ok' && check.version < MAX_INGESTION_VERSION) {
    return [{
      attribute: 'x-langfuse-ingestion-version',
      reason: `x-langfuse-ingestion-version ${check.version} is below ${MAX_INGESTION_VERSION}: data would be delayed`,
      value: check.version,
    }];
  }
  return [];
}

/** Runs Langfuse's checks on one request and decodes it; never throws for bad input. */
export async function handleLangfuseTraceRequest(input: TraceRequestInput, keys: ReceiverKeys): Promise<TraceRequestOutcome> {
  if (input.path !== LANGFUSE_OTLP_TRACES_PATH) return refuse({ status: 404, body: { message: 'Not found' } });
  if (input.method !== 'POST') return refuse({ status: 405, body: { message: 'Method not allowed' } });
  const authFailure = checkAuthorization(input.headers, keys.publicKey, keys.secretKey);
  if (authFailure) return refuse(authFailure);

  const body = await inflate(input.headers, input.body);
  if (!body) return refuse(FAILED_TO_DECOMPRESS);
  const format = bodyFormatOf(input.headers['content-type']);
  if (!format) return refuse(INVALID_CONTENT_TYPE, body.length);

  let decoded: DecodedTraceRequest | undefined;
  let idError: OtlpDecodeError | undefined;
  try {
    decoded = decode(format, body);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    if (error.kind === 'parse') return refuse({ status: 400, body: { error: error.message } }, body.length);
    // Langfuse checks the ingestion version before it looks at span ids, so hold this back.
    idError = error;
  }
  // An empty batch is answered before the version header is even read.
  if (decoded && decoded.resourceSpansCount === 0) return refuse({ status: 200, body: {} }, body.length);

  const version = checkIngestionVersion(input.headers);
  if (version.kind === 'rejected') return refuse(version.answer, body.length);
  if (idError || !decoded) {
    return refuse({ status: 400, body: { error: `Invalid span id: ${idError?.message ?? 'unknown'}` } }, body.length);
  }

  const violations: ContractViolation[] = [...versionViolations(input.headers)];
  for (const problem of decoded.problems) {
    const { field, ...where } = problem;
    violations.push({ ...where, attribute: field });
  }
  for (const span of decoded.spans) violations.push(...checkLangfuseSpan(span));
  return { status: 200, body: {}, decompressedBytes: body.length, spans: decoded.spans, violations };
}

/**
 * Decodes a request without judging it, for requests answered by a scripted fault: tests
 * of retry and 413 splitting want to see what the refused request carried.
 */
export async function decodeWithoutChecks(input: TraceRequestInput): Promise<{ spans: DecodedSpan[]; decompressedBytes?: number }> {
  const body = await inflate(input.headers, input.body);
  if (!body) return { spans: [] };
  const format = bodyFormatOf(input.headers['content-type']);
  if (!format) return { spans: [], decompressedBytes: body.length };
  try {
    return { spans: decode(format, body).spans, decompressedBytes: body.length };
  } catch {
    return { spans: [], decompressedBytes: body.length };
  }
}
