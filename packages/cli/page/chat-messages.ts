/**
 * Renders an observation's input or output as chat messages. It recognises the message
 * shapes Lamplight and the SDKs it instruments produce — OTel GenAI `parts`, OpenAI
 * `content`/`tool_calls`, AI SDK content parts — and falls back to formatted JSON, so an
 * unknown shape is shown as it came rather than hidden.
 */
import { h, type Child } from './dom.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Pretty JSON (or the text itself) in a `<pre>`. */
export function raw(value: unknown): HTMLElement {
  return h('pre', { class: 'raw' }, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

function looksLikeMessage(value: unknown): value is Json {
  return isObject(value) && typeof value.role === 'string';
}

/** The list of messages a value holds, or undefined when it is not message-shaped. */
export function messagesOf(value: unknown): Json[] | undefined {
  if (Array.isArray(value) && value.length > 0 && value.every(looksLikeMessage)) return value as Json[];
  if (looksLikeMessage(value)) return [value];
  if (isObject(value) && Array.isArray(value.messages) && value.messages.every(looksLikeMessage)) return value.messages as Json[];
  return undefined;
}

function image(url: string | undefined, label: string): Child {
  // Only data URIs are shown inline: any other URL would be a request to somewhere else.
  if (url?.startsWith('data:image/')) return h('img', { class: 'thumb', src: url, alt: label });
  return h('div', { class: 'tool' }, `[${label}${url ? `: ${url.slice(0, 80)}` : ''}]`);
}

function toolCall(name: unknown, id: unknown, args: unknown): HTMLElement {
  const parsed = typeof args === 'string' ? tryJson(args) : args;
  return h('div', { class: 'tool' }, h('b', {}, '→ tool call '), `${str(name) ?? '?'}${id ? ` (${String(id)})` : ''}`, raw(parsed ?? {}));
}

function toolResult(id: unknown, result: unknown): HTMLElement {
  const parsed = typeof result === 'string' ? tryJson(result) : result;
  return h('div', { class: 'tool' }, h('b', {}, '← tool result'), id ? ` (${String(id)})` : '', raw(parsed));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One content part of any of the known shapes. */
function part(p: unknown): Child {
  if (typeof p === 'string') return h('div', { class: 'text' }, p);
  if (!isObject(p)) return raw(p);
  const type = str(p.type) ?? '';
  if (type === 'text' || type === 'input_text' || type === 'output_text' || type === 'reasoning') {
    return h('div', { class: type === 'reasoning' ? 'text sub' : 'text' }, str(p.content) ?? str(p.text) ?? '');
  }
  if (type === 'tool_call' || type === 'tool-call' || type === 'function_call') return toolCall(p.name ?? p.toolName, p.id ?? p.toolCallId ?? p.call_id, p.arguments ?? p.args ?? p.input);
  if (type === 'tool_call_response' || type === 'tool-result' || type === 'function_call_output') return toolResult(p.id ?? p.toolCallId ?? p.call_id, p.response ?? p.result ?? p.output);
  if (type === 'image_url' || type === 'input_image') {
    const url = isObject(p.image_url) ? str(p.image_url.url) : str(p.image_url);
    return image(url, 'image');
  }
  if (type === 'image' || type === 'file' || type === 'blob' || type === 'uri') {
    const mime = str(p.mime_type) ?? str(p.mediaType) ?? str(p.mimeType) ?? 'image/png';
    const data = str(p.image) ?? str(p.data) ?? str(p.content) ?? str(p.uri);
    const url = data?.startsWith('data:') ? data : data && type === 'blob' ? `data:${mime};base64,${data}` : data;
    return mime.startsWith('image/') || str(p.modality) === 'image' ? image(url, mime) : h('div', { class: 'tool' }, `[${mime}]`);
  }
  return raw(p);
}

/** One message: role, then its parts, text, tool calls. */
function message(m: Json): HTMLElement {
  const box = h('div', { class: 'msg' }, h('div', { class: 'role' }, str(m.role) ?? '?', m.name ? ` · ${String(m.name)}` : ''));
  const content = m.parts ?? m.content;
  if (typeof content === 'string') box.append(h('div', { class: 'text' }, content));
  else if (Array.isArray(content)) for (const p of content) appendChild(box, part(p));
  else if (content !== undefined && content !== null) box.append(raw(content));
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  for (const call of calls) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : call;
    box.append(toolCall(fn.name, call.id, fn.arguments));
  }
  if (m.role === 'tool' && m.tool_call_id) box.append(h('div', { class: 'sub' }, `for call ${String(m.tool_call_id)}`));
  return box;
}

function appendChild(el: HTMLElement, child: Child): void {
  if (child !== undefined && child !== null && child !== false) el.append(typeof child === 'number' ? String(child) : child);
}

/** Input or output: messages when it holds messages, text when it is text, JSON otherwise. */
export function renderContent(value: unknown): HTMLElement {
  const messages = messagesOf(value);
  if (messages) return h('div', {}, ...messages.map(message));
  if (typeof value === 'string') return h('div', { class: 'msg' }, h('div', { class: 'text' }, value));
  return raw(value);
}
