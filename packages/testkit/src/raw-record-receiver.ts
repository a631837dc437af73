/**
 * A local stand-in for the raw telemetry record API (`POST /api/v1/telemetry/raw`): a real
 * `node:http` server that checks each record against the seed on its raw JSON text (exact
 * integer nanoseconds included), answers 200 or 422 `{"success": false, "error": {"detail": [...]}}`,
 * and records requests, records and findings.
 */
import type { ServerResponse } from 'node:http';
import type { FailNextOptions } from './fault-queue.js';
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
import { startReceiverServer, sendResponse, type ReceivedInput, type ReceiverServer } from './receiver-server.js';
import { flattenHeaders } from './recorded-request.js';

/** The route of the raw record API. */
export const RAW_RECORD_PATH = '/api/v1/telemetry/raw';

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
  // Own fields, not getters, so the receiver object looks as it did before the shared server.
  readonly url: string;
  readonly port: number;
  readonly recordUrl: string;
  private accepted: ReceivedRawRecord[] = [];
  private rules: FailRule[] = [];

  constructor(private readonly http: ReceiverServer<RawRecordRecordedRequest>, readonly apiKey: string | undefined) {
    this.url = http.url;
    this.port = http.port;
    this.recordUrl = `${this.url}${RAW_RECORD_PATH}`;
    // No `reset` route: this receiver has never honoured reset or processed faults.
    http.serve({
      fault: (input, fault, response) =>
        this.finish(response, input, { status: fault.status ?? 500, body: fault.body, injected: true, violations: [] }, { 'content-type': fault.contentType, ...fault.headers }),
      contract: (input, response) => {
        const request = describeInput(input);
        this.finish(response, input, this.judge(request.method, request.path, request.headers, request.text), JSON_HEADERS);
      },
      error: (input, error, response) => {
        const body = { success: false, error: { detail: `receiver error: ${error.message}` } };
        this.finish(response, input, { status: 500, body, injected: false, violations: [] }, JSON_HEADERS);
      },
    });
  }

  get requests(): readonly RawRecordRecordedRequest[] {
    return this.http.requests;
  }

  records(): ReceivedRawRecord[] {
    return [...this.accepted];
  }

  trace(traceId: string): ReceivedRawRecord[] {
    const wanted = traceId.replaceAll('-', '').toLowerCase();
    return this.accepted.filter((r) => typeof r.record.trace_id === 'string' && r.record.trace_id.replaceAll('-', '').toLowerCase() === wanted);
  }

  violations(): RawRecordViolation[] {
    return this.http.requests.flatMap((r) => r.violations);
  }

  waitForRecords(count: number, options: RawRecordWaitOptions = {}): Promise<ReceivedRawRecord[]> {
    return this.waitFor('waitForRecords', count, () => this.accepted.length, () => this.records(), options);
  }

  waitForRequests(count: number, options: RawRecordWaitOptions = {}): Promise<RawRecordRecordedRequest[]> {
    return this.waitFor('waitForRequests', count, () => this.http.requests.length, () => [...this.http.requests], options);
  }

  failNext(options: FailNextOptions): void {
    this.http.failNext(options);
  }

  failRecords(predicate: (record: Record<string, unknown>) => boolean, options: FailRecordsOptions = {}): void {
    if (typeof predicate !== 'function') throw new TypeError('failRecords: predicate must be a function');
    const status = options.status ?? 422;
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new TypeError(`failRecords: status must be an HTTP status code, got ${String(status)}`);
    const detail = options.detail ?? [{ loc: ['body', 'trace_id'], msg: 'injected validation error', type: 'value_error' }];
    this.rules.push({ predicate, status, detail, remaining: options.count ?? Number.POSITIVE_INFINITY });
  }

  reset(): void {
    this.http.reset();
    this.accepted = [];
    this.rules = [];
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private waitFor<T>(what: string, count: number, current: () => number, value: () => T, options: RawRecordWaitOptions): Promise<T> {
    const describe = (): string =>
      this.http.requests.length === 0
        ? 'no requests arrived'
        : this.http.requests.map((r) => `#${r.index} ${r.method} ${r.path} → ${r.status}${r.injected ? ' (injected)' : ''} ${r.accepted ? '' : r.responseBody.slice(0, 160)}`).join('\n');
    return this.http.waitForCount(what, count, current, value, options.timeoutMs, describe);
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

  private finish(response: ServerResponse, input: ReceivedInput, answer: Answer, headers: Record<string, string>): void {
    const index = this.http.nextIndex;
    const responseBody = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    if (answer.accepted) this.accepted.push({ ...answer.accepted, requestIndex: index });
    this.http.record({
      index,
      ...describeInput(input),
      status: answer.status,
      responseBody,
      injected: answer.injected,
      accepted: answer.accepted !== undefined,
      violations: answer.violations.map((v) => ({ ...v, requestIndex: index })),
      receivedAt: Date.now(),
    });
    sendResponse(response, answer.status, headers, responseBody);
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The request fields a recorded raw request keeps: headers flattened, the body as text. */
function describeInput(input: ReceivedInput): Pick<RawRecordRecordedRequest, 'method' | 'path' | 'headers' | 'text' | 'bodyBytes'> {
  return { method: input.method, path: input.path, headers: flattenHeaders(input.headers), text: input.body.toString('utf8'), bodyBytes: input.body.length };
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
  const http = await startReceiverServer<RawRecordRecordedRequest>({
    port: options.port,
    host: options.host,
    closedMessage: 'raw record receiver closed before the wait was satisfied',
    fullFaults: false,
  });
  return new RawRecordReceiverServer(http, options.apiKey);
}
