/**
 * What a test can make the fake OpenAI server answer. One reply shape serves every
 * generation endpoint (chat, Responses, legacy completions, embeddings): each endpoint reads
 * the fields that make sense for it, so a test scripts "the model says X" once and can point
 * either SDK at any endpoint.
 */

/** Why generation stopped, in Chat Completions terms (the Responses API maps it to `status`). */
export type FakeFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * Token counts for one reply. Counts are inclusive, as OpenAI reports them: `inputTokens`
 * includes `cachedInputTokens` and `outputTokens` includes `reasoningTokens`. Nothing checks
 * that the parts fit inside the whole, so tests can feed inconsistent numbers on purpose.
 */
export interface FakeUsage {
  /** `prompt_tokens` / `input_tokens`; default {@link FAKE_OPENAI_DEFAULT_USAGE}`.inputTokens`. */
  inputTokens?: number;
  /** `completion_tokens` / `output_tokens`; default {@link FAKE_OPENAI_DEFAULT_USAGE}`.outputTokens`. */
  outputTokens?: number;
  /** `total_tokens`; default input + output (embeddings: input only). */
  totalTokens?: number;
  /** `prompt_tokens_details.cached_tokens` / `input_tokens_details.cached_tokens`; default 0. */
  cachedInputTokens?: number;
  /** `completion_tokens_details.reasoning_tokens` / `output_tokens_details.reasoning_tokens`; default 0. */
  reasoningTokens?: number;
}

/**
 * Usage reported when a reply does not say otherwise. Fixed numbers (not derived from the
 * prompt) so a test can assert usage without re-implementing a tokenizer; input and output
 * differ so a swapped mapping fails.
 */
