/**
 * The viewer's HTTP server: the page, its compiled scripts, a JSON API over the store and
 * the live event stream. Reads only; the receivers are separate servers on their own ports.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { LiveEvents } from './live-events.js';
import { CONTENT_SECURITY_POLICY, PAGE_CSS, PAGE_HTML } from './page-html.js';
import type { TraceStore } from './trace-store.js';

/** Options for {@link startViewerServer}. */
export interface ViewerServerOptions {
  store: TraceStore;
  /** Directory of the compiled page scripts (`main.js`, …). */
  pageDir: URL;
  host: string;
  port: number;
}

/** A running viewer. */
export interface ViewerServer {
  readonly url: string;
  readonly port: number;
  readonly events: LiveEvents;
  close(): Promise<void>;
}

const SCRIPT_NAME = /^\/assets\/([a-z][a-z0-9-]*\.js)$/;
const TRACE_PATH = /^\/api\/traces\/([0-9a-fA-F-]{1,64})$/;

/** Starts the viewer server and resolves once it listens. */
export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const events = new LiveEvents();
  const scripts = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => send(response, 500, 'text/plain', `viewer error: ${(error as Error).message}`));
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://viewer').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'method not allowed');
    if (path === '/' || path === '/index.html') return send(response, 200, 'text/html; charset=utf-8', PAGE_HTML);
    if (path === '/assets/viewer.css') return send(response, 200, 'text/css; charset=utf-8', PAGE_CSS);
    const script = SCRIPT_NAME.exec(path);
    if (script) {
      const name = script[1]!;
      let body = scripts.get(name);
      if (!body) {
        try {
          body = await readFile(new URL(name, options.pageDir));
        } catch {
          return send(response, 404, 'text/plain', `no ${name}: is the page built? (pnpm --filter @lamplight/cli build)`);
        }
        scripts.set(name, body);
      }
      return send(response, 200, 'text/javascript; charset=utf-8', body);
    }
    if (path === '/api/traces') return send(response, 200, 'application/json', JSON.stringify(options.store.snapshot()));
    const trace = TRACE_PATH.exec(path);
    if (trace) {
      const found = options.store.trace(trace[1]!);
      return found ? send(response, 200, 'application/json', JSON.stringify(found)) : send(response, 404, 'application/json', '{"error":"no such trace"}');
    }
    if (path === '/api/events') return events.open(response, { event: 'snapshot', data: options.store.snapshot() });
    return send(response, 404, 'text/plain', 'not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    port,
    events,
    close: () => closeServer(server, events),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function closeServer(server: Server, events: LiveEvents): Promise<void> {
  events.close();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
