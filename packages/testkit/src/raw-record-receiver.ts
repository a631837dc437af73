/**
 * A local stand-in for the raw telemetry record API (`POST /api/v1/telemetry/raw`): a real
 * `node:http` server that checks each record against the seed on its raw JSON text (exact
 * integer nanoseconds included), answers 200 or 422 `{"success": false, "error": {"detail": [...]}}`,
 * and records requests, records and findings.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionWaiters } from './condition-waiters.js';
import { FaultQueue, type FailNextOptions } from './fault-queue.js';
import type {
  FailRecordsOptions,
  RawRecordReceiver,
  RawRecordReceiverOptions,
  RawRecordRecordedRequest,
  RawRecordViolation,
  RawRecordWaitOptions,
  ReceivedRawRecord,
} from './raw-record-received.js';
import { checkRawRecordText, type RawRecordDetail } from './raw-record-rules.js';
import { flattenHeaders } from './recorded-request.js';

/** The route of the raw record API. */
export const RAW_RECORD_PATH = '/api/v1/telemetry/raw';
const DEFAULT_TIMEOUT_MS = 5000;

interface FailRule {
  predicate: (record: Record<string, unknown>) => boolean;
  status: number;
  detail: RawRecordDetail[];
  remaining: number;
}

interface Answer {
  status: number;
  body: unknown;
  injected: boolean;
  violations: Array<Omit<RawRecordViolation, 'requestIndex'>>;
  accepted?: Omit<ReceivedRawRecord, 'requestIndex'>;
}

/** The API's validation error shape. */
function validationError(detail: RawRecordDetail[] | string): { success: false; error: { detail: RawRecordDetail[] | string } } {
  return { success: false, error: { detail } };
}

class RawRecordReceiverServer implements RawRecordReceiver {
  readonly url: string;
  readonly recordUrl: string;
  private recorded: RawRecordRecordedRequest[] = [];
  private accepted: ReceivedRawRecord[] = [];
  private rules: FailRule[] = [];
  private readonly faults = new FaultQueue();
  private readonly waiters = new ConditionWaiters();
  private readonly sockets = new Set<Socket>();
  private readonly shutdown = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(private readonly server: Server, readonly port: number, host: string, readonly apiKey: string | undefined) {
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${urlHost}:${port}`;
    this.recordUrl = `${this.url}${RAW_RECORD_PATH}`;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void this.onRequest(request, response));
  }

  get requests(): readonly RawRecordRecordedRequest[] {
    return this.recorded;
  }

  records(): ReceivedRawRecord[] {
    return [...this.accepted];
  }

  trace(traceId: string): ReceivedRawRecord[] {
    const wanted = traceId.replaceAll('-', '').toLowerCase();
    return this.accepted.filter((r) => typeof r.record.trace_id === 'string' && r.record.trace_id.replaceAll('-', '').toLowerCase() === wanted);
  }

  violations(): RawRecordViolation[] {
    return this.recorded.flatMap((r) => r.violations);
  }

  waitForRecords(count: number, options: RawRecordWaitOptions = {}): Promise<ReceivedRawRecord[]> {
    return this.waitFor('waitForRecords', count, () => this.accepted.length, () => this.records(), options);
  }

  waitForRequests(count: number, options: RawRecordWaitOptions = {}): Promise<RawRecordRecordedRequest[]> {
    return this.waitFor('waitForRequests', count, () => this.recorded.length, () => [...this.recorded], options);
  }

  failNext(options: FailNextOptions): void {
    this.faults.push(options);
  }

  failRecords(predicate: (record: Record<string, unknown>) => boolean, options: FailRecordsOptions = {}): void {
    if (typeof predicate !== 'function') throw new TypeError('failRecords: predicate must be a function');
    const status = options.status ?? 422;
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new TypeError(`failRecords: status must be an HTTP status code, got ${String(status)}`);
    const detail = options.detail ?? [{ loc: ['body', 'trace_id'], msg: 'injected validation error', type: 'value_error' }];
    this.rules.push({ predicate, status, detail, remaining: options.count ?? Number.POSITIVE_INFINITY });
  }

  reset(): void {
    this.recorded = [];
    this.accepted = [];
    this.rules = [];
    this.faults.clear();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.shutdown.abort();
      this.waiters.failAll('raw record receiver closed before the wait was satisfied');
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private waitFor<T>(what: string, count: number, current: () => number, value: () => T, options: RawRecordWaitOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const describe = (): string =>
      this.recorded.length === 0
        ? 'no requests arrived'
        : this.recorded.map((r) => `#${r.index} ${r.method} ${r.path} → ${r.status}${r.injected ? ' (injected)' : ''} ${r.accepted ? '' : r.responseBody.slice(0, 160)}`).join('\n');
    return this.waiters.wait(() => current() >= count, value, timeoutMs, () => `${what}(${count}): timed out after ${timeoutMs}ms at ${current()}\n${describe()}`);
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return; // the client went away mid-body
    }
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    const headers = flattenHeaders(request.headers);
    const text = body.toString('utf8');
    let answer: Answer;
    try {
      const fault = this.faults.take();
      if (fault && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
      if (fault?.status !== undefined) {
        answer = { status: fault.status, body: fault.body, injected: true, violations: [] };
        this.finish(response, { method, path, headers, text, bodyBytes: body.length }, answer, { 'content-type': fault.contentType, ...fault.headers });
        return;
      }
      answer = this.judge(method, path, headers, text);
    } catch (error) {
      answer = { status: 500, body: { success: false, error: { detail: `receiver error: ${(error as Error).message}` } }, injected: false, violations: [] };
    }
    this.finish(response, { method, path, headers, text, bodyBytes: body.length }, answer, { 'content-type': 'application/json' });
  }

