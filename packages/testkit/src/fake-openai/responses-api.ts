/**
 * `POST /v1/responses` in OpenAI's wire format. The stream sends the full event sequence
 * OpenAI sends (`response.created`, `response.in_progress`, `output_item.added`,
 * `content_part.added`, text/argument deltas and their `done` events, `output_item.done`,
 * then `response.completed` or `response.incomplete`) with `sequence_number`s, because the
 * openai SDK's `ResponseStream` validates item identities and content indexes and rejects a
 * stream that skips a step, and the AI SDK reads ids and indexes from these events.
 */
import { jsonOk, sseJson, type AnswerPlan, type SseEvent } from './answer-plan.js';
import type { ResolvedReply } from './resolve-reply.js';

type Json = Record<string, unknown>;

/** Responses-style usage object, details included. */
export function responsesUsage(reply: ResolvedReply): Json {
  const { usage } = reply;
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.totalTokens,
  };
}

/** `incomplete_details.reason` for finish reasons that end a response early, else undefined. */
function incompleteReason(reply: ResolvedReply): string | undefined {
  if (reply.finishReason === 'length') return 'max_output_tokens';
  if (reply.finishReason === 'content_filter') return 'content_filter';
  return undefined;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Json)[name] : undefined;
}

/** The response object; `final` adds status, output and usage as in `response.completed`. */
function responseObject(reply: ResolvedReply, body: unknown, final: boolean): Json {
  const reason = incompleteReason(reply);
  const status = !final ? 'in_progress' : reason === undefined ? 'completed' : 'incomplete';
  return {
    id: reply.id,
    object: 'response',
    created_at: reply.created,
    status,
    background: false,
    error: null,
    incomplete_details: final && reason !== undefined ? { reason } : null,
    instructions: field(body, 'instructions') ?? null,
    max_output_tokens: field(body, 'max_output_tokens') ?? null,
    model: reply.model,
    output: final ? outputItems(reply, 'completed') : [],
    parallel_tool_calls: field(body, 'parallel_tool_calls') ?? true,
    previous_response_id: field(body, 'previous_response_id') ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: field(body, 'store') ?? true,
    temperature: field(body, 'temperature') ?? 1,
    text: field(body, 'text') ?? { format: { type: 'text' } },
    tool_choice: field(body, 'tool_choice') ?? 'auto',
    tools: field(body, 'tools') ?? [],
    top_p: field(body, 'top_p') ?? 1,
    truncation: 'disabled',
    usage: final ? responsesUsage(reply) : null,
    user: null,
    metadata: field(body, 'metadata') ?? {},
  };
}

function messageId(reply: ResolvedReply): string {
  return `msg_fake_${reply.serial}`;
}

function textPart(text: string): Json {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

function messageItem(reply: ResolvedReply, status: string, text: string | undefined): Json {
  return { id: messageId(reply), type: 'message', status, content: text === undefined ? [] : [textPart(text)], role: 'assistant' };
}

function functionCallItem(call: ResolvedReply['toolCalls'][number], status: string, args: string): Json {
  return { id: call.itemId, type: 'function_call', status, arguments: args, call_id: call.callId, name: call.name };
}

/** Output items in their final form: the message (if any text) first, then function calls. */
function outputItems(reply: ResolvedReply, status: string): Json[] {
  const items: Json[] = [];
  if (reply.text !== undefined) items.push(messageItem(reply, status, reply.text));
  for (const call of reply.toolCalls) items.push(functionCallItem(call, status, call.arguments));
  return items;
}

function streamEvents(reply: ResolvedReply, body: unknown): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (type: string, payload: Json): void => {
    events.push(sseJson({ type, sequence_number: events.length, ...payload }, type));
  };
  const itemStatus = incompleteReason(reply) === undefined ? 'completed' : 'incomplete';
  emit('response.created', { response: responseObject(reply, body, false) });
  emit('response.in_progress', { response: responseObject(reply, body, false) });
  let outputIndex = 0;
  if (reply.text !== undefined) {
    const item_id = messageId(reply);
    const at = { item_id, output_index: outputIndex, content_index: 0 };
    emit('response.output_item.added', { output_index: outputIndex, item: messageItem(reply, 'in_progress', undefined) });
    emit('response.content_part.added', { ...at, part: textPart('') });
    for (const delta of reply.pieces) emit('response.output_text.delta', { ...at, delta, logprobs: [] });
    emit('response.output_text.done', { ...at, text: reply.text, logprobs: [] });
    emit('response.content_part.done', { ...at, part: textPart(reply.text) });
    emit('response.output_item.done', { output_index: outputIndex, item: messageItem(reply, itemStatus, reply.text) });
    outputIndex += 1;
  }
  for (const call of reply.toolCalls) {
    const at = { item_id: call.itemId, output_index: outputIndex };
    emit('response.output_item.added', { output_index: outputIndex, item: functionCallItem(call, 'in_progress', '') });
    for (const delta of call.fragments) emit('response.function_call_arguments.delta', { ...at, delta });
    emit('response.function_call_arguments.done', { ...at, name: call.name, arguments: call.arguments });
    emit('response.output_item.done', { output_index: outputIndex, item: functionCallItem(call, itemStatus, call.arguments) });
    outputIndex += 1;
  }
  const final = responseObject(reply, body, true);
  final.output = outputItems(reply, itemStatus);
  emit(final.status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final });
  return events;
}

/** Plans the answer to a Responses API request. No `[DONE]`: OpenAI ends these streams after the last event. */
export function responsesAnswer(reply: ResolvedReply, stream: boolean, body: unknown): AnswerPlan {
  if (!stream) {
    const response = responseObject(reply, body, true);
    if (response.status !== 'completed') response.output = outputItems(reply, 'incomplete');
    return jsonOk(response);
  }
  return { kind: 'sse', events: streamEvents(reply, body) };
}
