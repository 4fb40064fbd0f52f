import { Agent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { GatewayError } from './client-error';
import { pinnedServerIdentity } from './pins';

/**
 * How the kiosk reaches the gateway (issue 16, finding 6). gateway/openapi.yaml promises mutual
 * TLS: any gateway off this machine is reached over HTTPS, trusting only the ministry's CA (or
 * its pinned certificate) and presenting the kiosk's own certificate and key. Plain HTTP is
 * allowed to a loopback address only (the simulator, tests), where no network can listen in.
 * Anything else is refused when the client is made, so a kiosk never starts on an open link.
 */
export interface GatewayTls {
  /** PEM: the CA (or the one certificate) the gateway's certificate must chain to. */
  ca: string;
  /** PEM: the kiosk's client certificate and its private key. */
  cert: string;
  key: string;
  /** SPKI pins (pins.ts): one must be a key of the verified chain; any chain to the CA when absent. */
  pins?: readonly string[];
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export type GatewayRequest = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }) => Promise<RawAnswer>;

/** Answers larger than this are not the gateway's (the biggest, a fines list, is a few KiB). */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function openGatewayLink(baseUrl: string, tls: GatewayTls | undefined): GatewayRequest {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new GatewayError('insecure-link', 'the gateway URL is not a URL');
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK.has(url.hostname) && !(isIP(url.hostname) === 4 && url.hostname.startsWith('127.'))) {
      throw new GatewayError('insecure-link', 'the gateway is reached over HTTPS with mutual TLS; plain HTTP only to this machine (a simulator)');
    }
    return plainRequest;
  }
  if (url.protocol !== 'https:') throw new GatewayError('insecure-link', 'the gateway URL must be https');
  if (!tls) throw new GatewayError('insecure-link', 'the gateway needs the ministry CA and the kiosk certificate and key (mutual TLS): none is configured');
  // Only the ministry's CA: the system's store is not consulted, so no other CA can vouch for an impostor.
  const agent = new Agent({
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    keepAlive: true,
    maxSockets: 4,
    ...(tls.pins?.length ? { checkServerIdentity: pinnedServerIdentity(tls.pins) } : {}),
  });
  return (target, init) => tlsRequest(agent, target, init);
}

const plainRequest: GatewayRequest = async (target, init) => {
  const res = await fetch(target, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
};

function tlsRequest(agent: Agent, target: string, init: Parameters<GatewayRequest>[1]): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(target, { method: init.method, headers: init.headers, agent, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new GatewayError('bad-response', 'the gateway answer is too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
