import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { badTarget, HttpRefusal, parseJsonBody, parseTarget, readBody, serve, tokensEqual } from '../browser-host/loopback';
import { HOST_LIMITS } from '../browser-host/connection';
import { boundedServer } from '../browser-host/socket-pool';
import { CARD_TAMPERS, type CardTamper } from '../../drivers/card/sim/signing';
import type { Logger } from '../core/ports';

/**
 * The lab: a loopback control panel for the simulated devices of a running kiosk, so a developer
 * (or kioskctl, or a test) can insert a card, pull it, or make the terminal decline. It exists
 * only when the kiosk runs with simulators, and needs its own token.
 */
export interface LabControls {
  /** Inserts a card: a ready-made variant, or any identity (JSON) in the variant's layout; `tamper` forges it. */
  insertCard(identity?: unknown, variant?: LabCardVariant, tamper?: CardTamper): Promise<void>;
  cardVariants: readonly LabCardVariant[];
  removeCard(): Promise<void>;
  setTerminalScenario(name: string): void;
  terminalScenarios: readonly string[];
  setGatewayDown(down: boolean): void;
  setPrinterPaperOut(out: boolean): void;
  /** What the simulated printer last printed, as the PNG it rendered. */
  lastReceiptPng(): Buffer | undefined;
}

export interface LabServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

type LabCardVariant = 'demo' | 'pin' | 'belpic' | 'expired' | 'technician';

const Action = z.discriminatedUnion('action', [
  z.object({ action: z.literal('card-insert'), identity: z.unknown().optional(), variant: z.enum(['demo', 'pin', 'belpic', 'expired', 'technician']).optional(), tamper: z.enum(CARD_TAMPERS).optional() }),
  z.object({ action: z.literal('card-remove') }),
  z.object({ action: z.literal('terminal-scenario'), scenario: z.string().max(40) }),
  z.object({ action: z.literal('gateway'), down: z.boolean() }),
  z.object({ action: z.literal('printer-paper'), out: z.boolean() }),
  /** Blocks the kiosk's event loop for `ms`: a hung main process, for the watchdog (simulation only). */
  z.object({ action: z.literal('freeze'), ms: z.number().int().min(1).max(120_000) }),
]);
type Action = z.infer<typeof Action>;

/**
 * Sent with every answer: the lab page holds its token, so it may not be framed by another page
 * (clickjacking its buttons), sniffed into another type, cached, or leak its URL as a referrer.
 */
const LAB_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const LAB_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export async function startLabServer(controls: LabControls, log: Logger, port = 0): Promise<LabServer> {
  const token = randomBytes(24).toString('base64url');
  let ownHost = '';
  const { server } = boundedServer(HOST_LIMITS, log, serve(log, LAB_HEADERS, () => ownHost, route));

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.url);
    if (!target) throw badTarget();
    // The token comes from the query (the page, its image, its forms' action) or the
    // Authorization header (kioskctl), and is checked before a byte of the body is read.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!tokensEqual(bearer ?? target.query.get('token') ?? '', token)) throw new HttpRefusal(403, 'forbidden', 'lab token required');
    if (req.method === 'GET' && target.path === '/') {
      res.writeHead(200, { ...LAB_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': LAB_PAGE_CSP });
      res.end(page(token, controls.terminalScenarios));
      return;
    }
    if (req.method === 'GET' && target.path === '/last-receipt.png') {
      const png = controls.lastReceiptPng();
      if (!png) throw new HttpRefusal(404, 'not-found', 'nothing printed yet');
      res.writeHead(200, { ...LAB_HEADERS, 'Content-Type': 'image/png' }).end(png);
      return;
    }
    if (req.method !== 'POST' || target.path !== '/action') throw new HttpRefusal(404, 'not-found', 'not found');
    const body = await readBody(req, 64 * 1024);
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const parsed = Action.safeParse(isForm ? formFields(body) : parseJsonBody(body));
    if (!parsed.success) throw new HttpRefusal(400, 'unknown-action', 'unknown lab action');
    if (parsed.data.action === 'terminal-scenario' && !controls.terminalScenarios.includes(parsed.data.scenario)) {
      throw new HttpRefusal(400, 'unknown-scenario', `unknown terminal scenario; one of: ${controls.terminalScenarios.join(', ')}`);
    }
    await perform(parsed.data);
    log.info('lab-action', { action: parsed.data.action });
    if (isForm) {
      res.writeHead(303, { ...LAB_HEADERS, Location: `/?token=${token}` }).end();
      return;
    }
    reply(res, 200, { ok: true });
  }

  async function perform(a: Action): Promise<void> {
    switch (a.action) {
      case 'card-insert':
        return controls.insertCard(a.identity, a.variant, a.tamper);
      case 'card-remove':
        return controls.removeCard();
      case 'terminal-scenario':
        return controls.setTerminalScenario(a.scenario);
      case 'gateway':
        return controls.setGatewayDown(a.down);
      case 'printer-paper':
        return controls.setPrinterPaperOut(a.out);
      case 'freeze':
        // After the reply has left: the caller learns the kiosk took the order, then it hangs.
        setTimeout(() => {
          const until = Date.now() + a.ms;
          while (Date.now() < until); // a busy loop on purpose: nothing else runs meanwhile
        }, 50);
        return;
    }
  }

  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', () => ok()));
  const address = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${address.port}`;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    token,
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...LAB_HEADERS, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** HTML forms post strings; turn the few boolean fields back into booleans. */
function formFields(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(new URLSearchParams(body));
  for (const key of ['down', 'out']) if (key in out) out[key] = out[key] === 'true';
  return out;
}

function page(token: string, scenarios: readonly string[]): string {
  const button = (action: string, label: string, extra = '') =>
    `<form method="post" action="/action?token=${token}"><input type="hidden" name="action" value="${action}">${extra}<button>${label}</button></form>`;
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${value}">`;
  return `<!doctype html><meta charset="utf-8"><title>Kiosk lab</title>
<style>body{font:18px system-ui;margin:24px}form{display:inline-block;margin:6px}button{font-size:18px;padding:12px 18px}</style>
<h1>Kiosk lab — simulated devices</h1>
<h2>ID card</h2>${button('card-insert', 'Insert demo card')}${button('card-insert', 'Card with PIN (1234)', hidden('variant', 'pin'))}${button('card-insert', 'Belgian eID', hidden('variant', 'belpic'))}${button('card-insert', 'Expired card', hidden('variant', 'expired'))}${button('card-insert', 'Technician card', hidden('variant', 'technician'))}${button('card-insert', 'Forged card (signature)', hidden('tamper', 'identity'))}${button('card-insert', 'Cloned chip', hidden('tamper', 'chip'))}${button('card-remove', 'Remove card')}
<h2>Payment terminal: next outcome</h2>${scenarios.map((s) => button('terminal-scenario', s, hidden('scenario', s))).join('')}
<h2>Gateway</h2>${button('gateway', 'Take gateway down', hidden('down', 'true'))}${button('gateway', 'Bring gateway up', hidden('down', 'false'))}
<h2>Printer</h2>${button('printer-paper', 'Paper out', hidden('out', 'true'))}${button('printer-paper', 'Paper loaded', hidden('out', 'false'))}
<h2>Last receipt</h2><img alt="last printed receipt" style="max-width:480px;border:1px solid #ccc" src="/last-receipt.png?token=${token}">`;
}
