/**
 * Fills in every default of a {@link FakeReply} against the request it answers, so the
 * endpoint renderers only translate a complete, endpoint-neutral answer into wire format.
 */
import { FAKE_OPENAI_DEFAULT_USAGE, type FakeFinishReason, type FakeReply, type FakeUsage } from './fake-reply.js';
import { echoText } from './request-text.js';
import { splitBySize, splitWords, toPieces } from './text-pieces.js';

/** Longest default argument fragment; short enough that every call streams in several pieces. */
const ARGUMENT_FRAGMENT_CHARS = 8;

/** Model named in answers when neither the reply nor the request names one. */
export const FALLBACK_MODEL = 'gpt-4o-mini';

/** A tool call with ids and fragments decided. */
export interface ResolvedToolCall {
  /** Chat `tool_calls[].id` / Responses `call_id`. */
  callId: string;
  /** Responses output item id (`fc_…`). */
  itemId: string;
  /** Function name. */
  name: string;
  /** Full arguments text. */
  arguments: string;
  /** Argument fragments, joining to `arguments`. */
  fragments: string[];
}

/** A reply with every default applied. */
export interface ResolvedReply {
  /** Response id. */
  id: string;
  /** Unix seconds, as OpenAI's `created` / `created_at`. */
  created: number;
  /** Response model. */
  model: string;
  /** Assistant text; `undefined` for a tool-call-only turn. */
  text: string | undefined;
  /** Stream pieces of `text` (empty when there is no text). */
  pieces: string[];
  /** Function calls in order. */
  toolCalls: ResolvedToolCall[];
  /** Finish reason in Chat Completions terms. */
  finishReason: FakeFinishReason;
  /** Token counts; `totalTokens` defaults to input + output. */
  usage: Required<FakeUsage>;
  /** `total_tokens` for embeddings, which have no output: the given total, else input. */
  embeddingTotalTokens: number;
  /** Vectors given by the test, if any. */
  embeddings: number[][] | undefined;
  /** Request number, unique per server; item ids inside the answer (`msg_fake_<n>`, `call_fake_<n>_<i>`) embed it. */
  serial: number;
}

/** What a reply needs to know about its request. */
export interface ReplyContext {
  /** Parsed request body. */
  body: unknown;
  /** Number unique per request within one server, used to build ids. */
  serial: number;
  /** Id prefix for this endpoint (`chatcmpl-`, `resp_`, `cmpl-`, `emb-`). */
  idPrefix: string;
}

function requestModel(body: unknown): string | undefined {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' && model !== '' ? model : undefined;
}

/** Applies the documented defaults of {@link FakeReply} for one request. */
export function resolveReply(reply: FakeReply, context: ReplyContext): ResolvedReply {
  const { serial } = context;
  const toolCalls = (reply.toolCalls ?? []).map((call, index): ResolvedToolCall => {
    const args = call.arguments === undefined ? '{}' : typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    if (Array.isArray(call.argumentChunks) && call.argumentChunks.join('') !== args) {
      throw new TypeError(`fake-openai reply: toolCalls[${index}].argumentChunks must join to the arguments`);
    }
    return {
      callId: call.id ?? `call_fake_${serial}_${index}`,
      itemId: `fc_fake_${serial}_${index}`,
      name: call.name,
      arguments: args,
      fragments: toPieces(args, call.argumentChunks, (text) => splitBySize(text, ARGUMENT_FRAGMENT_CHARS)),
    };
  });
  const explicitText = reply.text ?? (Array.isArray(reply.chunks) ? reply.chunks.join('') : undefined);
  const text = explicitText ?? (toolCalls.length > 0 ? undefined : echoText(context.body));
  const usage = reply.usage ?? {};
  const inputTokens = usage.inputTokens ?? FAKE_OPENAI_DEFAULT_USAGE.inputTokens;
  const outputTokens = usage.outputTokens ?? FAKE_OPENAI_DEFAULT_USAGE.outputTokens;
  return {
    id: reply.id ?? `${context.idPrefix}fake${serial}`,
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? requestModel(context.body) ?? FALLBACK_MODEL,
    text,
    pieces: text === undefined ? [] : toPieces(text, reply.chunks, splitWords),
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: {
      inputTokens,
      outputTokens,
      totalTokens: usage.totalTokens ?? inputTokens + outputTokens,
      cachedInputTokens: usage.cachedInputTokens ?? FAKE_OPENAI_DEFAULT_USAGE.cachedInputTokens,
      reasoningTokens: usage.reasoningTokens ?? FAKE_OPENAI_DEFAULT_USAGE.reasoningTokens,
    },
    embeddingTotalTokens: usage.totalTokens ?? inputTokens,
    embeddings: reply.embeddings,
    serial,
  };
}