  /** Route, method, key, content type, then the record's fields. */
  private judge(method: string, path: string, headers: Record<string, string>, text: string): Answer {
    const refuse = (status: number, body: unknown, violations: Answer['violations'] = []): Answer => ({ status, body, injected: false, violations });
    if (path !== RAW_RECORD_PATH) return refuse(404, { detail: 'Not Found' });
    if (method !== 'POST') return refuse(405, { detail: 'Method Not Allowed' });
    if (this.apiKey !== undefined && headers['x-api-key'] !== this.apiKey) return refuse(401, validationError('Invalid or missing API key'));
    if (!/application\/json/i.test(headers['content-type'] ?? '')) {
      const detail: RawRecordDetail = { loc: ['header', 'content-type'], msg: 'must be application/json', type: 'content_type' };
      return refuse(422, validationError([detail]), [{ ...detail, severity: 'error' }]);
    }
    const check = checkRawRecordText(text);
    const violations: Answer['violations'] = [
      ...check.errors.map((d) => ({ ...d, severity: 'error' as const })),
      ...check.warnings.map((d) => ({ ...d, severity: 'silent' as const })),
    ];
    if (check.errors.length > 0 || !check.record) return refuse(422, validationError(check.errors), violations);
    const rule = this.matchingRule(check.record);
    if (rule) return { status: rule.status, body: validationError(rule.detail), injected: true, violations };
    const accepted: Answer['accepted'] = { record: check.record, text };
    if (check.startTimeUnixNano !== undefined) accepted.startTimeUnixNano = check.startTimeUnixNano;
    if (check.endTimeUnixNano !== undefined) accepted.endTimeUnixNano = check.endTimeUnixNano;
    return { status: 200, body: { success: true }, injected: false, violations, accepted };
  }

  private matchingRule(record: Record<string, unknown>): FailRule | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      let matches = false;
      try {
        matches = rule.predicate(record) === true;
      } catch {
        matches = false; // a throwing test predicate must not turn into a receiver error
      }
      if (!matches) continue;
      rule.remaining--;
      return rule;
    }
    return undefined;
  }

  private finish(
    response: ServerResponse,
    request: Pick<RawRecordRecordedRequest, 'method' | 'path' | 'headers' | 'text' | 'bodyBytes'>,
    answer: Answer,
    headers: Record<string, string>,
  ): void {
    const index = this.recorded.length;
    const responseBody = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    if (answer.accepted) this.accepted.push({ ...answer.accepted, requestIndex: index });
    this.recorded.push({
      index,
      ...request,
      status: answer.status,
      responseBody,
      injected: answer.injected,
      accepted: answer.accepted !== undefined,
      violations: answer.violations.map((v) => ({ ...v, requestIndex: index })),
      receivedAt: Date.now(),
    });
    this.waiters.notify();
    if (response.destroyed || response.writableEnded) return;
    response.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(responseBody)) });
    response.end(responseBody);
  }

  private async delay(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.shutdown.signal });
      return true;
    } catch {
      return false;
    }
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
 * Starts a raw record receiver on `127.0.0.1` (port 0 unless given). Each request is one
 * record: route and method, `X-API-Key` (only when `apiKey` is configured), JSON, then every
 * field per the seed: 32-hex or UUID `trace_id`, 16-hex `span_id`, integer nanosecond times
 * checked on their exact digits, the level enum, `error` boolean, `extra` object. Answers 200
 * `{"success": true}` or 422 `{"success": false, "error": {"detail": [...]}}`.
 *
 * @example
 * ```ts
 * const receiver = await startRawRecordReceiver({ apiKey: 'rk_test' });
 * const exporter = new RawRecordExporter({ baseUrl: receiver.url, apiKey: 'rk_test' });
 * // … run code that exports …
 * const [first] = await receiver.waitForRecords(3);
 * expect(first.startTimeUnixNano).toBe('1716566400123456789');
 * await receiver.close();
 * ```
 */
export async function startRawRecordReceiver(options: RawRecordReceiverOptions = {}): Promise<RawRecordReceiver> {
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(options.apiKey))) {
    throw new TypeError('startRawRecordReceiver: apiKey must be visible ASCII without spaces');
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
  return new RawRecordReceiverServer(server, port, host, options.apiKey);
}
