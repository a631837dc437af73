import type { Attributes } from '@opentelemetry/api';
import { withFinishReason } from '../content/chat-messages.js';
import { textPart, type GenAiMessage } from '../content/message-shape.js';
import { GEN_AI } from '../semconv.js';
import { arr, rec, str } from '../values.js';
import {
  putNumber,
  responseIdentity,
  stopSequences,
  usageAttributes,
  type ContentWriter,
  type OperationSpec,
  type StreamAccumulator,
} from './operation-spec.js';
import { TextBudget, TextBuffer } from './text-buffer.js';
import { completionChunkHasContent } from '../stream/first-content.js';

/** Legacy `completions.create` → a `text_completion` generation. */
export const COMPLETIONS: OperationSpec = {
  resource: 'completions',
  operation: 'text_completion',
  acceptsStreamUsage: true,
  requestAttributes(body, content) {
    const a: Attributes = {};
    putNumber(a, GEN_AI.requestTemperature, body.temperature);
    putNumber(a, GEN_AI.requestMaxTokens, body.max_tokens);
    putNumber(a, GEN_AI.requestTopP, body.top_p);
    putNumber(a, GEN_AI.requestFrequencyPenalty, body.frequency_penalty);
    putNumber(a, GEN_AI.requestPresencePenalty, body.presence_penalty);
    putNumber(a, GEN_AI.requestSeed, body.seed);
    if (typeof body.n === 'number' && body.n !== 1) a[GEN_AI.requestChoiceCount] = body.n;
    const stop = stopSequences(body.stop);
    if (stop) a[GEN_AI.requestStopSequences] = stop;
    if (content.capture && body.prompt !== undefined) a[GEN_AI.inputMessages] = content.json(promptMessages(body.prompt));
    return a;
  },
  responseAttributes(result, content) {
    const a = responseIdentity(result);
    usageAttributes(result.usage, a);
    const choices = (arr(result.choices) ?? []).map((c) => rec(c) ?? {});
    const reasons = choices.map((c) => str(c.finish_reason)).filter((r): r is string => r !== undefined);
    if (reasons.length > 0) a[GEN_AI.responseFinishReasons] = reasons;
    if (content.capture && choices.length > 0) {
      a[GEN_AI.outputMessages] = content.json(choices.map((c) => textMessage(str(c.text) ?? '', c.finish_reason)));
    }
    return a;
  },
  streamAccumulator(content) {
    return new CompletionStreamAccumulator(content);
  },
};

/** A prompt (text, list of texts, or token ids) as user messages. */
function promptMessages(prompt: unknown): GenAiMessage[] {
  if (typeof prompt === 'string') return [{ role: 'user', parts: [textPart(prompt)] }];
  const list = arr(prompt);
  if (list && list.every((p) => typeof p === 'string')) return list.map((p) => ({ role: 'user', parts: [textPart(p as string)] }));
  return [{ role: 'user', parts: [{ type: 'tokens', content: prompt }] }];
}

function textMessage(text: string, reason: unknown): GenAiMessage {
  return withFinishReason({ role: 'assistant', parts: [textPart(text)] }, reason);
}

/** Streamed legacy completion: text and finish reason per choice, usage. */
class CompletionStreamAccumulator implements StreamAccumulator {
  private readonly content: ContentWriter;
  private readonly budget: TextBudget;
  private readonly choices = new Map<number, { text: TextBuffer; finishReason?: string }>();
  private identity: Attributes = {};
  private usage: unknown;

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
    if (this.identity[GEN_AI.responseId] === undefined) this.identity = responseIdentity(c);
    if (c.usage !== undefined && c.usage !== null) this.usage = c.usage;
    for (const raw of arr(c.choices) ?? []) {
      const choice = rec(raw);
      if (!choice) continue;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      let state = this.choices.get(index);
      if (!state) {
        state = { text: new TextBuffer(this.budget) };
        this.choices.set(index, state);
      }
      state.finishReason = str(choice.finish_reason) ?? state.finishReason;
      if (this.content.capture) state.text.append(choice.text);
    }
  }

  carriesContent(chunk: unknown): boolean {
    return completionChunkHasContent(chunk);
  }

  failure(): string | undefined {
    return undefined;
  }

  attributes(): Attributes {
    const a: Attributes = { ...this.identity };
    usageAttributes(this.usage, a);
    const ordered = [...this.choices.entries()].sort(([x], [y]) => x - y).map(([, s]) => s);
    const reasons = ordered.map((s) => s.finishReason).filter((r): r is string => r !== undefined);
    if (reasons.length > 0) a[GEN_AI.responseFinishReasons] = reasons;
    if (this.content.capture && ordered.length > 0) {
      a[GEN_AI.outputMessages] = this.content.json(ordered.map((s) => textMessage(s.text.toString(), s.finishReason)));
    }
    return a;
  }
}
