import { parseArguments } from '../values.js';

/**
 * The OTel GenAI message JSON shape (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`): messages with a role and typed parts.
 */
export interface MessagePart {
  type: string;
  [key: string]: unknown;
}

/** One input or output message. */
export interface GenAiMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
  /** Output messages only. */
  finish_reason?: string;
}

/** A text part. */
export function textPart(content: string): MessagePart {
  return { type: 'text', content };
}

/** A tool call part; JSON arguments are kept structured. */
export function toolCallPart(id: unknown, name: unknown, args: unknown): MessagePart {
  const part: MessagePart = { type: 'tool_call', name: typeof name === 'string' ? name : '' };
  if (typeof id === 'string') part.id = id;
  const parsed = parseArguments(args);
  if (parsed !== undefined) part.arguments = parsed;
  return part;
}

/** A tool result part. */
export function toolResponsePart(id: unknown, response: unknown): MessagePart {
  const part: MessagePart = { type: 'tool_call_response', response };
  if (typeof id === 'string') part.id = id;
  return part;
}

/** OpenAI roles mapped to the convention's roles (`developer` is a system message). */
export function genAiRole(role: unknown): string {
  if (role === 'developer') return 'system';
  if (role === 'function') return 'tool';
  return typeof role === 'string' && role.length > 0 ? role : 'user';
}

/**
 * OpenAI finish reasons mapped to the convention's values for output messages
 * (`gen_ai.response.finish_reasons` keeps the provider's own spelling).
 */
export function genAiFinishReason(reason: unknown): string | undefined {
  switch (reason) {
    case undefined:
    case null:
      return undefined;
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    default:
      return typeof reason === 'string' ? reason : undefined;
  }
}
