/**
 * Scripted per-event errors for the ingestion receiver (`failEvents`): which events of later
 * requests are answered with an error entry in the 207 answer instead of being accepted.
 */
import type { AnsweredIngestionError, FailEventsOptions } from './langfuse-ingestion-received.js';

/** What a rule's predicate sees of an event. */
export interface FailableEvent {
  id: string;
  type: string;
  body: Record<string, unknown>;
}

interface FailRule {
  predicate: (event: FailableEvent) => boolean;
  answer: Omit<AnsweredIngestionError, 'id'>;
  remaining: number;
}

/** Rules in the order they were added; the first matching rule with events left answers. */
export class EventFailRules {
  private rules: FailRule[] = [];

  /** Adds a rule; throws on a bad option, naming it. */
  add(predicate: (event: FailableEvent) => boolean, options: FailEventsOptions = {}): void {
    if (typeof predicate !== 'function') throw new TypeError('failEvents: predicate must be a function');
    const status = options.status ?? 400;
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new TypeError(`failEvents: status must be an HTTP status code, got ${String(status)}`);
    const count = options.count ?? Number.POSITIVE_INFINITY;
    if (!(count >= 1)) throw new TypeError(`failEvents: count must be at least 1, got ${String(options.count)}`);
    const answer: Omit<AnsweredIngestionError, 'id'> = { status, message: options.message ?? 'Invalid request data' };
    if (options.error !== undefined) answer.error = options.error;
    this.rules.push({ predicate, answer, remaining: count });
  }

  /** The error to answer for this event, if a rule matches (and uses up one of its events). */
  match(event: FailableEvent): AnsweredIngestionError | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      let matches = false;
      try {
        matches = rule.predicate(event) === true;
      } catch {
        matches = false; // a throwing test predicate must not turn into a receiver error
      }
      if (!matches) continue;
      rule.remaining--;
      return { id: event.id, ...rule.answer };
    }
    return undefined;
  }

  clear(): void {
    this.rules = [];
  }
}
