/**
 * A local stand-in for Langfuse's OTLP endpoint: a real `node:http` server that answers
 * like Langfuse, decodes what it accepts, and records every contract violation that the
 * real service would swallow silently.
 */
import type { ServerResponse } from 'node:http';
import type { DecodedSpan } from './decoded-span.js';
import type { FailNextOptions, ScriptedFault } from './fault-queue.js';
import { basicAuthHeader, LANGFUSE_OTLP_TRACES_PATH } from './langfuse-http-checks.js';
import type { ContractViolation } from './langfuse-value-rules.js';
import { decodeWithoutChecks, handleLangfuseTraceRequest, type TraceRequestInput } from './langfuse-request-handler.js';
import { DEFAULT_WAIT_TIMEOUT_MS, sendResponse, startReceiverServer, type ReceiverServer } from './receiver-server.js';
import { describeRequests, flattenHeaders, type RecordedRequest, type RecordedViolation } from './recorded-request.js';

/** Options for {@link startLangfuseReceiver}. */
export interface LangfuseReceiverOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Accepted public key; default `pk-lf-testkit`. */
  publicKey?: string;
  /** Accepted secret key; default `sk-lf-testkit`. */
  secretKey?: string;
  /**
   * Answer 413 to request bodies larger than this many bytes on the wire (before gunzip),
   * like a proxy in front of Langfuse with a body limit; default no limit.
   */
  maxBodyBytes?: number;
  /**
   * `false`: remember nothing — `requests`, `spans()` and `violations()` stay empty — so a
   * receiver that runs for hours (such as `lamplight dev`) holds no growing log; pair it with
   * `onRequest`. Default `true`.
   */
  keepRecords?: boolean;
  /**
   * Called once per answered request with what was recorded for it (decoded spans, status,
   * contract violations). A throw from it becomes an uncaught exception on a later tick and
   * never changes the answer.
   */
  onRequest?: (request: RecordedRequest) => void;
}

/** Options for the `waitFor…` helpers. */
export interface WaitOptions {
  /** Give up after this many ms; default 5000. */
  timeoutMs?: number;
}

/** A running receiver. Create with {@link startLangfuseReceiver}; always `close()` it. */
export interface LangfuseReceiver {
  /** Base URL, e.g. `http://127.0.0.1:40123` (what `LANGFUSE_BASE_URL` should be). */
  readonly url: string;
  /** Full traces endpoint, `${url}/api/public/otel/v1/traces`. */
  readonly tracesUrl: string;
  /** The port actually bound. */
  readonly port: number;
  /** Accepted public key. */
  readonly publicKey: string;
  /** Accepted secret key. */
  readonly secretKey: string;
  /** A valid `Authorization` header value for this receiver. */
  readonly authorizationHeader: string;
  /** Every request since start or the last `reset()`, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** All accepted spans, in arrival order. */
  spans(): DecodedSpan[];
  /** All recorded contract violations, in arrival order. */
  violations(): RecordedViolation[];
  /** Accepted spans of one trace (`traceId` as 32 hex characters, any case). */
  trace(traceId: string): DecodedSpan[];
  /** Resolves with `spans()` once at least `count` spans were accepted; rejects on timeout saying what arrived. */
  waitForSpans(count: number, options?: WaitOptions): Promise<DecodedSpan[]>;
  /** Resolves with `requests` once at least `count` requests were answered; rejects on timeout. */
  waitForRequests(count: number, options?: WaitOptions): Promise<RecordedRequest[]>;
  /**
   * Scripts the answer to the next `count` requests (e.g. 429 with `Retry-After`, a delayed
   * answer, a connection reset mid-body, or a garbage body after a normal accept). Faults
   * queue up in call order; each is taken when a request arrives.
   */
  failNext(options: FailNextOptions): void;
  /**
   * `true` stops listening and drops open connections (clients get ECONNREFUSED); `false`
   * listens again on the same port. Recorded data and queued faults are kept.
   */
  setDown(down: boolean): Promise<void>;
  /** True while `setDown(true)` is in effect. */
  readonly isDown: boolean;
  /** Forgets recorded requests, spans and violations, and drops queued faults. */
  reset(): void;
  /** Stops listening and destroys open connections; pending waits reject. Safe to call twice. */
  close(): Promise<void>;
}

