/**
 * The public shape of the Foglamp receiver, apart from the server that implements it, so
 * helpers and assertions can depend on it without pulling in `node:http`.
 */
import type { FailNextOptions } from './fault-queue.js';
import type { FoglampRecordedRequest, FoglampViolation, ReceivedFoglampSpan, ReceivedFoglampTrace } from './foglamp-received.js';

/** Options for `startFoglampReceiver`. */
export interface FoglampReceiverOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** The accepted API key; default `fl_testkit`. */
  apiKey?: string;
  /** Answer 413 to bodies larger than this many bytes on the wire; default no limit. */
  maxBodyBytes?: number;
  /**
   * `false`: remember nothing — `requests`, `traces()`, `spans()` and `violations()` stay
   * empty — so a long-running receiver (such as `lamplight dev`) holds no growing log; pair
   * it with `onRequest`. The duplicate-span check then remembers the last
   * {@link FOGLAMP_SEEN_LIMIT} span ids only. Default `true`.
   */
  keepRecords?: boolean;
  /**
   * Called once per answered request with what was recorded for it (decoded body, status,
   * accepted count, contract violations). A throw from it becomes an uncaught exception on a
   * later tick and never changes the answer.
   */
  onRequest?: (request: FoglampRecordedRequest) => void;
}

/** How many span ids a receiver with `keepRecords: false` remembers for the duplicate check. */
export const FOGLAMP_SEEN_LIMIT = 100_000;

/** Options for the `waitFor…` helpers. */
export interface FoglampWaitOptions {
  /** Give up after this many ms; default 5000. */
  timeoutMs?: number;
}

/** A running Foglamp receiver. Create with `startFoglampReceiver`; always `close()` it. */
export interface FoglampReceiver {
  /** Base URL, e.g. `http://127.0.0.1:40123` (what `FOGLAMP_BASE_URL` should be). */
  readonly url: string;
  /** Full ingest endpoint, `${url}/ingest`. */
  readonly ingestUrl: string;
  /** The port actually bound. */
  readonly port: number;
  /** The accepted API key. */
  readonly apiKey: string;
  /** A valid `Authorization` header value for this receiver: `Bearer <apiKey>`. */
  readonly authorizationHeader: string;
  /** Every request since start or the last `reset()`, in arrival order. */
  readonly requests: readonly FoglampRecordedRequest[];
  /** Accepted trace entries (valid spans only), in arrival order; a trace split over requests appears once per request. */
  traces(): ReceivedFoglampTrace[];
  /** Accepted spans, each with its entry's `traceId`, in arrival order. */
  spans(): ReceivedFoglampSpan[];
  /** Accepted spans of one trace, over all requests (`traceId` compared case-insensitively). */
  trace(traceId: string): ReceivedFoglampSpan[];
  /** Every contract violation, in arrival order, with trace/span id, field and reason. */
  violations(): FoglampViolation[];
  /** Resolves with `spans()` once at least `count` spans were accepted; rejects on timeout saying what arrived. */
  waitForSpans(count: number, options?: FoglampWaitOptions): Promise<ReceivedFoglampSpan[]>;
  /** Resolves with `traces()` once at least `count` trace entries were accepted; rejects on timeout. */
  waitForTraces(count: number, options?: FoglampWaitOptions): Promise<ReceivedFoglampTrace[]>;
  /** Resolves with `requests` once at least `count` requests were answered; rejects on timeout. */
  waitForRequests(count: number, options?: FoglampWaitOptions): Promise<FoglampRecordedRequest[]>;
  /**
   * Scripts the answer to the next `count` requests, e.g. `{ status: 429, headers: { 'retry-after': '1' } }`,
   * 401, 413, 503 or 400 with a `body`. Faults queue up in call order and take precedence over every check.
   * A 2xx status with a body such as `{ accepted: 1 }` simulates a partial acceptance.
   * `reset: true` cuts the connection mid-body; `processed: true` accepts the spans as usual
   * and then answers with the fault's status/body (e.g. a garbage body or a missing `accepted`).
   */
  failNext(options: FailNextOptions): void;
  /**
   * `true` stops listening and drops open connections (clients get ECONNREFUSED); `false`
   * listens again on the same port. Recorded data and queued faults are kept.
   */
  setDown(down: boolean): Promise<void>;
  /** True while `setDown(true)` is in effect. */
  readonly isDown: boolean;
  /** Forgets requests, traces and violations, and drops queued faults. */
  reset(): void;
  /** Stops listening and destroys open connections; pending waits reject. Safe to call twice. */
  close(): Promise<void>;
}
