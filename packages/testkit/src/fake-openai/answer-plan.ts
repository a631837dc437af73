/**
 * What an endpoint decided to answer, as data. Endpoints build a plan without touching the
 * socket; the server writes it (with delays and drops), so the wire formats stay pure
 * functions that are easy to read against OpenAI's reference.
 */

/** One server-sent event. */
export interface SseEvent {
  /** `event:` line (the Responses API names every event; chat streams do not). */
  event?: string;
  /** `data:` payload, already serialised. */
  data: string;
}

/** A JSON answer. */
export interface JsonAnswer {
  /** Discriminant. */
  kind: 'json';
  /** HTTP status. */
  status: number;
  /** Body, serialised with `JSON.stringify`. */
  body: unknown;
  /** Extra headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
}

/** A `text/event-stream` answer with status 200. */
export interface StreamAnswer {
  /** Discriminant. */
  kind: 'sse';
  /** Events in order. */
  events: SseEvent[];
}

/** Either answer. */
export type AnswerPlan = JsonAnswer | StreamAnswer;

/** A JSON answer with status 200. */
export function jsonOk(body: unknown): JsonAnswer {
  return { kind: 'json', status: 200, body };
}

/** An SSE event whose data is `value` as JSON. */
export function sseJson(value: unknown, event?: string): SseEvent {
  return event === undefined ? { data: JSON.stringify(value) } : { event, data: JSON.stringify(value) };
}

/** Serialises one event in wire format, blank line included. */
export function formatSseEvent(event: SseEvent): string {
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${event.data}\n\n`;
}
