import { createServer, type RequestListener, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import { type GatewaySimulator, startGatewaySimulator } from '../../gateway';
import { GatewayClient, GatewayError } from '../../main/gateway';

/** One scripted answer of a misbehaving gateway; JSON unless its headers say otherwise. */
interface ScriptedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface GatewayHarness {
  /** The gateway simulator on a real port. */
  sim(opts?: Parameters<typeof startGatewaySimulator>[0]): Promise<GatewaySimulator>;
  /** A misbehaving gateway on a real port: answers whatever the handler does. */
  rawServer(handler: RequestListener): Promise<string>;
  /** A gateway that gives `answers` in turn, one per request, and keeps "METHOD path body" of each in `seen`. */
  scripted(answers: ScriptedAnswer[]): Promise<{ url: string; seen: string[] }>;
  client(baseUrl: string, timeoutMs?: number): GatewayClient;
}

/**
 * Real gateways for the client's tests, the simulator or a scripted server, closed after each
 * test. Call once at the top of a test file.
 */
export function useGatewayHarness(): GatewayHarness {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  const rawServer = async (handler: RequestListener) => {
    const server: Server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  return {
    async sim(opts = {}) {
      const s = await startGatewaySimulator(opts);
      closers.push(() => s.close());
      return s;
    },
    rawServer,
    async scripted(answers) {
      const seen: string[] = [];
      const url = await rawServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          seen.push(`${req.method} ${req.url} ${body}`);
          const a = answers.shift();
          if (!a) throw new Error(`no scripted answer left for ${req.method} ${req.url}`);
          res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
          res.end(a.body);
        });
      });
      return { url, seen };
    },
    client: (baseUrl, timeoutMs = 2000) => new GatewayClient({ baseUrl, kioskId: 'K01', timeoutMs }),
  };
}

/** The GatewayError `p` rejects with (fails the test when it resolves or throws anything else). */
export async function caught(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected a GatewayError');
}
