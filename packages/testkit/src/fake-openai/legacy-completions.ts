/**
 * `POST /v1/completions` (the legacy text completion API), non-stream and SSE. Still used
 * by `gpt-3.5-turbo-instruct` users and by the AI SDK's `openai.completion()` model, and
 * OTel names it `text_completion`, so instrumentation has to handle it.
 */
import { jsonOk, sseJson, type AnswerPlan, type SseEvent } from './answer-plan.js';
import { wantsStreamUsage } from './chat-completions.js';
import type { ResolvedReply } from './resolve-reply.js';

function usage(reply: ResolvedReply): Record<string, number> {
  return {
    prompt_tokens: reply.usage.inputTokens,
    completion_tokens: reply.usage.outputTokens,
    total_tokens: reply.usage.totalTokens,
  };
}

/** Plans the answer to a legacy completion request. Tool calls do not exist in this API. */
export function legacyCompletionAnswer(reply: ResolvedReply, stream: boolean, body: unknown): AnswerPlan {
  const base = { id: reply.id, object: 'text_completion', created: reply.created, model: reply.model, system_fingerprint: 'fp_fake' };
  const text = reply.text ?? '';
  const finishReason = reply.finishReason === 'tool_calls' ? 'stop' : reply.finishReason;
  if (!stream) {
    return jsonOk({ ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }], usage: usage(reply) });
  }
  const choice = (piece: string, finish: string | null) => [{ text: piece, index: 0, logprobs: null, finish_reason: finish }];
  const pieces = reply.text === undefined ? [] : reply.pieces;
  const events: SseEvent[] = pieces.map((piece) => sseJson({ ...base, choices: choice(piece, null) }));
  // OpenAI closes a legacy stream with an empty-text chunk that carries the finish reason.
  events.push(sseJson({ ...base, choices: choice('', finishReason) }));
  if (wantsStreamUsage(body)) events.push(sseJson({ ...base, choices: [], usage: usage(reply) }));
  events.push({ data: '[DONE]' });
  return { kind: 'sse', events };
}
