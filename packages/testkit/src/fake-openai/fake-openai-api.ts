/**
 * The public shape of the fake OpenAI server: options, the handle tests hold, and the
 * responder hook. Kept apart from the server so the contract reads on one screen.
 */
import type { FakeReplyInput } from './fake-reply.js';
import type { FakeOpenAIRequest } from './recorded-openai-request.js';

/**
 * Decides the reply to a generation request when no enqueued reply is waiting. Return
 * `undefined` for the default echo reply. A throw is answered as a 500 `server_error` that
 * carries the message, so the failing test shows it.
 */
export type FakeOpenAIResponder = (request: FakeOpenAIRequest) => FakeReplyInput | undefined | Promise<FakeReplyInput | undefined>;

/** Options for `startFakeOpenAI()`. */
export interface FakeOpenAIOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Replies to generation requests once the `enqueue` queue is empty. */
  respond?: FakeOpenAIResponder;
  /** Model ids `GET /v1/models` lists; default `DEFAULT_FAKE_MODELS`. */
  models?: readonly string[];
}

/** Options for {@link FakeOpenAI.waitForRequests}. */
export interface FakeOpenAIWaitOptions {
  /** Give up after this many ms; default 5000. */
  timeoutMs?: number;
}

/** A running fake. Create with `startFakeOpenAI()`; always `close()` it. */
export interface FakeOpenAI {
  /** Server origin without `/v1`, e.g. `http://127.0.0.1:40123`. Clients need {@link FakeOpenAI.baseURL}. */
  readonly url: string;
  /** `${url}/v1`: pass as `baseURL` to `new OpenAI()` or `createOpenAI()`, or set `OPENAI_BASE_URL` to it. */
  readonly baseURL: string;
  /** The port actually bound. */
  readonly port: number;
  /** A key to configure clients with. Any key is accepted; this one is recognisable in leak checks. */
  readonly apiKey: string;
  /** Every request since start or the last `reset()`, in arrival order. */
  readonly requests: readonly FakeOpenAIRequest[];
  /** Enqueued replies not yet used. */
  readonly pendingReplies: number;
  /**
   * Queues replies for the next generation requests (chat, Responses, completions,
   * embeddings), one each, in order; they win over `respond`. Models listings, 404s and
   * requests rejected by validation do not consume them. Throws on an invalid reply.
   */
  enqueue(...replies: FakeReplyInput[]): void;
  /** Replaces the responder (`undefined` restores the default echo). `reset()` restores the one from the options. */
  respondWith(responder: FakeOpenAIResponder | undefined): void;
  /** Resolves with `requests` once at least `count` requests arrived; rejects on timeout saying what did. */
  waitForRequests(count: number, options?: FakeOpenAIWaitOptions): Promise<FakeOpenAIRequest[]>;
  /** Forgets recorded requests and queued replies, and restores the responder from the options. */
  reset(): void;
  /** Stops listening and destroys open connections (streams in flight included). Safe to call twice. */
  close(): Promise<void>;
}
