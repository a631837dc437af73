/**
 * The public shape of the Langfuse ingestion receiver and what it keeps, apart from the
 * server, so assertions can depend on it without pulling in `node:http`.
 */
import type { FailNextOptions } from './fault-queue.js';

/** One event as received. */
export interface ReceivedIngestionEvent {
  id: string;
  type: string;
  timestamp: string;
  body: Record<string, unknown>;
  /** Index of the request in `receiver.requests`. */
  requestIndex: number;
}

/** A contract violation of one event (or of the request, without `eventId`). */
export interface IngestionViolation {
  requestIndex: number;
  eventId?: string;
  eventType?: string;
  /** `id`, `timestamp`, `body.usageDetails.input`, … or a header name. */
  field: string;
  reason: string;
  value?: unknown;
  /** `error`: Langfuse answers a per-event 400; `silent`: Langfuse takes it and loses data. */
  severity: 'error' | 'silent';
}

/** One per-event error the receiver answered. */
export interface AnsweredIngestionError {
  id: string;
  status: number;
  message: string;
  error?: unknown;
}

/** One HTTP request as the receiver saw and answered it. */
export interface IngestionRecordedRequest {
  index: number;
  method: string;
  path: string;
  /** Request headers, names lowercased. */
  headers: Record<string, string>;
  /** Body length on the wire. */
  bodyBytes: number;
  contentType?: string;
  /** The parsed JSON body, when it was JSON. */
  body?: unknown;
  /** Events in `batch` (best effort, also for refused and injected requests). */
  eventCount: number;
  status: number;
  responseBody: string;
  /** True when the answer came from `failNext`. */
  injected: boolean;
  /** Events accepted (answered as successes). */
  acceptedEvents: number;
  /** Per-event errors answered (schema errors and `failEvents` injections). */
  errors: AnsweredIngestionError[];
  violations: IngestionViolation[];
  receivedAt: number;
}

/** Options of `startLangfuseIngestionReceiver`. */
export interface LangfuseIngestionReceiverOptions {
  /** Port; default 0 (any free port). */
  port?: number;
  /** Interface; default `127.0.0.1`. */
  host?: string;
  /** Accepted public key; default `pk-lf-testkit`. */
  publicKey?: string;
  /** Accepted secret key; default `sk-lf-testkit`. */
  secretKey?: string;
  /** Bodies larger than this (bytes on the wire) get 413; default 3,500,000 (Langfuse's 3.5 MB). */
  maxBodyBytes?: number;
  /** `false` plays a Langfuse version without `agent-create`, `tool-create`, …: they get a per-event 400. Default true. */
  typedEvents?: boolean;
}

/** What `failEvents` answers for each matching event. */
export interface FailEventsOptions {
  /** Per-event status; default 400. */
  status?: number;
  /** Per-event message; default `Invalid request data`. */
  message?: string;
  /** Per-event `error` detail. */
  error?: unknown;
  /** Fail at most this many events, then stop matching; default unlimited. */
  count?: number;
}

/** Options of the `waitFor…` helpers. */
export interface IngestionWaitOptions {
  /** Give up after this many ms; default 5000. */
  timeoutMs?: number;
}

/** A running receiver. Create with `startLangfuseIngestionReceiver`; always `close()` it. */
export interface LangfuseIngestionReceiver {
  /** Base URL (what `LANGFUSE_BASE_URL` should be). */
  readonly url: string;
  /** `${url}/api/public/ingestion`. */
  readonly ingestionUrl: string;
  readonly port: number;
  readonly publicKey: string;
  readonly secretKey: string;
  /** A valid `Authorization` header value. */
  readonly authorizationHeader: string;
  /** Every request since start or `reset()`. */
  readonly requests: readonly IngestionRecordedRequest[];
  /** Accepted events of every type, in arrival order. */
  events(): ReceivedIngestionEvent[];
  /** Accepted observation events (span, generation, event and typed kinds), in arrival order. */
  observations(): ReceivedIngestionEvent[];
  /** Accepted `trace-create` bodies merged per trace id (later non-null fields win, tags united). */
  traces(): Array<Record<string, unknown>>;
  /** Accepted observation events of one trace. */
  trace(traceId: string): ReceivedIngestionEvent[];
  /** Every violation found, in arrival order. */
  violations(): IngestionViolation[];
  waitForObservations(count: number, options?: IngestionWaitOptions): Promise<ReceivedIngestionEvent[]>;
  waitForEvents(count: number, options?: IngestionWaitOptions): Promise<ReceivedIngestionEvent[]>;
  waitForRequests(count: number, options?: IngestionWaitOptions): Promise<IngestionRecordedRequest[]>;
  /** Scripts whole-request answers (401, 413, 429 with Retry-After, 503, …) for the next requests. */
  failNext(options: FailNextOptions): void;
  /**
   * Answers matching events (of later requests) with a per-event error in the 207 answer,
   * e.g. `failEvents((e) => e.type === 'generation-create', { status: 400, message: 'Invalid usage' })`.
   * Matching events are not accepted.
   */
  failEvents(predicate: (event: { id: string; type: string; body: Record<string, unknown> }) => boolean, options?: FailEventsOptions): void;
  /** Forgets requests, events and violations, drops faults and `failEvents` rules. */
  reset(): void;
  /** Stops listening; pending waits reject. Safe to call twice. */
  close(): Promise<void>;
}
