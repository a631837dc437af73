/**
 * Server-sent events to every open viewer page. One `text/event-stream` response per page;
 * a comment line every 15 s keeps proxies and the browser from closing an idle stream.
 */
import type { ServerResponse } from 'node:http';

/** The open event streams. */
export class LiveEvents {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Starts an event stream on `response` and sends `first` as its first event. */
  open(response: ServerResponse, first: { event: string; data: unknown }): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: 1000\n${frame(first.event, first.data)}`);
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  /** Sends one event to every open stream. */
  send(event: string, data: unknown): void {
    if (this.clients.size > 0) this.write(frame(event, data));
  }

  /** Number of open streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const client of this.clients) if (!client.writableEnded) client.write(text);
  }
}

function frame(event: string, data: unknown): string {
  // JSON has no raw newlines, so one `data:` line holds the whole payload.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
