/**
 * A local stand-in for Foglamp's `POST /ingest`: a real `node:http` server that checks every
 * field of the v1 contract (`shared/contracts/foglamp-ingest.md`), answers `{ accepted }`
 * with the number of valid spans, and records requests and violations for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionWaiters } from './condition-waiters.js';
import { FaultQueue, type FailNextOptions, type ScriptedFault } from './fault-queue.js';
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
import { ListenerControl, resetMidBody } from './listener-control.js';
import type { FoglampReceiver, FoglampReceiverOptions, FoglampWaitOptions } from './foglamp-receiver-api.js';

const DEFAULT_TIMEOUT_MS = 5000;

class FoglampReceiverServer implements FoglampReceiver {
  readonly url: string;
  readonly ingestUrl: string;
  readonly authorizationHeader: string;
  private recorded: FoglampRecordedRequest[] = [];
  private acceptedTraces: ReceivedFoglampTrace[] = [];
  private acceptedSpans: ReceivedFoglampSpan[] = [];
  /** `traceId/spanId` of every accepted span, to catch a span delivered twice. */
  private seen = new Set<string>();
  private readonly faults = new FaultQueue();
  private readonly waiters = new ConditionWaiters();
  private readonly listener: ListenerControl;
  private readonly shutdown = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(
    server: Server,
    readonly port: number,
    host: string,
    readonly apiKey: string,
    private readonly maxBodyBytes: number | undefined,
  ) {
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${urlHost}:${port}`;
    this.ingestUrl = `${this.url}${FOGLAMP_INGEST_PATH}`;
    this.authorizationHeader = `Bearer ${apiKey}`;
    this.listener = new ListenerControl(server, host, port);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.onRequest(request, response);
    });
  }

  get requests(): readonly FoglampRecordedRequest[] {
    return this.recorded;
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
    return this.recorded.flatMap((request) => request.violations);
  }

  waitForSpans(count: number, options: FoglampWaitOptions = {}): Promise<ReceivedFoglampSpan[]> {
    return this.waitFor('waitForSpans', count, () => this.acceptedSpans.length, () => this.spans(), options);
  }

  waitForTraces(count: number, options: FoglampWaitOptions = {}): Promise<ReceivedFoglampTrace[]> {
    return this.waitFor('waitForTraces', count, () => this.acceptedTraces.length, () => this.traces(), options);
  }

  waitForRequests(count: number, options: FoglampWaitOptions = {}): Promise<FoglampRecordedRequest[]> {
    return this.waitFor('waitForRequests', count, () => this.recorded.length, () => [...this.recorded], options);
  }

  failNext(options: FailNextOptions): void {
    this.faults.push(options);
  }

  reset(): void {
    this.recorded = [];
    this.acceptedTraces = [];
    this.acceptedSpans = [];
    this.seen = new Set();
    this.faults.clear();
  }

  setDown(down: boolean): Promise<void> {
    return this.listener.setDown(down);
  }

  get isDown(): boolean {
    return this.listener.isDown;
  }

  close(): Promise<void> {
    this.closing ??= (() => {
      this.shutdown.abort();
      this.waiters.failAll('Foglamp receiver closed before the wait was satisfied');
      // Destroying sockets ends keep-alive connections that would otherwise hold the server open.
      return this.listener.close();
    })();
    return this.closing;
  }

  private waitFor<T>(what: string, count: number, current: () => number, value: () => T, options: FoglampWaitOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.waiters.wait(
      () => current() >= count,
      value,
      timeoutMs,
      () => `${what}(${count}): timed out after ${timeoutMs}ms at ${current()}\nrequests:\n${this.describe()}`,
    );
  }

  private describe(limit = 20): string {
    if (this.recorded.length === 0) return 'no requests arrived';
    const lines = this.recorded.slice(0, limit).map((r) => {
      const note = r.injected ? ', injected' : r.status === 200 ? '' : `, ${r.responseBody.slice(0, 120)}`;
      return `#${r.index} ${r.method} ${r.path} → ${r.status} (${r.traceCount} traces, ${r.spanCount} spans, ${r.acceptedSpans} accepted${note})`;
    });
    if (this.recorded.length > limit) lines.push(`… and ${this.recorded.length - limit} more`);
    return lines.join('\n');
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The fault is taken when the request arrives, so a reset can cut its body short.
    const fault = this.faults.take();
    if (fault?.reset) {
      const partial = await resetMidBody(request, fault.resetAfterBytes);
      this.record(inputOf(request, partial), { traceCount: 0, spanCount: 0 }, { status: 0, responseBody: '', injected: true, acceptedSpans: 0 }, []);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    const input = inputOf(request, body);
    try {
      if (fault && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
      if (fault?.processed) await this.answerWithContract(input, response, fault);
      else if (fault?.status !== undefined) await this.answerWithFault(input, fault, response);
      else await this.answerWithContract(input, response);
    } catch (error) {
      // A receiver bug must show up as a failed request, not as a hung exporter.
      const message = JSON.stringify({ error: `receiver error: ${(error as Error).message}` });
      this.record(input, { traceCount: 0, spanCount: 0 }, { status: 500, responseBody: message, injected: false, acceptedSpans: 0 }, []);
      this.send(response, 500, { 'content-type': 'application/json' }, message);
    }
  }

  private async delay(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.shutdown.signal });
      return true;
    } catch {
      return false; // closed while waiting
    }
  }

  private async answerWithFault(input: FoglampRequestInput, fault: ScriptedFault, response: ServerResponse): Promise<void> {
    const decoded = await decodeFoglampBody(input);
    const status = fault.status ?? 500;
    this.record(input, decoded, { status, responseBody: fault.body, injected: true, acceptedSpans: 0 }, []);
    this.send(response, status, { 'content-type': fault.contentType, ...fault.headers }, fault.body);
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
    const requestIndex = this.recorded.length;
    for (const entry of outcome.traces) {
      this.acceptedTraces.push({ ...entry, requestIndex });
      for (const span of entry.spans) {
        this.seen.add(`${entry.traceId.toLowerCase()}/${span.spanId}`);
        this.acceptedSpans.push({ ...span, traceId: entry.traceId, requestIndex });
      }
    }
    const status = fault?.status ?? outcome.status;
    const answer = fault?.bodyGiven ? fault.body : responseBody;
    const contentType = fault?.bodyGiven ? fault.contentType : 'application/json';
    this.record(input, outcome, { status, responseBody: answer, injected: fault !== undefined, acceptedSpans: outcome.acceptedSpans }, outcome.violations);
    this.send(response, status, { 'content-type': contentType, ...fault?.headers }, answer);
  }

  private record(
    input: FoglampRequestInput,
    decoded: DecodedFoglampBody,
    result: Pick<FoglampRecordedRequest, 'status' | 'responseBody' | 'injected' | 'acceptedSpans'>,
    violations: FoglampContractViolation[],
  ): void {
    const index = this.recorded.length;
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
    this.recorded.push(entry);
    this.waiters.notify();
  }

  private send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  }
}

function inputOf(request: IncomingMessage, body: Buffer): FoglampRequestInput {
  return {
    method: request.method ?? 'GET',
    path: new URL(request.url ?? '/', 'http://receiver').pathname,
    headers: request.headers,
    body,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
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
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return new FoglampReceiverServer(server, port, host, apiKey, options.maxBodyBytes);
}
