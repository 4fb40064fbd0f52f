import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../contract';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import { CONTENT_SECURITY_POLICY } from '../app/csp';
import { throttleLog } from '../app/log-throttle';
import { readStaticFile } from '../app/static-files';
import { attachScreen, HOST_LIMITS, type HostLimits } from './connection';
import { boundedServer } from './socket-pool';
import { badTarget, hostAllowed, HttpRefusal, parseTarget, serve } from './loopback';
import { ScreenSession, type ScreenSessionOptions } from './screen-session';

/**
 * The browser host: the same core as the Electron shell, reached over loopback. The page is
 * public on 127.0.0.1 but useless without a session: the WebSocket demands a one-time launch
 * ticket or the resume token of the session it opened (screen-session.ts), a same-origin
 * `Origin` and the host's own `Host`, before a single intent is accepted.
 */
export interface BrowserHostOptions {
  core: KioskCore;
  log: Logger;
  rendererDir: string;
  port?: number;
  /** Lifetimes of tickets and resume tokens (tests shorten them). */
  session?: ScreenSessionOptions;
  /** What a client may cost (connection.ts); the defaults suit the kiosk window. */
  limits?: Partial<HostLimits>;
}

export type { HostLimits } from './connection';

export interface BrowserHost {
  url: string;
  /**
   * The page's URL with a fresh one-time launch ticket in its fragment (fragments never reach a
   * server or its logs). Hand it only to the kiosk window, through a channel no other user reads.
   */
  launchUrl(): string;
  port: number;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const screens = new ScreenSession(options.session);
  const limits: HostLimits = { ...HOST_LIMITS, ...options.limits };
  const log = throttleLog(options.log, { perSecond: limits.logLinesPerSecond });
  const root = resolve(options.rendererDir);
  let ownHost = '';
  const { server, pool } = boundedServer(
    limits,
    log,
    serve(log, PAGE_HEADERS, () => ownHost, (req, res) => serveStatic(root, req, res)),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let origin = '';

  server.on('upgrade', (req, socket, head) => {
    pool.spoke(socket as Socket);
    const target = parseTarget(req.url);
    const refuse = (status: string, why: Record<string, unknown>) => {
      log.warn('ws-refused', why);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req, ownHost)) return refuse('421 Misdirected Request', { reason: 'wrong-host' });
    if (!target) return refuse('400 Bad Request', { reason: 'bad-target' });
    if (target.path !== '/ws' || req.headers.origin !== origin) {
      return refuse('403 Forbidden', { path: target.path.slice(0, 64), originOk: req.headers.origin === origin });
    }
    const admission = screens.admit({ ticket: target.query.get('ticket'), resume: target.query.get('resume') });
    if (!admission.ok) return refuse(admission.status === 409 ? '409 Conflict' : '403 Forbidden', { reason: admission.reason });
    // The kiosk window's own socket: out of the pool strangers share, so none of them can evict it.
    pool.admit(socket as Socket);
    // The session is live from here; whichever way this socket ends, the door opens again.
    let attached = false;
    socket.once('close', () => attached || screens.ended());
    try {
      wss.handleUpgrade(req, socket, head, (ws) => {
        attached = true;
        ws.once('close', () => screens.ended());
        attachScreen(ws, options.core, log, screens, limits);
      });
    } catch (err) {
      log.error('ws-upgrade-failed', { error: (err as Error).name });
      socket.destroy();
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  ownHost = `127.0.0.1:${port}`;
  origin = `http://${ownHost}`;
  return {
    url: `${origin}/`,
    launchUrl: () => `${origin}/#ticket=${screens.issueTicket()}`,
    port,
    close: () => closeAll(server, wss),
  };
}

const PAGE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = PAGE_HEADERS;
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpRefusal(405, 'method-not-allowed', 'only GET and HEAD');
  const target = parseTarget(req.url);
  if (!target) throw badTarget();
  const file = await readStaticFile(root, target.path);
  if (file.status !== 200) {
    res.writeHead(file.status, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': file.contentType });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function closeAll(server: Server, wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.closeAllConnections();
  return new Promise((ok) => server.close(() => ok()));
}
