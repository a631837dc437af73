import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

let close: (() => Promise<void>) | undefined;
// Every test file that serves gets the server closed after each test, so ports never leak between tests.
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Starts a local HTTP server that hands each request's full body to `handler`; closed after the test. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<URL> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`);
}
