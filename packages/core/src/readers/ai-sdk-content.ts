import type { Attributes } from '@opentelemetry/api';
import { getJson, getString, parseJson } from './attribute-values.js';

/**
 * Input, output and tool definitions of AI SDK `ai` scope spans (v5, v6, v7 legacy).
 * What is JSON is decided per key, as the SDK writes it: `ai.prompt`,
 * `ai.prompt.messages`, `ai.response.toolCalls`, `ai.response.object`, `ai.toolCall.args`,
 * `ai.toolCall.result`, `ai.value`, `ai.embedding` are JSON text; `ai.values`,
 * `ai.embeddings` and `ai.prompt.tools` are arrays of JSON texts; `ai.response.text` is
 * the model's plain text and is never parsed (a reply of `42` or `[1, 2]` stays a string).
 */

/** `ai.prompt.messages` (model calls) → `ai.prompt` (outer calls) → tool args → embedding values. */
export function aiSdkInput(a: Attributes): unknown {
  const messages = getJson(a, 'ai.prompt.messages');
  if (messages !== undefined) return withFileDataUris(messages);
  return (
    getJson(a, 'ai.prompt') ??
    getJson(a, 'ai.toolCall.args') ??
    getJson(a, 'ai.value') ??
    jsonArray(a, 'ai.values')
  );
}

/**
 * `ai.response.text` (+ `ai.response.toolCalls`) → `ai.response.object` → tool result →
 * embeddings. Text alone stays a string; with tool calls the output is one assistant
 * message in the SDK's own message shape (the shape `ai.prompt.messages` uses), so input
 * and output of a step read alike.
 */
export function aiSdkOutput(a: Attributes): unknown {
  const text = getString(a, 'ai.response.text');
  const toolCalls = getJson(a, 'ai.response.toolCalls');
  if (Array.isArray(toolCalls) && toolCalls.length > 0) {
    const content: unknown[] = text === undefined ? [] : [{ type: 'text', text }];
    for (const call of toolCalls) content.push(toolCallPart(call));
    return { role: 'assistant', content };
  }
  if (text !== undefined) return text;
  if (typeof a['ai.response.text'] === 'string' && toolCalls === undefined) return '';
  return (
    getJson(a, 'ai.response.object') ??
    getJson(a, 'ai.toolCall.result') ??
    getJson(a, 'ai.embedding') ??
    jsonArray(a, 'ai.embeddings')
  );
}

/** `ai.prompt.tools`: one JSON text per tool. */
export function aiSdkToolDefinitions(a: Attributes): unknown {
  return jsonArray(a, 'ai.prompt.tools');
}

/** Base64 text, judged by its first characters (the payload can be megabytes). */
const BASE64_START = /^[A-Za-z0-9+/]{16}/;

/**
 * The SDK writes a file or image part's bytes as bare base64 beside its media type
 * (`{ type: 'file', mediaType: 'image/png', data: 'iVBOR…' }`; `image`/`mimeType` before v5).
 * As a data URI the value says what it is: the budget then renders an oversized one as
 * `<data:image/png;base64, N bytes>` instead of cutting the base64 text, and a destination
 * that stores media can upload it. URLs and other parts are left as they are.
 */
function withFileDataUris(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  let out: unknown[] | undefined;
  messages.forEach((message, i) => {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) return;
    let parts: unknown[] | undefined;
    content.forEach((part, k) => {
      const p = part as Record<string, unknown> | null;
      if (p === null || typeof p !== 'object' || (p.type !== 'file' && p.type !== 'image')) return;
      const key = p.type === 'file' ? 'data' : 'image';
      const data = p[key];
      const type = p.mediaType ?? p.mimeType;
      if (typeof data !== 'string' || typeof type !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(type) || !BASE64_START.test(data)) return;
      (parts ??= content.slice())[k] = { ...p, [key]: `data:${type};base64,${data}` };
    });
    if (parts !== undefined) (out ??= messages.slice())[i] = { ...(message as object), content: parts };
  });
  return out ?? messages;
}

/** `{"type":"auto"}` → `auto`; `{"type":"tool","toolName":"x"}` → `tool:x`; else the text as sent. */
export function aiSdkToolChoice(a: Attributes): string | undefined {
  const text = getString(a, 'ai.prompt.toolChoice');
  if (text === undefined) return undefined;
  const parsed = parseJson(text) as { type?: unknown; toolName?: unknown } | undefined;
  if (parsed === null || typeof parsed !== 'object' || typeof parsed.type !== 'string') return text;
  return parsed.type === 'tool' && typeof parsed.toolName === 'string' ? `tool:${parsed.toolName}` : parsed.type;
}

function toolCallPart(call: unknown): unknown {
  if (call === null || typeof call !== 'object') return call;
  const c = call as Record<string, unknown>;
  // v5/v6 write `input` as the arguments' JSON text, v7 as an object; both are kept as sent.
  return { type: 'tool-call', toolCallId: c.toolCallId, toolName: c.toolName, input: c.input ?? c.args };
}

/** A string-array attribute whose items are JSON texts, each parsed (kept raw when broken). */
function jsonArray(a: Attributes, key: string): unknown[] | undefined {
  const v = a[key];
  if (!Array.isArray(v)) return typeof v === 'string' ? [getJson(a, key)] : undefined;
  return v.map((item) => (typeof item === 'string' ? (parseJson(item) ?? item) : item));
}
