/**
 * A local stand-in for Langfuse's legacy batch ingestion API (`POST /api/public/ingestion`):
 * a real `node:http` server that answers like Langfuse (207 with per-event successes and
 * errors), checks every event, and records what it accepted and every violation.
 */
import type { ServerResponse } from 'node:http';
import type { FailNextOptions, ScriptedFault } from './fault-queue.js';
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
import { sendResponse, startReceiverServer, type ReceiverServer } from './receiver-server.js';
import { flattenHeaders } from './recorded-request.js';

type EventPredicate = Parameters<LangfuseIngestionReceiver['failEvents']>[0];

class LangfuseIngestionReceiverServer implements LangfuseIngestionReceiver {
  // Own fields, not getters, so the receiver object looks as it did before the shared server.
  readonly url: string;
  readonly port: number;
  readonly ingestionUrl: string;
  readonly authorizationHeader: string;
  private accepted: ReceivedIngestionEvent[] = [];
  private seenEventIds = new Set<string>();
  private knownTraces = new Set<string>();
  private readonly rules = new EventFailRules();

  constructor(
    private readonly http: ReceiverServer<IngestionRecordedRequest>,
    readonly publicKey: string,
    readonly secretKey: string,
    private readonly maxBodyBytes: number,
    private readonly typedEvents: boolean,
  ) {
    this.url = http.url;
    this.port = http.port;
    this.ingestionUrl = `${this.url}${LANGFUSE_INGESTION_PATH}`;
    this.authorizationHeader = basicAuthHeader(publicKey, secretKey);
    // No `reset` route: this receiver has never honoured reset or processed faults.
    http.serve({
      fault: (input, fault, response) => this.answerWithFault(input, fault, response),
      contract: (input, response) => this.answerWithContract(input, response),
      error: (input, error, response) => {
        const message = JSON.stringify({ message: `receiver error: ${error.message}` });
        this.record(input, { status: 500, response: {}, eventCount: 0, accepted: [], errors: [], violations: [] }, message, false);
        sendResponse(response, 500, { 'content-type': 'application/json' }, message);
      },
    });
  }

  get requests(): readonly IngestionRecordedRequest[] {
    return this.http.requests;
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
        into[key] = key === 'tags' && Array.isArray(into.tags) && Array.isArray(value) ? [...new Set([...(into.tags as unknown[]), ...(value as unknown[])])] : value;
      }
      merged.set(event.body.id, into);
    }
    return [...merged.values()];
  }

  trace(traceId: string): ReceivedIngestionEvent[] {
    return this.observations().filter((e) => e.body.traceId === traceId);
  }

  violations(): IngestionViolation[] {
    return this.http.requests.flatMap((r) => r.violations);
  }

  waitForObservations(count: number, options: IngestionWaitOptions = {}): Promise<ReceivedIngestionEvent[]> {
    return this.waitFor('waitForObservations', count, () => this.observations().length, () => this.observations(), options);
  }

  waitForEvents(count: number, options: IngestionWaitOptions = {}): Promise<ReceivedIngestionEvent[]> {
    return this.waitFor('waitForEvents', count, () => this.accepted.length, () => this.events(), options);
  }

  waitForRequests(count: number, options: IngestionWaitOptions = {}): Promise<IngestionRecordedRequest[]> {
    return this.waitFor('waitForRequests', count, () => this.http.requests.length, () => [...this.http.requests], options);
  }

  failNext(options: FailNextOptions): void {
    this.http.failNext(options);
  }

  failEvents(predicate: EventPredicate, options: FailEventsOptions = {}): void {
    this.rules.add(predicate, options);
  }

  reset(): void {
    this.http.reset();
    this.accepted = [];
    this.seenEventIds = new Set();
    this.knownTraces = new Set();
    this.rules.clear();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private waitFor<T>(what: string, count: number, current: () => number, value: () => T, options: IngestionWaitOptions): Promise<T> {
    return this.http.waitForCount(what, count, current, value, options.timeoutMs, () => this.describe());
  }

  private describe(): string {
    if (this.http.requests.length === 0) return 'no requests arrived';
    return this.http.requests
      .slice(0, 20)
      .map((r) => `#${r.index} ${r.method} ${r.path} → ${r.status} (${r.eventCount} events, ${r.acceptedEvents} accepted, ${r.errors.length} errors${r.injected ? ', injected' : ''})`)
      .join('\n');
  }

  private answerWithFault(input: IngestionRequestInput, fault: ScriptedFault, response: ServerResponse): void {
    const decoded = decodeIngestionBody(input);
    const status = fault.status ?? 500;
    this.record(input, { status, response: {}, ...decoded, accepted: [], errors: [], violations: [] }, fault.body, true);
    sendResponse(response, status, { 'content-type': fault.contentType, ...fault.headers }, fault.body);
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
    const requestIndex = this.http.nextIndex;
    for (const event of outcome.accepted) {
      this.seenEventIds.add(event.id);
      if (event.type === 'trace-create' && typeof event.body.id === 'string') this.knownTraces.add(event.body.id);
      this.accepted.push({ ...event, requestIndex });
    }
    const responseBody = JSON.stringify(outcome.response);
    this.record(input, outcome, responseBody, false);
    sendResponse(response, outcome.status, { 'content-type': 'application/json' }, responseBody);
  }

  private record(input: IngestionRequestInput, outcome: IngestionHandlerOutcome, responseBody: string, injected: boolean): void {
    const index = this.http.nextIndex;
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
    this.http.record(entry);
  }
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
  const http = await startReceiverServer<IngestionRecordedRequest>({
    port: options.port,
    host: options.host,
    closedMessage: 'Langfuse ingestion receiver closed before the wait was satisfied',
    fullFaults: false,
  });
  return new LangfuseIngestionReceiverServer(
    http,
    options.publicKey ?? 'pk-lf-testkit',
    options.secretKey ?? 'sk-lf-testkit',
    maxBodyBytes,
    options.typedEvents ?? true,
  );
}
