/**
 * The public shape of the raw record receiver and what it keeps, apart from the server, so
 * assertions can depend on it without pulling in `node:http`.
 */
import type { FailNextOptions } from './fault-queue.js';
import type { RawRecordDetail } from './raw-record-rules.js';

/** An accepted record. */
export interface ReceivedRawRecord {
  /** The parsed record. Its nanosecond numbers are imprecise above 2^53: use the strings below. */
  record: Record<string, unknown>;
  /** Exact digits of `start_time_unix_nano` as sent. */
  startTimeUnixNano?: string;
  /** Exact digits of `end_time_unix_nano` as sent. */
  endTimeUnixNano?: string;
  /** The request body as sent. */
  text: string;
  /** Index of the request in `receiver.requests`. */
  requestIndex: number;
}

/** A finding tied to its request. */
export interface RawRecordViolation extends RawRecordDetail {
  requestIndex: number;
  /** `error`: answered 422; `silent`: accepted, but data is lost or wrong. */
  severity: 'error' | 'silent';
}

/** One HTTP request as the receiver saw and answered it. */
export interface RawRecordRecordedRequest {
  index: number;
  method: string;
  path: string;
  /** Request headers, names lowercased. */
  headers: Record<string, string>;
  bodyBytes: number;
  /** The body as text. */
  text: string;
  status: number;
  responseBody: string;
  /** True when the answer came from `failNext` or `failRecords`. */
  injected: boolean;
  accepted: boolean;
  violations: RawRecordViolation[];
  receivedAt: number;
}

/** Options of `startRawRecordReceiver`. */
export interface RawRecordReceiverOptions {
  /** Port; default 0 (any free port). */
  port?: number;
  /** Interface; default `127.0.0.1`. */
  host?: string;
  /** When set, `X-API-Key` must equal it (401 otherwise); when unset, the header is optional, as in the seed. */
  apiKey?: string;
}

/** What `failRecords` answers for a matching record. */
export interface FailRecordsOptions {
  /** Default 422. */
  status?: number;
  /** The validation detail to answer; default one `value_error` on `trace_id`. */
  detail?: RawRecordDetail[];
  /** Fail at most this many records; default unlimited. */
  count?: number;
}

/** Options of the `waitFor…` helpers. */
export interface RawRecordWaitOptions {
  /** Give up after this many ms; default 5000. */
  timeoutMs?: number;
}

/** A running receiver. Create with `startRawRecordReceiver`; always `close()` it. */
export interface RawRecordReceiver {
  /** Base URL (what `LAMPLIGHT_RAW_RECORD_BASE_URL` should be). */
  readonly url: string;
  /** `${url}/api/v1/telemetry/raw`. */
  readonly recordUrl: string;
  readonly port: number;
  /** The required key, when one was configured. */
  readonly apiKey: string | undefined;
  /** Every request since start or `reset()`. */
  readonly requests: readonly RawRecordRecordedRequest[];
  /** Accepted records, in arrival order. */
  records(): ReceivedRawRecord[];
  /** Accepted records of one trace (`trace_id` compared as 32 lowercase hex, UUIDs converted). */
  trace(traceId: string): ReceivedRawRecord[];
  /** Every finding, in arrival order. */
  violations(): RawRecordViolation[];
  waitForRecords(count: number, options?: RawRecordWaitOptions): Promise<ReceivedRawRecord[]>;
  waitForRequests(count: number, options?: RawRecordWaitOptions): Promise<RawRecordRecordedRequest[]>;
  /** Scripts whole-request answers (401, 429 with Retry-After, 503, …) for the next requests. */
  failNext(options: FailNextOptions): void;
  /**
   * Answers valid records that match with a validation error (`{"success": false, "error": {"detail": [...]}}`,
   * HTTP 422 unless told otherwise). Matching records are not accepted.
   */
  failRecords(predicate: (record: Record<string, unknown>) => boolean, options?: FailRecordsOptions): void;
  /** Forgets requests and records, drops faults and `failRecords` rules. */
  reset(): void;
  /** Stops listening; pending waits reject. Safe to call twice. */
  close(): Promise<void>;
}