export const FAKE_OPENAI_DEFAULT_USAGE: Readonly<Required<FakeUsage>> = Object.freeze({
  inputTokens: 11,
  outputTokens: 7,
  totalTokens: 18,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

/** One function call the model makes. */
export interface FakeToolCall {
  /** Function name. */
  name: string;
  /** Arguments: JSON text sent as is (valid or not), or an object that is JSON-encoded. Default `{}`. */
  arguments?: string | Record<string, unknown>;
  /** Tool call id (`call_id` in the Responses API); default `call_fake_<n>_<i>`. */
  id?: string;
  /**
   * How the arguments stream: a number of near-equal fragments, or the exact fragments (which
   * must join to the arguments). Default: fragments of at most 8 characters.
   */
  argumentChunks?: number | string[];
}

/** An HTTP error answered in OpenAI's shape `{"error":{"message","type","param","code"}}`. */
export interface FakeErrorReply {
  /** HTTP status (400-599). */
  status: number;
  /** `error.message`; default `fake-openai: injected <status> error`. */
  message?: string;
  /**
   * `error.type`; default by status like OpenAI: 429 → `requests`, ≥ 500 → `server_error`,
   * otherwise `invalid_request_error`.
   */
  type?: string;
  /** `error.code`; default by status: 401 → `invalid_api_key`, 429 → `rate_limit_exceeded`, else `null`. */
  code?: string | null;
  /** `error.param`; default `null`. */
  param?: string | null;
  /** `Retry-After` header value (seconds, or an HTTP date as text). */
  retryAfter?: number | string;
}

/** The scripted answer to one generation request. Every field is optional. */
export interface FakeReply {
  /**
   * Assistant text. Default: `echo: <last user message>` (or `echo: (no user message)`),
   * and no text at all when `toolCalls` are given.
   */
  text?: string;
  /**
   * How the text streams: a number of near-equal pieces, or the exact pieces (which must
   * join to `text`; when `text` is absent they define it). Default: one piece per word,
   * each word carrying its leading whitespace, as OpenAI's tokens do.
   */
  chunks?: number | string[];
  /** Function calls, answered in order (in parallel, as one assistant turn). */
  toolCalls?: FakeToolCall[];
  /** Token counts; missing fields fall back to {@link FAKE_OPENAI_DEFAULT_USAGE}. */
  usage?: FakeUsage;
  /** Response `model`; default the request's `model`. */
  model?: string;
  /** Default `tool_calls` when `toolCalls` are given, else `stop`. */
  finishReason?: FakeFinishReason;
  /**
   * Embedding vectors for `/v1/embeddings`, one per input in order; inputs past the end get
   * the deterministic default vector. Base64 answers carry them as float32, so values that
   * float32 cannot represent exactly come back rounded (as from OpenAI).
   */
  embeddings?: number[][];
  /** Response id (`chatcmpl-…`, `resp_…`, `cmpl-…`); default a fake id unique per server. */
  id?: string;
  /** Wait this long before answering at all (headers included), in ms. */
  delayMs?: number;
  /** Wait this long between stream events, in ms. */
  chunkDelayMs?: number;
  /**
   * Drop the connection abruptly (no terminating chunk) after writing this many SSE events.
   * `0`, or any value for a non-stream request, drops it before answering. Note the openai
   * SDK retries connection errors unless `maxRetries: 0`.
   */
  dropAfterChunks?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Answer with this HTTP error instead (only `delayMs` and `headers` still apply). */
  error?: FakeErrorReply;
}

/** A reply as tests may write it: a bare string is `{ text }`. */
export type FakeReplyInput = FakeReply | string;

function checkCount(value: unknown, name: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
    throw new TypeError(`fake-openai reply: ${name} must be a non-negative integer, got ${String(value)}`);
  }
}

function checkPieces(value: unknown, name: string): void {
  if (value === undefined) return;
  if (Array.isArray(value) ? !value.every((piece) => typeof piece === 'string') : !(Number.isSafeInteger(value) && (value as number) >= 1)) {
    throw new TypeError(`fake-openai reply: ${name} must be a positive integer or an array of strings`);
  }
}

/**
 * Normalises a reply and throws a `TypeError` naming the offending option, so a mistake in
 * a test script fails at `enqueue()` rather than as a confusing SDK error later.
 */
export function validateReply(input: FakeReplyInput): FakeReply {
  const reply: FakeReply = typeof input === 'string' ? { text: input } : input;
  if (typeof reply !== 'object' || reply === null) throw new TypeError('fake-openai reply: expected an object or a string');
  if (reply.text !== undefined && typeof reply.text !== 'string') throw new TypeError('fake-openai reply: text must be a string');
  checkPieces(reply.chunks, 'chunks');
  if (Array.isArray(reply.chunks) && reply.text !== undefined && reply.chunks.join('') !== reply.text) {
    throw new TypeError('fake-openai reply: chunks must join to text');
  }
  for (const [index, call] of (reply.toolCalls ?? []).entries()) {
    if (typeof call?.name !== 'string' || call.name === '') throw new TypeError(`fake-openai reply: toolCalls[${index}].name must be a non-empty string`);
    checkPieces(call.argumentChunks, `toolCalls[${index}].argumentChunks`);
  }
  for (const key of ['inputTokens', 'outputTokens', 'totalTokens', 'cachedInputTokens', 'reasoningTokens'] as const) {
    checkCount(reply.usage?.[key], `usage.${key}`);
  }
  checkCount(reply.delayMs, 'delayMs');
  checkCount(reply.chunkDelayMs, 'chunkDelayMs');
  checkCount(reply.dropAfterChunks, 'dropAfterChunks');
  if (reply.embeddings !== undefined && !reply.embeddings.every((vector) => Array.isArray(vector) && vector.every(Number.isFinite))) {
    throw new TypeError('fake-openai reply: embeddings must be arrays of finite numbers');
  }
  const status = reply.error?.status;
  if (reply.error !== undefined && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
    throw new TypeError(`fake-openai reply: error.status must be an HTTP error status (400-599), got ${String(status)}`);
  }
  return reply;
}
