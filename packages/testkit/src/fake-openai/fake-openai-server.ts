/**
 * A local stand-in for the OpenAI REST API: a real `node:http` server that the real `openai`
 * SDK and the AI SDK's `@ai-sdk/openai` provider talk to unchanged, answering whatever the
 * test scripted (text, parallel tool calls, usage, errors, slow or broken streams) and
 * recording every request, so instrumentation can be tested against real client code.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionWaiters } from '../condition-waiters.js';
import type { AnswerPlan } from './answer-plan.js';
import type { FakeOpenAI, FakeOpenAIOptions, FakeOpenAIResponder, FakeOpenAIWaitOptions } from './fake-openai-api.js';
import { validateReply, type FakeReply, type FakeReplyInput } from './fake-reply.js';
import { DEFAULT_FAKE_MODELS } from './models.js';
import { errorAnswer } from './openai-error.js';
import { writePlan } from './plan-writer.js';
import { describeOpenAIRequests, endpointOf, redactHeaders, type FakeOpenAIRequest } from './recorded-openai-request.js';
import { resolveReply } from './resolve-reply.js';
import { routeRequest, type GenerationRoute } from './route-request.js';
import { listen } from '../listen.js';

const DEFAULT_TIMEOUT_MS = 5000;
const FAKE_API_KEY = 'sk-fake-openai-testkit';

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJson(raw: Buffer): { body: unknown; invalidJson: boolean } {
  if (raw.length === 0) return { body: undefined, invalidJson: false };
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown, invalidJson: false };
  } catch {
    return { body: undefined, invalidJson: true };
  }
}

function bodyField(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

class FakeOpenAIServer implements FakeOpenAI {
  readonly url: string;
  readonly baseURL: string;
  readonly apiKey = FAKE_API_KEY;
  private recorded: FakeOpenAIRequest[] = [];
  private queue: FakeReply[] = [];
  private responder: FakeOpenAIResponder | undefined;
  /** Never reset, so ids (`chatcmpl-fake7`, `call_fake_7_0`) stay unique for the server's life. */
  private serial = 0;
  private readonly waiters = new ConditionWaiters();
  private readonly sockets = new Set<Socket>();
  private readonly shutdown = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    readonly port: number,
    host: string,
    private readonly options: FakeOpenAIOptions,
  ) {
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.baseURL = `${this.url}/v1`;
    this.responder = options.respond;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void this.onRequest(request, response);
    });
  }

  get requests(): readonly FakeOpenAIRequest[] {
    return this.recorded;
  }

  get pendingReplies(): number {
    return this.queue.length;
  }

  enqueue(...replies: FakeReplyInput[]): void {
    // Validate all first so a bad reply in the middle does not leave half the batch queued.
    const valid = replies.map(validateReply);
    this.queue.push(...valid);
  }

  respondWith(responder: FakeOpenAIResponder | undefined): void {
    this.responder = responder;
  }

  waitForRequests(count: number, options: FakeOpenAIWaitOptions = {}): Promise<FakeOpenAIRequest[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (this.shutdown.signal.aborted && this.recorded.length < count) {
      // Nothing can arrive any more; failing now beats waiting out the timeout.
      return Promise.reject(new Error(`waitForRequests(${count}): the fake OpenAI server is closed (${this.recorded.length} request(s) arrived)`));
    }
    return this.waiters.wait(
      () => this.recorded.length >= count,
      () => [...this.recorded],
      timeoutMs,
      () => `waitForRequests(${count}): timed out after ${timeoutMs}ms with ${this.recorded.length} request(s)\n${describeOpenAIRequests(this.recorded)}`,
    );
  }

  reset(): void {
    this.recorded = [];
    this.queue = [];
    this.responder = this.options.respond;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.shutdown.abort();
      this.waiters.failAll('fake OpenAI server closed before the wait was satisfied');
      this.server.close(() => resolve());
      // Keep-alive connections and streams in flight would otherwise hold the server open.
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw: Buffer;
    try {
      raw = await readBody(request);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    this.serial += 1;
    const serial = this.serial;
    const url = new URL(request.url ?? '/', 'http://fake-openai');
    const { body, invalidJson } = parseJson(raw);
    const headers = redactHeaders(request.headers);
    const model = bodyField(body, 'model');
    const record: FakeOpenAIRequest = {
      index: this.recorded.length,
      method: request.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      endpoint: endpointOf(url.pathname),
      headers,
      hasAuthorization: request.headers.authorization !== undefined || request.headers['api-key'] !== undefined,
      body,
      bodyBytes: raw.length,
      stream: bodyField(body, 'stream') === true,
      receivedAt: Date.now(),
      dropped: false,
    };
    if (typeof model === 'string') record.model = model;
    this.recorded.push(record);
    this.waiters.notify();

    const baseHeaders = { 'x-request-id': `req_fake_${serial}` };
    const route = routeRequest({ method: record.method, path: record.path, body, invalidJson, stream: record.stream, models: this.options.models ?? DEFAULT_FAKE_MODELS });
    if (route.kind === 'fixed') {
      await this.deliver(response, record, route.plan, {}, baseHeaders);
      return;
    }
    await this.answerGeneration(response, record, route, serial, baseHeaders);
  }

  private async answerGeneration(
    response: ServerResponse,
    record: FakeOpenAIRequest,
    route: GenerationRoute,
    serial: number,
    baseHeaders: Record<string, string>,
  ): Promise<void> {
    let reply: FakeReply;
    let plan: AnswerPlan;
    try {
      reply = this.queue.shift() ?? validateReply((await this.responder?.(record)) ?? {});
      plan = reply.error ? errorAnswer(reply.error) : route.render(resolveReply(reply, { body: record.body, serial, idPrefix: route.idPrefix }));
    } catch (error) {
      // A scripting mistake must fail the test visibly, not hang the client.
      const message = `fake-openai: could not build the reply: ${(error as Error).message}`;
      await this.deliver(response, record, errorAnswer({ status: 500, message }), {}, baseHeaders);
      return;
    }
    if (reply.delayMs && !(await this.pause(reply.delayMs))) return;
    await this.deliver(response, record, plan, reply.error ? {} : reply, { ...baseHeaders, ...reply.headers });
  }

  private async deliver(
    response: ServerResponse,
    record: FakeOpenAIRequest,
    plan: AnswerPlan,
    reply: Pick<FakeReply, 'chunkDelayMs' | 'dropAfterChunks'>,
    headers: Record<string, string>,
  ): Promise<void> {
    const outcome = await writePlan(response, plan, {
      chunkDelayMs: reply.chunkDelayMs ?? 0,
      dropAfterChunks: reply.dropAfterChunks,
      headers,
      signal: this.shutdown.signal,
      onHead: (status) => {
        record.status = status;
      },
    });
    if (outcome === 'dropped') record.dropped = true;
  }

  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.shutdown.signal });
      return true;
    } catch {
      return false; // closed while waiting
    }
  }
}

/**
 * Starts a fake OpenAI server on `127.0.0.1` (port 0 unless given) and resolves once it is
 * listening. `url` is the bare origin; clients need `baseURL` (`url + '/v1'`).
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAI();
 * const client = new OpenAI({ baseURL: fake.baseURL, apiKey: fake.apiKey, maxRetries: 0 });
 * fake.enqueue({ text: 'Hi there', chunks: 2, usage: { inputTokens: 5, outputTokens: 2 } });
 * const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
 * // … assert on what the instrumentation recorded, and on fake.requests …
 * await fake.close();
 * ```
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  const port = await listen(server, host, options.port ?? 0);
  return new FakeOpenAIServer(server, port, host, options);
}
