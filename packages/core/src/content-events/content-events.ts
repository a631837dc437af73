import type { Observation } from '../observation.js';

/**
 * GenAI content carried by log records rather than span attributes: the per-message events
 * of the OTel GenAI event conventions (used by the contrib OpenAI instrumentation) and the
 * newer single `gen_ai.client.inference.operation.details` event.
 */
export const GEN_AI_CONTENT_EVENT_NAMES: ReadonlySet<string> = new Set([
  'gen_ai.system.message',
  'gen_ai.user.message',
  'gen_ai.assistant.message',
  'gen_ai.tool.message',
  'gen_ai.choice',
  'gen_ai.client.inference.operation.details',
]);

/** One content event as the log bridge keeps it until its span is exported. */
export interface ContentEvent {
  name: string;
  /** The record's body (per-message events). */
  body: unknown;
  /** The record's attributes (`operation.details` carries its messages there). */
  attributes: Readonly<Record<string, unknown>>;
}

/** What a list of content events says about a model call. */
export interface EventContent {
  input?: unknown[];
  output?: unknown[];
  systemInstructions?: unknown;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);

/** Text of a message body's `content` (a string, or parts with `text`). */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content.map((p) => (typeof p === 'string' ? p : typeof rec(p)?.text === 'string' ? (rec(p)!.text as string) : '')).filter((t) => t !== '');
    return texts.length > 0 ? texts.join('') : undefined;
  }
  return undefined;
}

/** A per-message event body as an OTel GenAI message (`{ role, parts }`). */
function message(role: string, body: Rec | undefined): Rec {
  const parts: Rec[] = [];
  const text = textOf(body?.content);
  if (text !== undefined) parts.push({ type: 'text', content: text });
  for (const raw of Array.isArray(body?.tool_calls) ? (body!.tool_calls as unknown[]) : []) {
    const call = rec(raw);
    const fn = rec(call?.function);
    parts.push({ type: 'tool_call', id: call?.id, name: fn?.name, arguments: fn?.arguments });
  }
  if (role === 'tool' && body?.id !== undefined) return { role, parts: [{ type: 'tool_call_response', id: body.id, response: text }] };
  return { role, parts };
}

/** A JSON-text or structured attribute value. */
function structured(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Builds input, output and system instructions from content events, in their order: user,
 * assistant and tool messages are input; system messages are input too (as the OTel
 * per-message convention has them); `gen_ai.choice` events are output, ordered by index;
 * `operation.details` contributes its `gen_ai.input.messages`, `gen_ai.output.messages`
 * and `gen_ai.system_instructions`. Pure.
 */
export function contentFromEvents(events: readonly ContentEvent[]): EventContent {
  const input: unknown[] = [];
  const choices: Array<{ index: number; message: Rec }> = [];
  const out: EventContent = {};
  for (const event of events) {
    const body = rec(event.body);
    switch (event.name) {
      case 'gen_ai.system.message':
        input.push(message('system', body));
        break;
      case 'gen_ai.user.message':
        input.push(message('user', body));
        break;
      case 'gen_ai.assistant.message':
        input.push(message('assistant', body));
        break;
      case 'gen_ai.tool.message':
        input.push(message('tool', body));
        break;
      case 'gen_ai.choice': {
        const msg = message('assistant', rec(body?.message));
        if (typeof body?.finish_reason === 'string') msg.finish_reason = body.finish_reason;
        choices.push({ index: typeof body?.index === 'number' ? body.index : choices.length, message: msg });
        break;
      }
      case 'gen_ai.client.inference.operation.details': {
        const a = event.attributes;
        const inMessages = structured(a['gen_ai.input.messages'] ?? body?.['gen_ai.input.messages']);
        const outMessages = structured(a['gen_ai.output.messages'] ?? body?.['gen_ai.output.messages']);
        const system = structured(a['gen_ai.system_instructions'] ?? body?.['gen_ai.system_instructions']);
        if (Array.isArray(inMessages)) input.push(...(inMessages as unknown[]));
        if (Array.isArray(outMessages)) out.output = [...(out.output ?? []), ...(outMessages as unknown[])];
        if (system !== undefined) out.systemInstructions = system;
        break;
      }
      default:
        break;
    }
  }
  if (input.length > 0) out.input = input;
  if (choices.length > 0) out.output = [...(out.output ?? []), ...choices.sort((x, y) => x.index - y.index).map((c) => c.message)];
  return out;
}

/**
 * Fills an observation's input, output and system instructions from its content events
 * where the span itself had none: what the span says wins. Returns the same object.
 * Runs before the privacy gate, so event content gets the same capture switch, scrubbing,
 * mask and budgets as any content.
 */
export function mergeContentEvents(observation: Observation, events: readonly ContentEvent[]): Observation {
  if (events.length === 0) return observation;
  const content = contentFromEvents(events);
  if (observation.input === undefined && content.input !== undefined) observation.input = content.input;
  if (observation.output === undefined && content.output !== undefined) observation.output = content.output;
  if (observation.systemInstructions === undefined && content.systemInstructions !== undefined) observation.systemInstructions = content.systemInstructions;
  return observation;
}
