/**
 * Reads the text a request asks about, for the default "echo" reply and default embeddings.
 * Each API spells messages differently (chat `messages`, Responses `input`, legacy `prompt`,
 * embeddings `input`), and both SDKs send content either as a string or as typed parts.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a message `content`: a string, or the text parts of an array joined together. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content
    .filter(isRecord)
    .filter((part) => (part.type === 'text' || part.type === 'input_text') && typeof part.text === 'string')
    .map((part) => part.text as string);
  return texts.length > 0 ? texts.join('') : undefined;
}

/** Text of the last `role: "user"` item that carries text. */
function lastUserText(items: unknown): string | undefined {
  if (!Array.isArray(items)) return undefined;
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item: unknown = items[index];
    if (!isRecord(item) || item.role !== 'user') continue;
    const text = contentText(item.content);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * The last user message of a generation request: chat `messages`, Responses `input` (a
 * string or input items), or a legacy `prompt` (a string or the last string of an array).
 */
export function lastUserMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (Array.isArray(body.messages)) return lastUserText(body.messages);
  if (typeof body.input === 'string') return body.input;
  if (Array.isArray(body.input)) return lastUserText(body.input);
  if (typeof body.prompt === 'string') return body.prompt;
  if (Array.isArray(body.prompt)) {
    const strings = body.prompt.filter((entry): entry is string => typeof entry === 'string');
    return strings[strings.length - 1];
  }
  return undefined;
}

/** The default reply text: `echo: <last user message>`. */
export function echoText(body: unknown): string {
  return `echo: ${lastUserMessage(body) ?? '(no user message)'}`;
}

/**
 * The inputs of an embeddings request as strings: a string, an array of strings, or token
 * arrays (rendered as their numbers joined by spaces so they still embed deterministically).
 */
export function embeddingInputs(body: unknown): string[] {
  const input = isRecord(body) ? body.input : undefined;
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((entry) => typeof entry === 'number')) return [input.join(' ')];
  return input.map((entry) => (typeof entry === 'string' ? entry : Array.isArray(entry) ? entry.join(' ') : String(entry)));
}
