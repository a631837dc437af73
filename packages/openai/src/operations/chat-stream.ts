import type { Attributes } from '@opentelemetry/api';
import { withFinishReason } from '../content/chat-messages.js';
import { textPart, toolCallPart, type GenAiMessage } from '../content/message-shape.js';
import { GEN_AI } from '../semconv.js';
import { rec, str } from '../values.js';
import { responseIdentity, usageAttributes, type ContentWriter, type StreamAccumulator } from './operation-spec.js';
import { TextBudget, TextBuffer } from './text-buffer.js';
import { chatChunkHasContent } from '../stream/first-content.js';

interface ToolCallState {
  id?: string;
  name?: string;
  args: TextBuffer;
}

interface ChoiceState {
  text: TextBuffer;
  refusal: TextBuffer;
  /** Keyed by the delta's `index`: parallel tool calls arrive interleaved, each under its own index. */
  toolCalls: Map<number, ToolCallState>;
  finishReason?: string;
}

/**
 * Rebuilds a streamed chat completion from its chunks: text, refusal and every tool call
 * per choice (tool calls accumulated per index, so parallel calls stay separate), finish
 * reasons, usage and response identity. Content is only accumulated when captured.
 */
export class ChatStreamAccumulator implements StreamAccumulator {
  private readonly content: ContentWriter;
  private readonly budget: TextBudget;
  private readonly choices = new Map<number, ChoiceState>();
  private identity: Attributes = {};
  private identified = false;
  private usage: unknown;
  /** The last choice seen: a stream usually has one, so most chunks skip the map lookup. */
  private lastIndex = -1;
  private lastState: ChoiceState | undefined;

  constructor(content: ContentWriter) {
    this.content = content;
    this.budget = new TextBudget(content.maxBytes);
  }

  get finished(): boolean {
    if (this.usage !== undefined) return true;
    if (this.choices.size === 0) return false;
    for (const choice of this.choices.values()) if (choice.finishReason === undefined) return false;
    return true;
  }

  add(chunk: unknown): void {
    const c = rec(chunk);
    if (!c) return;
    if (!this.identified) {
      this.identity = responseIdentity(c);
      this.identified = this.identity[GEN_AI.responseId] !== undefined;
    }
    if (c.usage !== undefined && c.usage !== null) this.usage = c.usage;
    const choices = c.choices;
    if (!Array.isArray(choices)) return;
    for (let i = 0; i < choices.length; i++) {
      const choice = rec(choices[i]);
      if (!choice) continue;
      const state = this.choice(typeof choice.index === 'number' ? choice.index : 0);
      const reason = str(choice.finish_reason);
      if (reason !== undefined) state.finishReason = reason;
      if (!this.content.capture) continue;
      const delta = rec(choice.delta);
      if (!delta) continue;
      state.text.append(delta.content);
      state.refusal.append(delta.refusal);
      const calls = delta.tool_calls;
      if (Array.isArray(calls)) for (let j = 0; j < calls.length; j++) this.addToolCall(state, rec(calls[j]));
    }
  }

  carriesContent(chunk: unknown): boolean {
    return chatChunkHasContent(chunk);
  }

  failure(): string | undefined {
    return undefined;
  }

  attributes(): Attributes {
    const a: Attributes = { ...this.identity };
    usageAttributes(this.usage, a);
    const ordered = [...this.choices.entries()].sort(([x], [y]) => x - y).map(([, state]) => state);
    const reasons = ordered.map((s) => s.finishReason).filter((r): r is string => r !== undefined);
    if (reasons.length > 0) a[GEN_AI.responseFinishReasons] = reasons;
    if (this.content.capture && ordered.length > 0) a[GEN_AI.outputMessages] = this.content.json(ordered.map(outputMessage));
    return a;
  }

  private choice(index: number): ChoiceState {
    if (index === this.lastIndex && this.lastState !== undefined) return this.lastState;
    let state = this.choices.get(index);
    if (!state) {
      state = { text: new TextBuffer(this.budget), refusal: new TextBuffer(this.budget), toolCalls: new Map() };
      this.choices.set(index, state);
    }
    this.lastIndex = index;
    this.lastState = state;
    return state;
  }

  private addToolCall(state: ChoiceState, call: Record<string, unknown> | undefined): void {
    if (!call) return;
    const index = typeof call.index === 'number' ? call.index : state.toolCalls.size;
    let tool = state.toolCalls.get(index);
    if (!tool) {
      tool = { args: new TextBuffer(this.budget) };
      state.toolCalls.set(index, tool);
    }
    tool.id ??= str(call.id);
    const fn = rec(call.function);
    tool.name ??= str(fn?.name);
    tool.args.append(fn?.arguments);
  }
}

function outputMessage(state: ChoiceState): GenAiMessage {
  const message: GenAiMessage = { role: 'assistant', parts: [] };
  if (!state.text.empty) message.parts.push(textPart(state.text.toString()));
  if (!state.refusal.empty) message.parts.push(textPart(state.refusal.toString()));
  const calls = [...state.toolCalls.entries()].sort(([x], [y]) => x - y);
  for (const [, call] of calls) message.parts.push(toolCallPart(call.id, call.name, call.args.toString()));
  return withFinishReason(message, state.finishReason);
}
