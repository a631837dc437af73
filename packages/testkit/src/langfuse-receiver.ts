/**
 * A local stand-in for Langfuse's OTLP endpoint: a real `node:http` server that answers
 * like Langfuse, decodes what it accepts, and records every contract violation that the
 * real service would swallow silently.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionWaiters } from './condition-waiters.js';
import type { DecodedSpan } from './decoded-span.js';
import { FaultQueue, type FailNextOptions, type ScriptedFault } from './fault-queue.js';
import { basicAuthHeader, LANGFUSE_OTLP_TRACES_PATH } from './langfuse-http-checks.js';
import type { ContractViolation } from './langfuse-value-rules.js';
import { decodeWithoutChecks, handleLangfuseTraceRequest, type TraceRequestInput } from './langfuse-request-handler.js';
import { ListenerControl, resetMidBody } from './listener-control.js';
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

const DEFAULT_TIMEOUT_MS = 5000;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

class LangfuseReceiverServer implements LangfuseReceiver {
  readonly url: string;
  readonly tracesUrl: string;
  readonly authorizationHeader: string;
  private recorded: RecordedRequest[] = [];
  private accepted: DecodedSpan[] = [];
  private readonly faults = new FaultQueue();
  private readonly waiters = new ConditionWaiters();
  private readonly listener: ListenerControl;
  private readonly shutdown = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(
    server: Server,
    readonly port: number,
    host: string,
    readonly publicKey: string,
    readonly secretKey: string,
    private readonly maxBodyBytes: number | undefined,
  ) {
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${urlHost}:${port}`;
    this.tracesUrl = `${this.url}${LANGFUSE_OTLP_TRACES_PATH}`;
    this.authorizationHeader = basicAuthHeader(publicKey, secretKey);
    this.listener = new ListenerControl(server, host, port);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.onRequest(request, response);
    });
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  spans(): DecodedSpan[] {
    return [...this.accepted];
  }

  violations(): RecordedViolation[] {
    return this.recorded.flatMap((request) => request.violations);
  }

  trace(traceId: string): DecodedSpan[] {
    const wanted = traceId.toLowerCase();
    return this.accepted.filter((span) => span.traceId === wanted);
  }

  waitForSpans(count: number, options: WaitOptions = {}): Promise<DecodedSpan[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.waiters.wait(
      () => this.accepted.length >= count,
      () => this.spans(),
      timeoutMs,
      () => {
        const names = this.accepted.slice(0, 30).map((span) => JSON.stringify(span.name)).join(', ');
        return (
          `waitForSpans(${count}): timed out after ${timeoutMs}ms with ${this.accepted.length} span(s) accepted` +
          `${names ? `: ${names}` : ''}\nrequests:\n${describeRequests(this.recorded)}`
        );
      },
    );
  }

  waitForRequests(count: number, options: WaitOptions = {}): Promise<RecordedRequest[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.waiters.wait(
      () => this.recorded.length >= count,
      () => [...this.recorded],
      timeoutMs,
      () => `waitForRequests(${count}): timed out after ${timeoutMs}ms with ${this.recorded.length} request(s)\n${describeRequests(this.recorded)}`,
    );
  }

  failNext(options: FailNextOptions): void {
    this.faults.push(options);
  }

  reset(): void {
    this.recorded = [];
    this.accepted = [];
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
      this.waiters.failAll('Langfuse receiver closed before the wait was satisfied');
      // Stops accepting and destroys keep-alive connections that would otherwise hold the
      // server (and the test process) open.
      return this.listener.close();
    })();
    return this.closing;
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The fault is taken when the request arrives, so a reset can cut its body short.
    const fault = this.faults.take();
    if (fault?.reset) {
      const partial = await resetMidBody(request, fault.resetAfterBytes);
      this.record(this.inputOf(request, partial), { status: 0, responseBody: '', injected: true, accepted: false, spans: [] }, []);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    const input = this.inputOf(request, body);
    try {
      if (fault && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
      if (fault?.processed) await this.answerWithContract(input, response, fault);
      else if (fault?.status !== undefined) await this.answerWithFault(input, fault, response);
      else await this.answerWithContract(input, response);
    } catch (error) {
      // A receiver bug must show up as a failed request, not as a hung exporter.
      const message = JSON.stringify({ error: `receiver error: ${(error as Error).message}` });
      this.record(input, { status: 500, responseBody: message, injected: false, accepted: false, spans: [] }, []);
      this.send(response, 500, { 'content-type': 'application/json' }, message);
    }
  }

  private inputOf(request: IncomingMessage, body: Buffer): TraceRequestInput {
    return {
      method: request.method ?? 'GET',
      path: new URL(request.url ?? '/', 'http://receiver').pathname,
      headers: request.headers,
      body,
    };
  }

  /** The receiver's own body limit (`maxBodyBytes`): 413, nothing accepted, what it carried decoded. */
  private async answerTooLarge(input: TraceRequestInput, response: ServerResponse): Promise<void> {
    const decoded = await decodeWithoutChecks(input);
    const responseBody = JSON.stringify({ message: `request body of ${input.body.length} bytes exceeds ${String(this.maxBodyBytes)}` });
    this.record(input, { status: 413, responseBody, injected: false, accepted: false, spans: decoded.spans, decompressedBytes: decoded.decompressedBytes }, []);
    this.send(response, 413, { 'content-type': 'application/json' }, responseBody);
  }

  private async delay(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.shutdown.signal });
      return true;
    } catch {
      return false; // closed while waiting
    }
  }

  private async answerWithFault(input: TraceRequestInput, fault: ScriptedFault, response: ServerResponse): Promise<void> {
    const decoded = await decodeWithoutChecks(input);
    const status = fault.status ?? 500;
    this.record(input, { status, responseBody: fault.body, injected: true, accepted: false, spans: decoded.spans, decompressedBytes: decoded.decompressedBytes }, []);
    this.send(response, status, { 'content-type': fault.contentType, ...fault.headers }, fault.body);
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
    if (accepted) this.accepted.push(...outcome.spans);
    const status = fault?.status ?? outcome.status;
    const responseBody = fault?.bodyGiven ? fault.body : JSON.stringify(outcome.body);
    // Langfuse answers JSON even to protobuf requests; mirror it so exporters see the same.
    const contentType = fault?.bodyGiven ? fault.contentType : 'application/json';
    this.record(
      input,
      { status, responseBody, injected: fault !== undefined, accepted, spans: outcome.spans, decompressedBytes: outcome.decompressedBytes },
      outcome.violations,
    );
    this.send(response, status, { 'content-type': contentType, ...fault?.headers }, responseBody);
  }

  private record(
    input: TraceRequestInput,
    result: Pick<RecordedRequest, 'status' | 'responseBody' | 'injected' | 'accepted' | 'spans' | 'decompressedBytes'>,
    violations: ContractViolation[],
  ): void {
    const index = this.recorded.length;
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
    this.recorded.push(entry);
    this.waiters.notify();
  }

  private send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
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
  return new LangfuseReceiverServer(server, port, host, options.publicKey ?? 'pk-lf-testkit', options.secretKey ?? 'sk-lf-testkit', options.maxBodyBytes);
}
