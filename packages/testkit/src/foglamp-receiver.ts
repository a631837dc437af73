/**
 * A local stand-in for Foglamp's `POST /ingest`: a real `node:http` server that checks every
 * field of the v1 contract (`shared/contracts/foglamp-ingest.md`), answers `{ accepted }`
 * with the number of valid spans, and records requests and violations for assertions.
 */
import type { ServerResponse } from 'node:http';
import type { FailNextOptions, ScriptedFault } from './fault-queue.js';
import type {
  FoglampContractViolation,
  FoglampRecordedRequest,
  FoglampViolation,
  ReceivedFoglampSpan,
  ReceivedFoglampTrace,
} from './foglamp-received.js';
import {
  decodeFoglampBody,
  FOGLAMP_INGEST_PATH,
  handleFoglampIngestRequest,
  type DecodedFoglampBody,
  type FoglampRequestInput,
} from './foglamp-request-handler.js';
import { flattenHeaders } from './recorded-request.js';
import { sendResponse, startReceiverServer, type ReceiverServer } from './receiver-server.js';
import { FOGLAMP_SEEN_LIMIT, type FoglampReceiver, type FoglampReceiverOptions, type FoglampWaitOptions } from './foglamp-receiver-api.js';

type RequestResult = Pick<FoglampRecordedRequest, 'status' | 'responseBody' | 'injected' | 'acceptedSpans'>;

/** What a request carried when it was cut short or failed before decoding. */
const NOTHING_DECODED: DecodedFoglampBody = { traceCount: 0, spanCount: 0 };

class FoglampReceiverServer implements FoglampReceiver {
  // Own fields, not getters, so the receiver object looks as it did before the shared server.
  readonly url: string;
  readonly port: number;
  readonly ingestUrl: string;
  readonly authorizationHeader: string;
  private acceptedTraces: ReceivedFoglampTrace[] = [];
  private acceptedSpans: ReceivedFoglampSpan[] = [];
  /** `traceId/spanId` of every accepted span, to catch a span delivered twice. */
  private seen = new Set<string>();

  constructor(
    private readonly http: ReceiverServer<FoglampRecordedRequest>,
    readonly apiKey: string,
    private readonly maxBodyBytes: number | undefined,
  ) {
    this.url = http.url;
    this.port = http.port;
    this.ingestUrl = `${this.url}${FOGLAMP_INGEST_PATH}`;
    this.authorizationHeader = `Bearer ${apiKey}`;
    http.serve({
      reset: (input) => this.record(input, NOTHING_DECODED, { status: 0, responseBody: '', injected: true, acceptedSpans: 0 }, []),
      fault: (input, fault, response) => this.answerWithFault(input, fault, response),
      contract: (input, response, fault) => this.answerWithContract(input, response, fault),
      error: (input, error, response) => {
        const message = JSON.stringify({ error: `receiver error: ${error.message}` });
        this.record(input, NOTHING_DECODED, { status: 500, responseBody: message, injected: false, acceptedSpans: 0 }, []);
        sendResponse(response, 500, { 'content-type': 'application/json' }, message);
      },
    });
  }

  get requests(): readonly FoglampRecordedRequest[] {
    return this.http.requests;
  }

  traces(): ReceivedFoglampTrace[] {
    return [...this.acceptedTraces];
  }

  spans(): ReceivedFoglampSpan[] {
    return [...this.acceptedSpans];
  }

  trace(traceId: string): ReceivedFoglampSpan[] {
    const wanted = traceId.toLowerCase();
    return this.acceptedSpans.filter((span) => span.traceId.toLowerCase() === wanted);
  }

  violations(): FoglampViolation[] {
    return this.http.requests.flatMap((request) => request.violations);
  }

  waitForSpans(count: number, options: FoglampWaitOptions = {}): Promise<ReceivedFoglampSpan[]> {
    return this.waitFor('waitForSpans', count, () => this.acceptedSpans.length, () => this.spans(), options);
  }

  waitForTraces(count: number, options: FoglampWaitOptions = {}): Promise<ReceivedFoglampTrace[]> {
    return this.waitFor('waitForTraces', count, () => this.acceptedTraces.length, () => this.traces(), options);
  }

  waitForRequests(count: number, options: FoglampWaitOptions = {}): Promise<FoglampRecordedRequest[]> {
    return this.waitFor('waitForRequests', count, () => this.http.requests.length, () => [...this.http.requests], options);
  }

  failNext(options: FailNextOptions): void {
    this.http.failNext(options);
  }

