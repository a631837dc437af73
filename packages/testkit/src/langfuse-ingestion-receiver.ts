/**
 * A local stand-in for Langfuse's legacy batch ingestion API (`POST /api/public/ingestion`):
 * a real `node:http` server that answers like Langfuse (207 with per-event successes and
 * errors), checks every event, and records what it accepted and every violation.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionWaiters } from './condition-waiters.js';
import { FaultQueue, type FailNextOptions, type ScriptedFault } from './fault-queue.js';
import { EventFailRules } from './langfuse-ingestion-fail-rules.js';
import { basicAuthHeader } from './langfuse-http-checks.js';
import {
  decodeIngestionBody,
  handleIngestionRequest,
  LANGFUSE_INGESTION_LIMIT_BYTES,
  LANGFUSE_INGESTION_PATH,
  type IngestionHandlerOutcome,
  type IngestionRequestInput,
} from './langfuse-ingestion-handler.js';
import type {
  FailEventsOptions,
  IngestionRecordedRequest,
  IngestionViolation,
  IngestionWaitOptions,
  LangfuseIngestionReceiver,
  LangfuseIngestionReceiverOptions,
  ReceivedIngestionEvent,
} from './langfuse-ingestion-received.js';
import { isObservationEventType } from './langfuse-ingestion-rules.js';
import { flattenHeaders } from './recorded-request.js';

const DEFAULT_TIMEOUT_MS = 5000;

type EventPredicate = Parameters<LangfuseIngestionReceiver['failEvents']>[0];

class LangfuseIngestionReceiverServer implements LangfuseIngestionReceiver {
  readonly url: string;
  readonly ingestionUrl: string;
  readonly authorizationHeader: string;
  private recorded: IngestionRecordedRequest[] = [];
  private accepted: ReceivedIngestionEvent[] = [];
  private seenEventIds = new Set<string>();
  private knownTraces = new Set<string>();
  private readonly rules = new EventFailRules();
  private readonly faults = new FaultQueue();
  private readonly waiters = new ConditionWaiters();
  private readonly sockets = new Set<Socket>();
  private readonly shutdown = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    readonly port: number,
    host: string,
    readonly publicKey: string,
    readonly secretKey: string,
    private readonly maxBodyBytes: number,
    private readonly typedEvents: boolean,
  ) {
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${urlHost}:${port}`;
    this.ingestionUrl = `${this.url}${LANGFUSE_INGESTION_PATH}`;
    this.authorizationHeader = basicAuthHeader(publicKey, secretKey);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void this.onRequest(request, response));
  }

  get requests(): readonly IngestionRecordedRequest[] {
    return this.recorded;
  }

  events(): ReceivedIngestionEvent[] {
    return [...this.accepted];
  }

  observations(): ReceivedIngestionEvent[] {
    return this.accepted.filter((e) => isObservationEventType(e.type, this.typedEvents));
  }

  traces(): Array<Record<string, unknown>> {
    const merged = new Map<string, Record<string, unknown>>();
    for (const event of this.accepted) {
      if (event.type !== 'trace-create' || typeof event.body.id !== 'string') continue;
      const into = merged.get(event.body.id) ?? {};
      for (const [key, value] of Object.entries(event.body)) {
        if (value === undefined || value === null) continue;
        into[key] = key === 'tags' && Array.isArray(into.tags) && Array.isArray(value) ? [...new Set([...into.tags, ...value])] : value;
      }
      merged.set(event.body.id, into);
    }
    return [...merged.values()];
  }

  trace(traceId: string): ReceivedIngestionEvent[] {
    return this.observations().filter((e) => e.body.traceId === traceId);
  }

  violations(): IngestionViolation[] {
    return this.recorded.flatMap((r) => r.violations);
  }

  waitForObservations(count: number, options: IngestionWaitOptions = {}): Promise<ReceivedIngestionEvent[]> {
    return this.waitFor('waitForObservations', count, () => this.observations().length, () => this.observations(), options);
  }

  waitForEvents(count: number, options: IngestionWaitOptions = {}): Promise<ReceivedIngestionEvent[]> {
    return this.waitFor('waitForEvents', count, () => this.accepted.length, () => this.events(), options);
  }

  waitForRequests(count: number, options: IngestionWaitOptions = {}): Promise<IngestionRecordedRequest[]> {
    return this.waitFor('waitForRequests', count, () => this.recorded.length, () => [...this.recorded], options);
  }

  failNext(options: FailNextOptions): void {
    this.faults.push(options);
  }

  failEvents(predicate: EventPredicate, options: FailEventsOptions = {}): void {
    this.rules.add(predicate, options);
  }

  reset(): void {
    this.recorded = [];
    this.accepted = [];
    this.seenEventIds = new Set();
    this.knownTraces = new Set();
    this.rules.clear();
    this.faults.clear();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.shutdown.abort();
      this.waiters.failAll('Langfuse ingestion receiver closed before the wait was satisfied');
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private waitFor<T>(what: string, count: number, current: () => number, value: () => T, options: IngestionWaitOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.waiters.wait(() => current() >= count, value, timeoutMs, () => `${what}(${count}): timed out after ${timeoutMs}ms at ${current()}\n${this.describe()}`);
  }

  private describe(): string {
    if (this.recorded.length === 0) return 'no requests arrived';
    return this.recorded
      .slice(0, 20)
      .map((r) => `#${r.index} ${r.method} ${r.path} → ${r.status} (${r.eventCount} events, ${r.acceptedEvents} accepted, ${r.errors.length} errors${r.injected ? ', injected' : ''})`)
      .join('\n');
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return; // the client went away mid-body
    }
    const input: IngestionRequestInput = {
      method: request.method ?? 'GET',
      path: new URL(request.url ?? '/', 'http://receiver').pathname,
      headers: request.headers,
      body,
    };
    try {
      const fault = this.faults.take();
      if (fault && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
      if (fault?.status !== undefined) this.answerWithFault(input, fault, response);
      else this.answerWithContract(input, response);
    } catch (error) {
      // A receiver bug must show up as a failed request, not as a hung exporter.
      const message = JSON.stringify({ message: `receiver error: ${(error as Error).message}` });
      this.record(input, { status: 500, response: {}, eventCount: 0, accepted: [], errors: [], violations: [] }, message, false);
      this.send(response, 500, { 'content-type': 'application/json' }, message);
    }
  }

  private async delay(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.shutdown.signal });
      return true;
    } catch {
      return false;
    }
  }

  private answerWithFault(input: IngestionRequestInput, fault: ScriptedFault, response: ServerResponse): void {
    const decoded = decodeIngestionBody(input);
    const status = fault.status ?? 500;
    this.record(input, { status, response: {}, ...decoded, accepted: [], errors: [], violations: [] }, fault.body, true);
    this.send(response, status, { 'content-type': fault.contentType, ...fault.headers }, fault.body);
  }

  private answerWithContract(input: IngestionRequestInput, response: ServerResponse): void {
    const outcome = handleIngestionRequest(input, {
      publicKey: this.publicKey,
      secretKey: this.secretKey,
      maxBodyBytes: this.maxBodyBytes,
      typedEvents: this.typedEvents,
      seenEventIds: this.seenEventIds,
      knownTraces: this.knownTraces,
      injectedError: (event) => this.rules.match(event),
    });
    const requestIndex = this.recorded.length;
    for (const event of outcome.accepted) {
      this.seenEventIds.add(event.id);
      if (event.type === 'trace-create' && typeof event.body.id === 'string') this.knownTraces.add(event.body.id);
      this.accepted.push({ ...event, requestIndex });
    }
    const responseBody = JSON.stringify(outcome.response);
    this.record(input, outcome, responseBody, false);
    this.send(response, outcome.status, { 'content-type': 'application/json' }, responseBody);
  }

  private record(input: IngestionRequestInput, outcome: IngestionHandlerOutcome, responseBody: string, injected: boolean): void {
    const index = this.recorded.length;
    const headers = flattenHeaders(input.headers);
    const entry: IngestionRecordedRequest = {
      index,
      method: input.method,
      path: input.path,
      headers,
      bodyBytes: input.body.length,
      eventCount: outcome.eventCount,
      status: outcome.status,
      responseBody,
      injected,
      acceptedEvents: outcome.accepted.length,
      errors: outcome.errors,
      violations: outcome.violations.map((v) => ({ ...v, requestIndex: index })),
      receivedAt: Date.now(),
    };
    if (headers['content-type'] !== undefined) entry.contentType = headers['content-type'];
    if (outcome.body !== undefined) entry.body = outcome.body;
    this.recorded.push(entry);
    this.waiters.notify();
  }

  private send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  }
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
 * Starts a Langfuse legacy ingestion receiver on `127.0.0.1` (port 0 unless given). It checks
 * route, size (3.5 MB → 413), Basic auth (401), JSON `{ batch: [...] }` (400), then every event
 * (types, unique ids, ISO timestamps, body ids, `traceId` on observations, integer usage ≥ 0,
 * level enum, prompt pairing, …), and answers 207 `{ successes, errors }` like Langfuse.
 *
 * @example
 * ```ts
 * const receiver = await startLangfuseIngestionReceiver();
 * const exporter = new LangfuseIngestionExporter({ baseUrl: receiver.url, publicKey: receiver.publicKey, secretKey: receiver.secretKey });
 * receiver.failEvents((e) => e.type === 'generation-create');   // one per-event error
 * // … run code that exports …
 * await receiver.waitForObservations(3);
 * expect(receiver.violations()).toEqual([]);
 * await receiver.close();
 * ```
 */
export async function startLangfuseIngestionReceiver(options: LangfuseIngestionReceiverOptions = {}): Promise<LangfuseIngestionReceiver> {
  const maxBodyBytes = options.maxBodyBytes ?? LANGFUSE_INGESTION_LIMIT_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError(`startLangfuseIngestionReceiver: maxBodyBytes must be a positive integer, got ${String(options.maxBodyBytes)}`);
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
  return new LangfuseIngestionReceiverServer(
    server,
    port,
    host,
    options.publicKey ?? 'pk-lf-testkit',
    options.secretKey ?? 'sk-lf-testkit',
    maxBodyBytes,
    options.typedEvents ?? true,
  );
}
