import { jsonTextOf, rememberJsonText } from '../content/json-text-memo.js';

/**
 * Folds system instructions into the input messages. The OTel GenAI conventions keep them
 * apart (`gen_ai.system_instructions` next to `gen_ai.input.messages`); both backends show
 * one message list, and a prompt without its system message reads wrong.
 *
 * The system message takes the shape of the messages it joins: OTel GenAI messages
 * (`{role, parts}`) get `{role: 'system', parts}`; chat-style messages (`{role, content}`,
 * as the AI SDK and OpenInference write them) get `{role: 'system', content}`. Input that
 * already starts with a system message is left alone, so nothing is shown twice.
 */
export function foldSystemInstructions(system: unknown, input: unknown): unknown {
  const parts = systemParts(system);
  if (input === undefined) return [{ role: 'system', parts }];
  if (!Array.isArray(input)) {
    const user = typeof input === 'string' ? { role: 'user', parts: [{ type: 'text', content: input }] } : input;
    return [{ role: 'system', parts }, user];
  }
  const first: unknown = input[0];
  if (isMessage(first) && first.role === 'system') return input;
  const chatStyle = isMessage(first) && !('parts' in first) && 'content' in first;
  const systemMessage = chatStyle ? { role: 'system', content: textOf(parts) } : { role: 'system', parts };
  const folded = [systemMessage, ...(input as unknown[])];
  // Keep the JSON-text fast path: splice the system message into the input's source text
  // instead of re-serialising the whole prompt later.
  const inputText = jsonTextOf(input)?.trimStart();
  if (inputText?.startsWith('[')) {
    try {
      const head = JSON.stringify(systemMessage);
      rememberJsonText(folded, input.length === 0 ? `[${head}]` : `[${head},${inputText.slice(1)}`);
    } catch {
      // Not JSON-safe (a BigInt in the instructions, say): the budget step renders it.
    }
  }
  return folded;
}

/** `gen_ai.system_instructions` is an array of parts; a plain string becomes one text part. */
function systemParts(system: unknown): unknown[] {
  if (Array.isArray(system)) return system;
  return [{ type: 'text', content: system }];
}

/** Text parts joined into one string; other parts kept as a list. */
function textOf(parts: unknown[]): unknown {
  const texts: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') texts.push(part);
    else if (part !== null && typeof part === 'object' && typeof (part as { content?: unknown }).content === 'string') {
      texts.push((part as { content: string }).content);
    } else return parts;
  }
  return texts.join('\n');
}

function isMessage(value: unknown): value is Record<string, unknown> & { role?: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'role' in value;
}
