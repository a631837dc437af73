/**
 * What a receiver remembers about each HTTP request. Kept apart from the server so helpers
 * and assertions can depend on the shape without pulling in `node:http`.
 */
import type { DecodedSpan } from './decoded-span.js';
import type { ContractViolation } from './langfuse-value-rules.js';

/** A contract violation tied to the request it was found in. */
export interface RecordedViolation extends ContractViolation {
  /** Index of the request in `receiver.requests`. */
  requestIndex: number;
}

/** One HTTP request as the receiver saw and answered it. */
export interface RecordedRequest {
  /** Position in `receiver.requests` (restarts at 0 after `reset()`). */
  index: number;
  /** HTTP method. */
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Request headers, names lowercased, repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Body length on the wire (before gunzip). */
  bodyBytes: number;
  /** Body length after gunzip; equals `bodyBytes` when not gzipped; absent when not inflatable. */
  decompressedBytes?: number;
  /** `Content-Type` as sent. */
  contentType?: string;
  /** `Content-Encoding` as sent. */
  contentEncoding?: string;
  /** HTTP status the receiver answered; 0 when a `reset` fault cut the connection without an answer. */
  status: number;
  /** Response body the receiver answered. */
  responseBody: string;
  /** True when the answer came from `failNext` rather than from the contract checks. */
  injected: boolean;
  /** True when the spans were accepted (HTTP 200 from the contract checks; also under a `processed` fault). */
  accepted: boolean;
  /**
   * Spans the body carried. For accepted requests these are also in `receiver.spans()`;
   * for requests answered by `failNext` they are decoded best-effort and not accepted.
   */
  spans: DecodedSpan[];
  /** Contract violations found in this request. */
  violations: RecordedViolation[];
  /** When the request finished arriving (`Date.now()`). */
  receivedAt: number;
}

/** Flattens Node's header object into lowercase-name → string. */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** One line per request, for error messages: `#0 POST /path → 401 (0 spans)`. */
export function describeRequests(requests: readonly RecordedRequest[], limit = 20): string {
  if (requests.length === 0) return 'no requests arrived';
  const lines = requests.slice(0, limit).map((request) => {
    const spans = `${request.spans.length} span${request.spans.length === 1 ? '' : 's'}`;
    const note = request.injected ? ', injected' : request.accepted ? '' : `, ${request.responseBody.slice(0, 120)}`;
    return `#${request.index} ${request.method} ${request.path} → ${request.status} (${spans}${note})`;
  });
  if (requests.length > limit) lines.push(`… and ${requests.length - limit} more`);
  return lines.join('\n');
}
