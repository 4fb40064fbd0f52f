import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../core/ports';
import type { HostLimits } from './connection';

export type SocketLimits = Pick<HostLimits, 'maxUnauthenticated' | 'handshakeTimeoutMs' | 'headersTimeoutMs'>;

/**
 * A loopback HTTP server whose sockets share one pool: every loopback door a local account can
 * reach (the browser host, the diagnostics door, the metrics endpoint) holds at most
 * `maxUnauthenticated` of them however many are opened, rather than one file descriptor each.
 */
export function boundedServer(limits: SocketLimits, log: Logger, handler: RequestListener): { server: Server; pool: UnauthenticatedPool } {
  const server = createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.headersTimeoutMs * 2, connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 2) },
    handler,
  );
  const pool = new UnauthenticatedPool(limits, log);
  server.on('connection', (socket) => {
    // A socket reset mid-request must not reach the process as an unhandled 'error'.
    socket.on('error', () => undefined);
    pool.add(socket);
  });
  // Once it has spoken it is Node's keep-alive and header timeouts that apply.
  server.on('request', (req) => pool.spoke(req.socket));
  return { server, pool };
}

/**
 * The sockets of the browser host that no session vouches for (issue 16): every one starts here
 * and leaves when it closes or when the kiosk window's upgrade is admitted on it. Refusing
 * newcomers once the pool is full would let anyone who holds enough sockets starve the window's
 * reconnect (each stranger costs nothing to keep open), so a full pool closes its oldest socket
 * instead. A stranger cannot stay long either: whole request headers within the handshake
 * deadline, or it is closed; later requests on a kept-alive socket are Node's to time.
 */
export class UnauthenticatedPool {
  /** In arrival order, each with its handshake deadline (undefined once it has spoken). */
  private readonly sockets = new Map<Socket, NodeJS.Timeout | undefined>();

  constructor(
    private readonly limits: Pick<HostLimits, 'maxUnauthenticated' | 'handshakeTimeoutMs'>,
    private readonly log: Logger,
  ) {}

  add(socket: Socket): void {
    while (this.sockets.size >= this.limits.maxUnauthenticated) {
      const [oldest] = this.sockets.keys();
      this.forget(oldest!);
      this.log.warn('socket-evicted', { held: this.limits.maxUnauthenticated });
      oldest!.destroy();
    }
    const deadline = setTimeout(() => {
      this.forget(socket);
      socket.destroy();
    }, this.limits.handshakeTimeoutMs);
    deadline.unref();
    this.sockets.set(socket, deadline);
    socket.once('close', () => this.forget(socket));
  }

  /** Its request headers are in: the handshake deadline is met (it stays in the pool). */
  spoke(socket: Socket): void {
    socket.setTimeout(0);
    clearTimeout(this.sockets.get(socket));
    if (this.sockets.has(socket)) this.sockets.set(socket, undefined);
  }

  /** The kiosk window's admitted upgrade: no longer a stranger's, so never evicted. */
  admit(socket: Socket): void {
    this.forget(socket);
  }

  private forget(socket: Socket): void {
    clearTimeout(this.sockets.get(socket));
    this.sockets.delete(socket);
  }
}
