import { arr, rec, str } from '../values.js';
import { genAiFinishReason, genAiRole, textPart, toolCallPart, toolResponsePart, type GenAiMessage, type MessagePart } from './message-shape.js';

/** Chat Completions `messages` as OTel GenAI input messages (system messages stay in order). */
export function chatInputMessages(messages: unknown): GenAiMessage[] | undefined {
  const list = arr(messages);
  if (!list) return undefined;
  return list.map((raw) => {
    const m = rec(raw) ?? {};
    const role = genAiRole(m.role);
    const message: GenAiMessage = { role, parts: [] };
    if (typeof m.name === 'string') message.name = m.name;
    if (role === 'tool') {
      message.parts.push(toolResponsePart(m.tool_call_id ?? m.name, contentText(m.content) ?? m.content));
      return message;
    }
    message.parts.push(...contentParts(m.content));
    if (typeof m.refusal === 'string') message.parts.push(textPart(m.refusal));
    for (const call of arr(m.tool_calls) ?? []) message.parts.push(chatToolCallPart(call));
    const legacyCall = rec(m.function_call);
    if (legacyCall) message.parts.push(toolCallPart(undefined, legacyCall.name, legacyCall.arguments));
    return message;
  });
}

/** One Chat Completions choice's message as an OTel GenAI output message. */
export function chatOutputMessage(message: unknown, finishReason: unknown): GenAiMessage {
  const m = rec(message) ?? {};
  const parts: MessagePart[] = [...contentParts(m.content)];
  if (typeof m.refusal === 'string') parts.push(textPart(m.refusal));
  const audio = rec(m.audio);
  if (typeof audio?.transcript === 'string') parts.push(textPart(audio.transcript));
  for (const call of arr(m.tool_calls) ?? []) parts.push(chatToolCallPart(call));
  const legacyCall = rec(m.function_call);
  if (legacyCall) parts.push(toolCallPart(undefined, legacyCall.name, legacyCall.arguments));
  return withFinishReason({ role: 'assistant', parts }, finishReason);
}

/** Adds the convention's finish reason when there is one. */
export function withFinishReason(message: GenAiMessage, reason: unknown): GenAiMessage {
  const mapped = genAiFinishReason(reason);
  if (mapped !== undefined) message.finish_reason = mapped;
  return message;
}

function chatToolCallPart(raw: unknown): MessagePart {
  const call = rec(raw) ?? {};
  const fn = rec(call.function);
  if (fn) return toolCallPart(call.id, fn.name, fn.arguments);
  const custom = rec(call.custom);
  return toolCallPart(call.id, custom?.name, custom?.input);
}

/** Message content (a string or an array of typed parts) as OTel parts. */
function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const list = arr(content);
  if (!list) return [];
  const parts: MessagePart[] = [];
  for (const raw of list) {
    const p = rec(raw);
    if (!p) continue;
    switch (p.type) {
      case 'text':
        parts.push(textPart(str(p.text) ?? ''));
        break;
      case 'refusal':
        parts.push(textPart(str(p.refusal) ?? ''));
        break;
      case 'image_url':
        parts.push({ type: 'uri', modality: 'image', uri: rec(p.image_url)?.url });
        break;
      case 'input_audio': {
        const audio = rec(p.input_audio);
        parts.push({ type: 'blob', modality: 'audio', mime_type: `audio/${str(audio?.format) ?? 'wav'}`, content: audio?.data });
        break;
      }
      case 'file':
        parts.push({ type: 'file', ...rec(p.file) });
        break;
      default:
        parts.push({ type: typeof p.type === 'string' ? p.type : 'unknown' });
    }
  }
  return parts;
}

/** Text of a tool message's content (string or text parts). */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  const list = arr(content);
  if (!list) return undefined;
  return list.map((p) => str(rec(p)?.text) ?? '').join('');
}
