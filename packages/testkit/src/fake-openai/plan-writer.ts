/**
 * Writes an {@link AnswerPlan} to a response: JSON in one piece, or SSE event by event with
 * the scripted delay and an optional abrupt drop. Each event waits for its write callback
 * before the next step, so a drop after N events really happens after N events reached the
 * socket (destroying earlier could discard buffered events and test a different failure).
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatSseEvent, type AnswerPlan } from './answer-plan.js';

/** How to deliver a plan. */
export interface DeliveryOptions {
  /** Pause between SSE events, in ms. */
  chunkDelayMs: number;
  /** Destroy the socket after this many SSE events (a JSON answer is dropped unsent). */
  dropAfterChunks: number | undefined;
  /** Extra headers (e.g. `x-request-id`, or the reply's own). */
  headers: Record<string, string>;
  /** Aborts pending delays when the server closes. */
  signal: AbortSignal;
  /** Called with the HTTP status just before the head is written (not when dropped first). */
  onHead?: (status: number) => void;
}

/** How a delivery ended. */
export type DeliveryOutcome = 'sent' | 'dropped' | 'client-gone';

/** Destroys the connection without a proper end: what a crashed proxy or reset looks like. */
export function dropConnection(response: ServerResponse): void {
  response.socket?.destroy();
  response.destroy();
}

function write(response: ServerResponse, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (response.destroyed || response.writableEnded) {
      resolve(false);
      return;
    }
    response.write(text, (error) => resolve(!error));
  });
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Sends a plan; resolves once it is fully written, dropped, or the client went away. */
export async function writePlan(response: ServerResponse, plan: AnswerPlan, options: DeliveryOptions): Promise<DeliveryOutcome> {
  if (response.destroyed || response.headersSent) return 'client-gone';
  if (plan.kind === 'json') {
    if (options.dropAfterChunks !== undefined) {
      dropConnection(response);
      return 'dropped';
    }
    const body = JSON.stringify(plan.body);
    options.onHead?.(plan.status);
    response.writeHead(plan.status, {
      ...options.headers,
      ...plan.headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    response.end(body);
    return 'sent';
  }
  if (options.dropAfterChunks === 0) {
    dropConnection(response);
    return 'dropped';
  }
  options.onHead?.(200);
  response.writeHead(200, {
    ...options.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  // Headers go out now so the SDK's request promise resolves before the first event, as
  // with OpenAI; time-to-first-token measurements depend on that separation.
  response.flushHeaders();
  for (const [index, event] of plan.events.entries()) {
    if (index > 0 && !(await pause(options.chunkDelayMs, options.signal))) return 'client-gone';
    if (!(await write(response, formatSseEvent(event)))) return 'client-gone';
    if (options.dropAfterChunks !== undefined && index + 1 >= options.dropAfterChunks) {
      dropConnection(response);
      return 'dropped';
    }
  }
  response.end();
  return 'sent';
}
