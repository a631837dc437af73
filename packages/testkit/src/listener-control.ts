/**
 * Socket-level faults shared by the receivers: taking the listener down and bringing it back
 * on the same port (a backend that is down, then up), and resetting a connection in the
 * middle of a request body. Kept apart from the receivers so both behave the same.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { listen } from './listen.js';

/**
 * Owns a receiver's listening state and open sockets. `setDown(true)` stops listening and
 * destroys open connections, so new requests fail with ECONNREFUSED; `setDown(false)`
 * listens again on the same host and port, so a client configured with the receiver's URL
 * reaches it again without being told.
 */
export class ListenerControl {
  private readonly sockets = new Set<Socket>();
  private down = false;
  private closed = false;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    private readonly server: Server,
    private readonly host: string,
    private readonly port: number,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** True while the listener is down. */
  get isDown(): boolean {
    return this.down;
  }

  /**
   * Takes the listener down (`true`) or brings it back on the same port (`false`). Resolves
   * once the change took effect; calls are applied in order; a repeated state is a no-op.
   */
  setDown(down: boolean): Promise<void> {
    const next = this.transition.then(async () => {
      if (this.closed) throw new Error('setDown: the receiver is closed');
      if (down === this.down) return;
      if (down) {
        await new Promise<void>((resolve) => {
          this.server.close(() => resolve());
          this.destroySockets();
        });
        this.down = true;
        return;
      }
      await listen(this.server, this.host, this.port);
      this.down = false;
    });
    // A failed transition must not block later ones.
    this.transition = next.catch(() => undefined);
    return next;
  }

  /** Stops listening for good and destroys open connections. Safe when down. */
  close(): Promise<void> {
    this.closed = true;
    return this.transition.then(
      () =>
        new Promise<void>((resolve) => {
          // On a server that is not listening the callback gets ERR_SERVER_NOT_RUNNING: fine.
          this.server.close(() => resolve());
          this.destroySockets();
        }),
    );
  }

  private destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

/**
 * Reads the request body until `afterBytes` bytes arrived (or the body ended), then resets
 * the connection with a TCP RST (plain destroy where RST is unavailable). Resolves with the
 * bytes read before the reset.
 */
export function resetMidBody(request: IncomingMessage, afterBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    let done = false;
    const reset = (): void => {
      if (done) return;
      done = true;
      request.off('data', onData);
      request.pause();
      const socket = request.socket;
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      seen += chunk.length;
      if (seen >= afterBytes) reset();
    };
    request.on('data', onData);
    request.on('end', reset);
    request.on('error', reset);
  });
}
