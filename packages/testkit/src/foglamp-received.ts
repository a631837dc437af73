/**
 * What the Foglamp receiver keeps: accepted trace entries and spans as they arrived, every
 * request it answered, and every contract violation it found. Plain data, no `node:http`,
 * so assertions can depend on these shapes alone.
 */

/** Usage counts as received (each a non-negative integer when the span was accepted). */
export type ReceivedFoglampUsage = Partial<
  Record<
    | 'inputTokens'
    | 'outputTokens'
    | 'totalTokens'
    | 'reasoningTokens'
    | 'cachedInputTokens'
    | 'cacheWriteInputTokens'
    | 'imageCount'
    | 'webSearchCount'
    | 'requestCount',
    number
  >
>;

/** A span row exactly as sent inside a trace entry. */
export interface FoglampWireSpan {
  spanId: string;
  spanType: string;
  name: string;
  startTime: number;
  endTime: number;
  parentSpanId?: string;
  status: 'ok' | 'error';
  errorMessage?: string;
  provider?: string;
  modelId?: string;
  usage?: ReceivedFoglampUsage;
  ttftMs?: number;
  input?: string;
  output?: string;
  metadata?: Record<string, string>;
}

/** An accepted span with the trace id of its entry and the request it came in. */
export interface ReceivedFoglampSpan extends FoglampWireSpan {
  /** `traceId` of the trace entry that carried the span. */
  traceId: string;
  /** Index of the request in `receiver.requests`. */
  requestIndex: number;
}

/** An accepted trace entry: the trace-level fields as sent and its accepted spans. */
export interface ReceivedFoglampTrace {
  traceId: string;
  agentName?: string;
  workflowName?: string;
  workflowRunId?: string;
  sessionId?: string;
  metadata?: Record<string, string>;
  /** The entry's spans that passed the contract checks (counted in `accepted`). */
  spans: FoglampWireSpan[];
  /** Index of the request in `receiver.requests`. */
  requestIndex: number;
}

/** One broken contract rule. */
export interface FoglampContractViolation {
  /** Trace id of the offending entry, when it has a readable one. */
  traceId?: string;
  /** Span id of the offending span, when it has a readable one. */
  spanId?: string;
  /** Where in the request: a header name, `version`, or a path like `traces[0].spans[2].usage.inputTokens`. */
  field: string;
  /** What is wrong, in words. */
  reason: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** A violation tied to the request it was found in. */
export interface FoglampViolation extends FoglampContractViolation {
  /** Index of the request in `receiver.requests`. */
  requestIndex: number;
}

/** One HTTP request as the Foglamp receiver saw and answered it. */
export interface FoglampRecordedRequest {
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
  /** Body length after gunzip; equals `bodyBytes` when not gzipped; absent when it did not inflate. */
  decompressedBytes?: number;
  /** `Content-Type` as sent. */
  contentType?: string;
  /** `Content-Encoding` as sent. */
  contentEncoding?: string;
  /** The decoded JSON body; absent when the body was not JSON. Kept for refused and injected requests too. */
  body?: unknown;
  /** Trace entries in the body (best effort, also for refused requests). */
  traceCount: number;
  /** Span rows in the body (best effort, also for refused requests). */
  spanCount: number;
  /** HTTP status the receiver answered; 0 when a `reset` fault cut the connection without an answer. */
  status: number;
  /** Response body the receiver answered. */
  responseBody: string;
  /** True when the answer came from `failNext` rather than from the contract checks. */
  injected: boolean;
  /** Spans accepted and answered as `accepted` (0 for refused and injected requests). */
  acceptedSpans: number;
  /** Contract violations found in this request. */
  violations: FoglampViolation[];
  /** When the request finished arriving (`Date.now()`). */
  receivedAt: number;
}
