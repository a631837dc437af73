/**
 * The HTTP machinery every receiver shares: listening on a port, tracking sockets, taking the
 * listener down and up, closing once, reading bodies, scripted faults, the request log and
 * its waits. Kept in one place so the receivers only hold what their contract decides, and so
 * a fault or a `close()` behaves the same whichever backend a test stands in for.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionWaiters } from './condition-waiters.js';
import { FaultQueue, type FailNextOptions, type ScriptedFault } from './fault-queue.js';
import { ListenerControl, resetMidBody } from './listener-control.js';
import { listen } from './listen.js';

/** Default for the `timeoutMs` of every `waitFor…` helper. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5000;

/** A request as the handlers see it: the body fully read, the path without its query string. */
export interface ReceivedInput {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** How a receiver answers each request; the server decides which of these runs. */
export interface RequestRoutes {
  /**
   * A `reset` fault cut the connection after `input.body` arrived; record it (nothing to
   * answer). Only called with `fullFaults`; without this route a reset fault is not honoured.
   */
  reset?(input: ReceivedInput): void;
  /** A fault with a `status` answers instead of the contract. */
  fault(input: ReceivedInput, fault: ScriptedFault, response: ServerResponse): Promise<void> | void;
  /** Normal handling; `fault` is set for a `processed` fault, whose answer replaces the real one. */
  contract(input: ReceivedInput, response: ServerResponse, fault?: ScriptedFault): Promise<void> | void;
  /** A route threw: answer and record a 500 so a receiver bug shows as a failed request, not a hang. */
  error(input: ReceivedInput, error: Error, response: ServerResponse): void;
}

/** Options for {@link startReceiverServer}. */
export interface ReceiverServerOptions<R = unknown> {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Names the receiver in the error that pending waits reject with on `close()`. */
  closedMessage: string;
  /**
   * `true`: the fault is taken when the request arrives (so a `reset` can cut its body short)
   * and `reset`/`processed` faults are honoured. `false`: the fault is taken once the body is
   * in, and only `status`/`delayMs` count — the older receivers' documented behaviour.
   */
  fullFaults: boolean;
  /**
   * `false`: keep no request log (`requests` stays empty), so a long-running receiver holds
   * nothing; each request still reaches `onRecord` and gets its index. Default `true`.
   */
  keepRecords?: boolean;
  /**
   * Called with each recorded request after it is logged. A throw from it is rethrown on a
   * later tick (an uncaught exception): it must not change the receiver's answer, and a bug
   * in it must not pass unnoticed.
   */
  onRecord?: (entry: R) => void;
}

/**
 * One listening receiver plus its request log. Receivers hold one by composition (not
 * inheritance) so none of them gains public methods its interface does not promise.
 */
export class ReceiverServer<R> {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Scripted answers for the next requests. */
  readonly faults = new FaultQueue();
  /** Waits re-checked after every recorded request. */
  readonly waiters = new ConditionWaiters();
  private recorded: R[] = [];
  private recordedCount = 0;
  private routes: RequestRoutes | undefined;
  private readonly shutdown = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly listener: ListenerControl,
    readonly port: number,
    host: string,
    private readonly options: ReceiverServerOptions<R>,
  ) {
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${urlHost}:${port}`;
  }

  /**
   * Connects the receiver's handlers. Receivers call it from their constructor, which runs
   * before the event loop can deliver a request; the 503 in `handle` is only a guard.
   */
  serve(routes: RequestRoutes): void {
    this.routes = routes;
  }

  /** Every request since start or the last `reset()`, in arrival order (the live array). */
  get requests(): readonly R[] {
    return this.recorded;
  }

  /** Index the next recorded request will get. */
  get nextIndex(): number {
    return this.recordedCount;
  }

  /** True unless the receiver was started with `keepRecords: false`. */
  get keepsRecords(): boolean {
    return this.options.keepRecords !== false;
  }

  /** Appends a request to the log (unless records are not kept), wakes the waits, calls `onRecord`. */
  record(entry: R): void {
    this.recordedCount += 1;
    if (this.keepsRecords) this.recorded.push(entry);
    this.waiters.notify();
    const onRecord = this.options.onRecord;
    if (!onRecord) return;
    try {
      onRecord(entry);
    } catch (error) {
      setImmediate(() => {
        throw error;
      });
    }
  }

  /** Forgets recorded requests and drops queued faults. */
  reset(): void {
    this.recorded = [];
    this.recordedCount = 0;
    this.faults.clear();
  }

  /** See `failNext` on the receivers. */
  failNext(options: FailNextOptions): void {
    this.faults.push(options);
  }

  /** See `setDown` on the receivers. */
  setDown(down: boolean): Promise<void> {
    return this.listener.setDown(down);
  }

  /** True while `setDown(true)` is in effect. */
  get isDown(): boolean {
    return this.listener.isDown;
  }

  /**
   * Resolves with `value()` once `current() >= count`; on timeout rejects with
   * `<what>(<count>): timed out after <ms>ms at <current>` and `details()` below it.
   */
  waitForCount<T>(what: string, count: number, current: () => number, value: () => T, timeoutMs: number | undefined, details: () => string): Promise<T> {
    const ms = timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    return this.waiters.wait(() => current() >= count, value, ms, () => `${what}(${count}): timed out after ${ms}ms at ${current()}\n${details()}`);
  }

  /** Stops listening and destroys open connections; pending waits reject. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (() => {
      this.shutdown.abort();
      this.waiters.failAll(this.options.closedMessage);
      // Destroying sockets ends keep-alive connections that would otherwise hold the server
      // (and the test process) open.
      return this.listener.close();
    })();
    return this.closing;
  }

  /** Reads the body, applies any scripted fault, and hands the request to the right route. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const routes = this.routes;
    if (!routes) {
      sendResponse(response, 503, { 'content-type': 'text/plain' }, 'receiver starting');
      return;
    }
    const full = this.options.fullFaults;
    let fault = full ? this.faults.take() : undefined;
    if (fault?.reset && routes.reset) {
      routes.reset(requestInput(request, await resetMidBody(request, fault.resetAfterBytes)));
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    const input = requestInput(request, body);
    try {
      if (!full) fault = this.faults.take();
      if (fault && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
      if (full && fault?.processed) await routes.contract(input, response, fault);
      else if (fault?.status !== undefined) await routes.fault(input, fault, response);
      else await routes.contract(input, response);
    } catch (error) {
      routes.error(input, error as Error, response);
    }
  }

  /** Sleeps `ms`; false when the receiver closed meanwhile (then nothing should be answered). */
  private async delay(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.shutdown.signal });
      return true;
    } catch {
      return false;
    }
  }
}

/** Starts listening (port 0 unless given) and resolves once bound. */
export async function startReceiverServer<R>(options: ReceiverServerOptions<R>): Promise<ReceiverServer<R>> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  const port = await listen(server, host, options.port ?? 0);
  const receiver = new ReceiverServer<R>(new ListenerControl(server, host, port), port, host, options);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => void receiver.handle(request, response));
  return receiver;
}

/** Reads a whole request body; rejects when the client goes away mid-body. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The handler input for `request` with `body`. */
export function requestInput(request: IncomingMessage, body: Buffer): ReceivedInput {
  return {
    method: request.method ?? 'GET',
    path: new URL(request.url ?? '/', 'http://receiver').pathname,
    headers: request.headers,
    body,
  };
}

/** Answers with an exact `content-length`, unless the client already went away. */
export function sendResponse(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}
