import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientFrame, MAX_FRAME_BYTES, type ServerFrame, rejected } from '../contract';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import { CONTENT_SECURITY_POLICY } from '../app/csp';
import { readStaticFile } from '../app/static-files';

/**
 * The browser host: the same core as the Electron shell, reached over loopback. The page is
 * public on 127.0.0.1 but useless without the per-launch token, which the WebSocket demands
 * (with a same-origin check) before a single intent is accepted.
 */
export interface BrowserHostOptions {
  core: KioskCore;
  log: Logger;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  url: string;
  /** The URL with the token in its fragment: fragments never reach the server or its logs. */
  kioskUrl: string;
  port: number;
  close(): Promise<void>;
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const root = resolve(options.rendererDir);
  const server = createServer((req, res) => void serveStatic(root, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let origin = '';

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('token') ?? '';
    if (url.pathname !== '/ws' || !tokensEqual(given, token) || req.headers.origin !== origin) {
      options.log.warn('ws-refused', { path: url.pathname, originOk: req.headers.origin === origin });
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options.core, options.log));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    kioskUrl: `${origin}/#token=${token}`,
    port,
    close: () => closeAll(server, wss),
  };
}

function attach(ws: WebSocket, core: KioskCore, log: Logger): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = core.onState((state) => send({ type: 'state', state }));
  ws.on('message', async (data, isBinary) => {
    let frame: ClientFrame;
    try {
      if (isBinary) throw new Error('binary frame');
      const parsed = ClientFrame.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) throw new Error('frame shape');
      frame = parsed.data;
    } catch (err) {
      // Without a readable id there is nobody to answer: say so once and drop the frame.
      log.warn('ws-frame-rejected', { reason: (err as Error).message });
      send({ type: 'result', id: -1, result: rejected('invalid-intent', 'frame is not {id, intent} JSON') });
      return;
    }
    send({ type: 'result', id: frame.id, result: await core.dispatch(frame.intent) });
  });
  ws.on('close', unsubscribe);
  ws.on('error', (err) => log.warn('ws-error', { error: err.message }));
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const file = await readStaticFile(root, decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname));
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