  reset(): void {
    this.http.reset();
    this.acceptedTraces = [];
    this.acceptedSpans = [];
    this.seen = new Set();
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

  private waitFor<T>(what: string, count: number, current: () => number, value: () => T, options: FoglampWaitOptions): Promise<T> {
    return this.http.waitForCount(what, count, current, value, options.timeoutMs, () => `requests:\n${this.describe()}`);
  }

  private describe(limit = 20): string {
    const recorded = this.http.requests;
    if (recorded.length === 0) return 'no requests arrived';
    const lines = recorded.slice(0, limit).map((r) => {
      const note = r.injected ? ', injected' : r.status === 200 ? '' : `, ${r.responseBody.slice(0, 120)}`;
      return `#${r.index} ${r.method} ${r.path} → ${r.status} (${r.traceCount} traces, ${r.spanCount} spans, ${r.acceptedSpans} accepted${note})`;
    });
    if (recorded.length > limit) lines.push(`… and ${recorded.length - limit} more`);
    return lines.join('\n');
  }

  private async answerWithFault(input: FoglampRequestInput, fault: ScriptedFault, response: ServerResponse): Promise<void> {
    const decoded = await decodeFoglampBody(input);
    const status = fault.status ?? 500;
    this.record(input, decoded, { status, responseBody: fault.body, injected: true, acceptedSpans: 0 }, []);
    sendResponse(response, status, { 'content-type': fault.contentType, ...fault.headers }, fault.body);
  }

  /**
   * Applies the contract and answers `{accepted}` — or, for a `processed` fault, the fault's
   * status, headers and body once the valid spans have been accepted as usual.
   */
  private async answerWithContract(input: FoglampRequestInput, response: ServerResponse, fault?: ScriptedFault): Promise<void> {
    const outcome = await handleFoglampIngestRequest(input, {
      apiKey: this.apiKey,
      maxBodyBytes: this.maxBodyBytes,
      alreadyReceived: (traceId, spanId) => this.seen.has(`${traceId.toLowerCase()}/${spanId}`),
    });
    const responseBody = JSON.stringify(outcome.response);
    const requestIndex = this.http.nextIndex;
    const keep = this.http.keepsRecords;
    for (const entry of outcome.traces) {
      if (keep) this.acceptedTraces.push({ ...entry, requestIndex });
      for (const span of entry.spans) {
        this.remember(`${entry.traceId.toLowerCase()}/${span.spanId}`);
        if (keep) this.acceptedSpans.push({ ...span, traceId: entry.traceId, requestIndex });
      }
    }
    const status = fault?.status ?? outcome.status;
    const answer = fault?.bodyGiven ? fault.body : responseBody;
    const contentType = fault?.bodyGiven ? fault.contentType : 'application/json';
    this.record(input, outcome, { status, responseBody: answer, injected: fault !== undefined, acceptedSpans: outcome.acceptedSpans }, outcome.violations);
    sendResponse(response, status, { 'content-type': contentType, ...fault?.headers }, answer);
  }

  /** Notes an accepted span id; without kept records only the newest ids are remembered (a Set iterates oldest first). */
  private remember(key: string): void {
    this.seen.add(key);
    if (!this.http.keepsRecords && this.seen.size > FOGLAMP_SEEN_LIMIT) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
  }

  private record(
    input: FoglampRequestInput,
    decoded: DecodedFoglampBody,
    result: RequestResult,
    violations: FoglampContractViolation[],
  ): void {
    const index = this.http.nextIndex;
    const headers = flattenHeaders(input.headers);
    const entry: FoglampRecordedRequest = {
      index,
      method: input.method,
      path: input.path,
      headers,
      bodyBytes: input.body.length,
      traceCount: decoded.traceCount,
      spanCount: decoded.spanCount,
      ...result,
      violations: violations.map((violation) => ({ ...violation, requestIndex: index })),
      receivedAt: Date.now(),
    };
    if (decoded.decompressedBytes !== undefined) entry.decompressedBytes = decoded.decompressedBytes;
    if (decoded.body !== undefined) entry.body = decoded.body;
    if (headers['content-type'] !== undefined) entry.contentType = headers['content-type'];
    if (headers['content-encoding'] !== undefined) entry.contentEncoding = headers['content-encoding'];
    this.http.record(entry);
  }
}

/**
 * Starts a Foglamp ingest receiver on `127.0.0.1` (port 0 unless given) and resolves once it
 * is listening. It checks each request against the v1 contract: route and method, `Bearer`
 * auth (401 otherwise), `Content-Type: application/json` (optionally gzip), `version: "v1"`,
 * 1–1000 traces (400 otherwise), then every trace and span field; it answers
 * `{ "accepted": <valid spans> }` and records what it found.
 *
 * @example
 * ```ts
 * const receiver = await startFoglampReceiver();
 * const exporter = new FoglampExporter({ baseUrl: receiver.url, apiKey: receiver.apiKey });
 * // … run code that exports …
 * const spans = await receiver.waitForSpans(4);
 * expect(receiver.violations()).toEqual([]);
 * await receiver.close();
 * ```
 */
export async function startFoglampReceiver(options: FoglampReceiverOptions = {}): Promise<FoglampReceiver> {
  if (options.maxBodyBytes !== undefined && (!Number.isInteger(options.maxBodyBytes) || options.maxBodyBytes < 1)) {
    throw new TypeError(`startFoglampReceiver: maxBodyBytes must be a positive integer, got ${String(options.maxBodyBytes)}`);
  }
  const apiKey = options.apiKey ?? 'fl_testkit';
  if (!/^[\x21-\x7e]+$/.test(apiKey)) throw new TypeError('startFoglampReceiver: apiKey must be visible ASCII without spaces');
  const http = await startReceiverServer<FoglampRecordedRequest>({
    port: options.port,
    host: options.host,
    closedMessage: 'Foglamp receiver closed before the wait was satisfied',
    fullFaults: true,
    keepRecords: options.keepRecords,
    onRecord: options.onRequest,
  });
  return new FoglampReceiverServer(http, apiKey, options.maxBodyBytes);
}
