import { arr, rec, str, type Rec } from '../values.js';
import { genAiRole, textPart, toolCallPart, toolResponsePart, type GenAiMessage, type MessagePart } from './message-shape.js';

/** Responses API `input` (a string or a list of items) as OTel GenAI input messages. */
export function responsesInputMessages(input: unknown): GenAiMessage[] | undefined {
  if (typeof input === 'string') return [{ role: 'user', parts: [textPart(input)] }];
  const list = arr(input);
  if (!list) return undefined;
  const messages: GenAiMessage[] = [];
  for (const raw of list) {
    const item = rec(raw);
    if (!item) continue;
    if (item.type === undefined || item.type === 'message') {
      messages.push({ role: genAiRole(item.role), parts: inputContentParts(item.content) });
    } else if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      messages.push({ role: 'tool', parts: [toolResponsePart(item.call_id, item.output)] });
    } else {
      messages.push({ role: 'assistant', parts: [outputItemPart(item)] });
    }
  }
  return messages;
}

/** Responses API `instructions` as OTel system instructions (a list of parts). */
export function responsesSystemInstructions(instructions: unknown): MessagePart[] | undefined {
  if (typeof instructions === 'string') return instructions.length > 0 ? [textPart(instructions)] : undefined;
  const messages = responsesInputMessages(instructions);
  return messages?.flatMap((m) => m.parts);
}

/** A Response's `output` items as one assistant output message (undefined when empty). */
export function responsesOutputParts(output: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const raw of arr(output) ?? []) {
    const item = rec(raw);
    if (!item) continue;
    if (item.type === 'message') parts.push(...inputContentParts(item.content));
    else parts.push(outputItemPart(item));
  }
  return parts;
}

/** True when a Response's output asks for a tool call. */
export function hasToolCall(output: unknown): boolean {
  return (arr(output) ?? []).some((raw) => {
    const type = rec(raw)?.type;
    return type === 'function_call' || type === 'custom_tool_call';
  });
}

/**
 * The convention's finish reason of a Response: `stop` or `tool_call` when completed, the
 * incomplete reason (`length` for `max_output_tokens`), or `error` when it failed.
 */
export function responsesFinishReason(response: Rec): string | undefined {
  switch (response.status) {
    case 'completed':
      return hasToolCall(response.output) ? 'tool_call' : 'stop';
    case 'incomplete': {
      const reason = str(rec(response.incomplete_details)?.reason);
      return reason === 'max_output_tokens' ? 'length' : reason ?? 'length';
    }
    case 'failed':
      return 'error';
    default:
      return undefined;
  }
}

function inputContentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const parts: MessagePart[] = [];
  for (const raw of arr(content) ?? []) {
    const p = rec(raw);
    if (!p) continue;
    switch (p.type) {
      case 'input_text':
      case 'output_text':
        parts.push(textPart(str(p.text) ?? ''));
        break;
      case 'refusal':
        parts.push(textPart(str(p.refusal) ?? ''));
        break;
      case 'input_image':
        parts.push(p.image_url !== undefined ? { type: 'uri', modality: 'image', uri: p.image_url } : { type: 'file', modality: 'image', file_id: p.file_id });
        break;
      case 'input_file':
        parts.push({ type: 'file', file_id: p.file_id, filename: p.filename });
        break;
      default:
        parts.push({ type: typeof p.type === 'string' ? p.type : 'unknown' });
    }
  }
  return parts;
}

/** A non-message item: tool calls of every kind, reasoning, or a generic typed part. */
function outputItemPart(item: Rec): MessagePart {
  switch (item.type) {
    case 'function_call':
      return toolCallPart(item.call_id, item.name, item.arguments);
    case 'custom_tool_call':
      return toolCallPart(item.call_id, item.name, item.input);
    case 'reasoning': {
      const summary = (arr(item.summary) ?? []).map((s) => str(rec(s)?.text) ?? '').join('\n');
      return { type: 'reasoning', content: summary };
    }
    default: {
      const type = str(item.type) ?? 'unknown';
      // Built-in tools (web_search_call, file_search_call, mcp_call, …) are tool calls by another name.
      if (type.endsWith('_call')) return toolCallPart(item.id, str(item.name) ?? type.slice(0, -'_call'.length), item.arguments);
      return { type };
    }
  }
}