type RequestResult = Pick<RecordedRequest, 'status' | 'responseBody' | 'injected' | 'accepted' | 'spans' | 'decompressedBytes'>;

class LangfuseReceiverServer implements LangfuseReceiver {
  // Own fields, not getters, so the receiver object looks as it did before the shared server.
  readonly url: string;
  readonly port: number;
  readonly tracesUrl: string;
  readonly authorizationHeader: string;
  private accepted: DecodedSpan[] = [];

  constructor(
    private readonly http: ReceiverServer<RecordedRequest>,
    readonly publicKey: string,
    readonly secretKey: string,
    private readonly maxBodyBytes: number | undefined,
  ) {
    this.url = http.url;
    this.port = http.port;
    this.tracesUrl = `${http.url}${LANGFUSE_OTLP_TRACES_PATH}`;
    this.authorizationHeader = basicAuthHeader(publicKey, secretKey);
    http.serve({
      reset: (input) => this.record(input, { status: 0, responseBody: '', injected: true, accepted: false, spans: [] }, []),
      fault: (input, fault, response) => this.answerWithFault(input, fault, response),
      contract: (input, response, fault) => this.answerWithContract(input, response, fault),
      error: (input, error, response) => {
        const message = JSON.stringify({ error: `receiver error: ${error.message}` });
        this.record(input, { status: 500, responseBody: message, injected: false, accepted: false, spans: [] }, []);
        sendResponse(response, 500, { 'content-type': 'application/json' }, message);
      },
    });
  }

  get requests(): readonly RecordedRequest[] {
    return this.http.requests;
  }

  spans(): DecodedSpan[] {
    return [...this.accepted];
  }

  violations(): RecordedViolation[] {
    return this.http.requests.flatMap((request) => request.violations);
  }

  trace(traceId: string): DecodedSpan[] {
    const wanted = traceId.toLowerCase();
    return this.accepted.filter((span) => span.traceId === wanted);
  }

  waitForSpans(count: number, options: WaitOptions = {}): Promise<DecodedSpan[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    // Worded differently from the shared `waitForCount` message: it names the spans that did arrive.
    return this.http.waiters.wait(
      () => this.accepted.length >= count,
      () => this.spans(),
      timeoutMs,
      () => {
        const names = this.accepted.slice(0, 30).map((span) => JSON.stringify(span.name)).join(', ');
        return (
          `waitForSpans(${count}): timed out after ${timeoutMs}ms with ${this.accepted.length} span(s) accepted` +
          `${names ? `: ${names}` : ''}\nrequests:\n${describeRequests(this.http.requests)}`
        );
      },
    );
  }

  waitForRequests(count: number, options: WaitOptions = {}): Promise<RecordedRequest[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    return this.http.waiters.wait(
      () => this.http.requests.length >= count,
      () => [...this.http.requests],
      timeoutMs,
      () => `waitForRequests(${count}): timed out after ${timeoutMs}ms with ${this.http.requests.length} request(s)\n${describeRequests(this.http.requests)}`,
    );
  }

  failNext(options: FailNextOptions): void {
    this.http.failNext(options);
  }

  reset(): void {
    this.http.reset();
    this.accepted = [];
  }

  setDown(down: boolean): Promise<void> {
    return this.http.setDown(down);
  }

