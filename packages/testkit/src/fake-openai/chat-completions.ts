/**
 * `POST /v1/chat/completions` in OpenAI's wire format, non-stream and SSE. The stream follows
 * OpenAI's order exactly — role chunk, content pieces, tool-call fragments, finish chunk,
 * then a usage-only chunk (`choices: []`) only when `stream_options.include_usage` is true —
 * because instrumentation under test must cope with precisely that shape (for example, usage
 * arriving after the finish reason, or never).
 */
import { jsonOk, sseJson, type AnswerPlan, type SseEvent } from './answer-plan.js';
import type { ResolvedReply } from './resolve-reply.js';

/** Chat-style usage object, details included. */
export function chatUsage(reply: ResolvedReply): Record<string, unknown> {
  const { usage } = reply;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** True when the request body asks for the trailing usage chunk. */
export function wantsStreamUsage(body: unknown): boolean {
  const options = typeof body === 'object' && body !== null ? (body as { stream_options?: unknown }).stream_options : undefined;
  return typeof options === 'object' && options !== null && (options as { include_usage?: unknown }).include_usage === true;
}

function envelope(reply: ResolvedReply, object: string): Record<string, unknown> {
  return {
    id: reply.id,
    object,
    created: reply.created,
    model: reply.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
}

function completion(reply: ResolvedReply): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.text ?? null,
    refusal: null,
    annotations: [],
  };
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.callId,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    ...envelope(reply, 'chat.completion'),
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
    usage: chatUsage(reply),
  };
}

function streamChunks(reply: ResolvedReply, includeUsage: boolean): SseEvent[] {
  const base = envelope(reply, 'chat.completion.chunk');
  // OpenAI puts `usage: null` on every chunk once include_usage is on; the AI SDK and the
  // openai stream helper both tolerate it, and instrumentation must not mistake it for usage.
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): SseEvent =>
    sseJson({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...usageField });

  const events: SseEvent[] = [chunk({ role: 'assistant', content: reply.text === undefined ? null : '', refusal: null })];
  for (const piece of reply.pieces) events.push(chunk({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    // The first fragment of each call names it; later ones carry only index + arguments.
    events.push(chunk({ tool_calls: [{ index, id: call.callId, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const fragment of call.fragments) events.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
  });
  events.push(chunk({}, reply.finishReason));
  if (includeUsage) events.push(sseJson({ ...base, choices: [], usage: chatUsage(reply) }));
  events.push({ data: '[DONE]' });
  return events;
}

/** Plans the answer to a chat completion request. */
export function chatCompletionAnswer(reply: ResolvedReply, stream: boolean, body: unknown): AnswerPlan {
  if (!stream) return jsonOk(completion(reply));
  return { kind: 'sse', events: streamChunks(reply, wantsStreamUsage(body)) };
}
