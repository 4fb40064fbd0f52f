import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CodedError, errorCode } from '../../shared/coded-error';
import type { Logger } from '../core/ports';

/**
 * What both loopback servers (the browser host and the lab) do before any route runs: read the
 * request target without trusting it, and make sure no request, however malformed, can take the
 * process down. Any web page on the machine can make a browser send requests here (an <img src>
 * is enough), so every one of them is hostile until proven otherwise.
 */
export interface RequestTarget {
  /** The decoded path; never contains a NUL byte. */
  path: string;
  query: URLSearchParams;
}

/**
 * Splits an origin-form request target (`/path?query`). Anything else — absolute-form,
 * `*`, a percent sequence that is not UTF-8 (`%c0%ae`), a NUL byte — is not a target this
 * server understands, and the caller answers 400.
 */
export function parseTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw?.startsWith('/')) return undefined;
  const q = raw.indexOf('?');
  const encodedPath = q === -1 ? raw : raw.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(encodedPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  return { path, query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A route's answer; `serve` turns a thrown one into a status, anything else into a 500. */
export class HttpRefusal extends CodedError {
  override readonly name = 'HttpRefusal';
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The one Host a loopback server answers to: `127.0.0.1:<its port>`, exactly as its own URLs
 * say. A rebinding DNS name (evil.example resolving to 127.0.0.1) reaches the same socket, but
 * its browser sends `Host: evil.example`, and is turned away before any route runs.
 */
export function hostAllowed(req: IncomingMessage, ownHost: string): boolean {
  return req.headers.host === ownHost;
}

const wrongHost = (): HttpRefusal => new HttpRefusal(421, 'wrong-host', 'this server answers only to its own loopback address');

/**
 * Wraps a route so that it can only ever answer: a refusal becomes its status, any other failure
 * is logged once (its kind, never the request) and answered 500, and a response already under
 * way is cut off. The process stays up either way.
 */
export function serve(log: Logger, headers: Record<string, string>, ownHost: () => string, handle: Handler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Anything the handler throws before its first await is caught here as a rejection too.
    void Promise.resolve()
      .then(() => {
        if (!hostAllowed(req, ownHost())) throw wrongHost();
        return handle(req, res);
      })
      .catch((err: unknown) => {
        const refusal = err instanceof HttpRefusal ? err : undefined;
        if (!refusal) log.error('http-handler-failed', { error: err instanceof Error ? err.name : typeof err, code: errorCode(err) });
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const status = refusal?.status ?? 500;
        const body = JSON.stringify({ error: refusal?.code ?? 'internal', message: refusal?.message ?? 'the request could not be handled' });
        res.writeHead(status, { ...headers, 'Content-Type': 'application/json', Connection: 'close' }).end(body);
      });
  };
}

export const badTarget = (): HttpRefusal => new HttpRefusal(400, 'bad-request', 'the request target is not a valid path');

/**
 * The body of a small request, refused past `limit` bytes while it streams (a client may not make
 * the kiosk buffer what it likes) and refused as typed when the client cuts it off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpRefusal(413, 'too-large', 'request too large'));
        req.pause();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new HttpRefusal(400, 'aborted', 'the request was cut off')));
  });
}

/** A body that is not JSON is the caller's mistake (400), and the parser's words stay here. */
export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body || '{}') as unknown;
  } catch {
    throw new HttpRefusal(400, 'bad-json', 'the body is not JSON');
  }
}
