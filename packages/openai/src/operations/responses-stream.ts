import type { Attributes } from '@opentelemetry/api';
import { responsesOutputParts } from '../content/responses-items.js';
import { textPart } from '../content/message-shape.js';
import { GEN_AI } from '../semconv.js';
import { rec, str, type Rec } from '../values.js';
import { responseIdentity, type ContentWriter, type StreamAccumulator } from './operation-spec.js';
import { responseAttributes } from './response-object.js';
import { TextBudget, TextBuffer } from './text-buffer.js';
import { responsesEventHasContent } from '../stream/first-content.js';

const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Follows a Responses API event stream. The terminal event (`response.completed`,
 * `response.incomplete`, `response.failed`) carries the whole Response with usage details,
 * so a finished stream is recorded exactly like a non-streamed call; an interrupted one
 * keeps the finished output items and the text deltas of the unfinished ones.
 */
export class ResponsesStreamAccumulator implements StreamAccumulator {
  private readonly content: ContentWriter;
  private readonly budget: TextBudget;
  private snapshot: Rec | undefined;
  private final: Rec | undefined;
  private readonly doneItems: unknown[] = [];
  private readonly partialText = new Map<string, TextBuffer>();

  constructor(content: ContentWriter) {
    this.content = content;
    this.budget = new TextBudget(content.maxBytes);
  }

  get finished(): boolean {
    return this.final !== undefined;
  }

  add(event: unknown): void {
    const e = rec(event);
    const type = str(e?.type);
    if (!e || type === undefined) return;
    if (TERMINAL_EVENTS.has(type)) {
      this.final = rec(e.response);
      return;
    }
    if (type === 'response.created' || type === 'response.in_progress') {
      this.snapshot = rec(e.response) ?? this.snapshot;
      return;
    }
    if (!this.content.capture) return;
    if (type === 'response.output_text.delta') {
      const key = str(e.item_id) ?? '';
      let buffer = this.partialText.get(key);
      if (!buffer) {
        buffer = new TextBuffer(this.budget);
        this.partialText.set(key, buffer);
      }
      buffer.append(e.delta);
    } else if (type === 'response.output_item.done') {
      const item = rec(e.item);
      if (item) {
        this.doneItems.push(item);
        if (typeof item.id === 'string') this.partialText.delete(item.id);
      }
    }
  }

  carriesContent(chunk: unknown): boolean {
    return responsesEventHasContent(chunk);
  }

  failure(): string | undefined {
    if (this.final?.status !== 'failed') return undefined;
    const error = rec(this.final.error);
    return [str(error?.code), str(error?.message)].filter(Boolean).join(': ') || 'response failed';
  }

  attributes(): Attributes {
    if (this.final) return responseAttributes(this.final, this.content);
    const a: Attributes = this.snapshot ? responseIdentity(this.snapshot) : {};
    if (this.content.capture && (this.doneItems.length > 0 || this.partialText.size > 0)) {
      const parts = responsesOutputParts(this.doneItems);
      for (const buffer of this.partialText.values()) parts.push(textPart(buffer.toString()));
      a[GEN_AI.outputMessages] = this.content.json([{ role: 'assistant', parts }]);
    }
    return a;
  }
}