  get isDown(): boolean {
    return this.http.isDown;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** The receiver's own body limit (`maxBodyBytes`): 413, nothing accepted, what it carried decoded. */
  private async answerTooLarge(input: TraceRequestInput, response: ServerResponse): Promise<void> {
    const decoded = await decodeWithoutChecks(input);
    const responseBody = JSON.stringify({ message: `request body of ${input.body.length} bytes exceeds ${String(this.maxBodyBytes)}` });
    this.record(input, { status: 413, responseBody, injected: false, accepted: false, spans: decoded.spans, decompressedBytes: decoded.decompressedBytes }, []);
    sendResponse(response, 413, { 'content-type': 'application/json' }, responseBody);
  }

  private async answerWithFault(input: TraceRequestInput, fault: ScriptedFault, response: ServerResponse): Promise<void> {
    const decoded = await decodeWithoutChecks(input);
    const status = fault.status ?? 500;
    this.record(input, { status, responseBody: fault.body, injected: true, accepted: false, spans: decoded.spans, decompressedBytes: decoded.decompressedBytes }, []);
    sendResponse(response, status, { 'content-type': fault.contentType, ...fault.headers }, fault.body);
  }

  /**
   * Applies the contract and answers with its verdict — or, for a `processed` fault, with the
   * fault's status, headers and body once the spans have been accepted as usual.
   */
  private async answerWithContract(input: TraceRequestInput, response: ServerResponse, fault?: ScriptedFault): Promise<void> {
    if (this.maxBodyBytes !== undefined && input.body.length > this.maxBodyBytes) {
      await this.answerTooLarge(input, response);
      return;
    }
    const outcome = await handleLangfuseTraceRequest(input, { publicKey: this.publicKey, secretKey: this.secretKey });
    const accepted = outcome.status === 200;
    if (accepted && this.http.keepsRecords) this.accepted.push(...outcome.spans);
    const status = fault?.status ?? outcome.status;
    const responseBody = fault?.bodyGiven ? fault.body : JSON.stringify(outcome.body);
    // Langfuse answers JSON even to protobuf requests; mirror it so exporters see the same.
    const contentType = fault?.bodyGiven ? fault.contentType : 'application/json';
    this.record(
      input,
      { status, responseBody, injected: fault !== undefined, accepted, spans: outcome.spans, decompressedBytes: outcome.decompressedBytes },
      outcome.violations,
    );
    sendResponse(response, status, { 'content-type': contentType, ...fault?.headers }, responseBody);
  }

  private record(input: TraceRequestInput, result: RequestResult, violations: ContractViolation[]): void {
    const index = this.http.nextIndex;
    const headers = flattenHeaders(input.headers);
    const entry: RecordedRequest = {
      index,
      method: input.method,
      path: input.path,
      headers,
      bodyBytes: input.body.length,
      contentType: headers['content-type'],
      contentEncoding: headers['content-encoding'],
      ...result,
      violations: violations.map((violation) => ({ ...violation, requestIndex: index })),
      receivedAt: Date.now(),
    };
    if (entry.decompressedBytes === undefined) delete entry.decompressedBytes;
    if (entry.contentType === undefined) delete entry.contentType;
    if (entry.contentEncoding === undefined) delete entry.contentEncoding;
    this.http.record(entry);
  }
}

/**
 * Starts a Langfuse OTLP receiver on `127.0.0.1` (port 0 unless given) and resolves once it
 * is listening.
 *
 * @example
 * ```ts
 * const receiver = await startLangfuseReceiver();
 * process.env.LANGFUSE_BASE_URL = receiver.url;
 * // … run code that exports to Langfuse …
 * const spans = await receiver.waitForSpans(2);
 * expect(receiver.violations()).toEqual([]);
 * await receiver.close();
 * ```
 */
export async function startLangfuseReceiver(options: LangfuseReceiverOptions = {}): Promise<LangfuseReceiver> {
  if (options.maxBodyBytes !== undefined && (!Number.isInteger(options.maxBodyBytes) || options.maxBodyBytes < 1)) {
    throw new TypeError(`startLangfuseReceiver: maxBodyBytes must be a positive integer, got ${String(options.maxBodyBytes)}`);
  }
  const http = await startReceiverServer<RecordedRequest>({
    port: options.port,
    host: options.host,
    closedMessage: 'Langfuse receiver closed before the wait was satisfied',
    fullFaults: true,
    keepRecords: options.keepRecords,
    onRecord: options.onRequest,
  });
  return new LangfuseReceiverServer(http, options.publicKey ?? 'pk-lf-testkit', options.secretKey ?? 'sk-lf-testkit', options.maxBodyBytes);
}
