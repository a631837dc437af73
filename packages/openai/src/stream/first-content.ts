import { arr, rec, str } from '../values.js';

/**
 * Which stream events carry output content, for time to first token: the first event that
 * does is the first token (docs/instrumentation.md). Envelope events are not content: a
 * chat chunk with only `role: 'assistant'` (and `content: ''`), the Responses
 * `response.created` / `response.in_progress` / `content_part.added` events, a usage-only
 * chunk. Content is text, refusal, reasoning text, a tool call's name or arguments, audio.
 * Pure and allocation-free: runs on every chunk until the first content arrives.
 */

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' ? value.length > 0 : false;
}

/** A Chat Completions chunk with content in any choice's delta. */
export function chatChunkHasContent(chunk: unknown): boolean {
  for (const raw of arr(rec(chunk)?.choices) ?? []) {
    const delta = rec(rec(raw)?.delta);
    if (!delta) continue;
    if (nonEmpty(delta.content) || nonEmpty(delta.refusal)) return true;
    // Reasoning text as OpenAI-compatible providers stream it (DeepSeek, OpenRouter, vLLM).
    if (nonEmpty(delta.reasoning_content) || nonEmpty(delta.reasoning)) return true;
    for (const call of arr(delta.tool_calls) ?? []) {
      const fn = rec(rec(call)?.function);
      if (nonEmpty(fn?.name) || nonEmpty(fn?.arguments)) return true;
    }
    const legacyCall = rec(delta.function_call);
    if (nonEmpty(legacyCall?.name) || nonEmpty(legacyCall?.arguments)) return true;
    const audio = rec(delta.audio);
    if (nonEmpty(audio?.transcript) || nonEmpty(audio?.data)) return true;
  }
  return false;
}

/** A legacy Completions chunk with text in any choice. */
export function completionChunkHasContent(chunk: unknown): boolean {
  for (const raw of arr(rec(chunk)?.choices) ?? []) if (nonEmpty(rec(raw)?.text)) return true;
  return false;
}

const TOOL_ITEM_TYPES: ReadonlySet<string> = new Set(['function_call', 'custom_tool_call', 'mcp_call']);
const TERMINAL_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * A Responses stream event with output content: any `*.delta` event with a non-empty delta
 * (output text, refusal, reasoning text and summary, function-call arguments, custom tool
 * input, audio transcript), a tool call item added with its name, or, for a stream that
 * sent no deltas, the first finished item or terminal response that holds content.
 */
export function responsesEventHasContent(event: unknown): boolean {
  const e = rec(event);
  const type = str(e?.type);
  if (!e || type === undefined) return false;
  if (type.endsWith('.delta')) return nonEmpty(e.delta);
  if (type === 'response.output_item.added') {
    const item = rec(e.item);
    return item !== undefined && TOOL_ITEM_TYPES.has(str(item.type) ?? '') && nonEmpty(item.name);
  }
  if (type === 'response.output_item.done') return itemHasContent(e.item);
  if (TERMINAL_EVENTS.has(type)) return (arr(rec(e.response)?.output) ?? []).some(itemHasContent);
  return false;
}

function itemHasContent(raw: unknown): boolean {
  const item = rec(raw);
  if (!item) return false;
  if (TOOL_ITEM_TYPES.has(str(item.type) ?? '')) return nonEmpty(item.name);
  for (const part of arr(item.content) ?? []) {
    const p = rec(part);
    if (nonEmpty(p?.text) || nonEmpty(p?.refusal) || nonEmpty(p?.transcript)) return true;
  }
  for (const part of arr(item.summary) ?? []) if (nonEmpty(rec(part)?.text)) return true;
  return false;
}
