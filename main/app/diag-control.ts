import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { errorCode } from '../../shared/coded-error';
import type { AuditLog } from '../../offline-cache/audit-log';
import { HOST_LIMITS } from '../browser-host/connection';
import { badTarget, HttpRefusal, parseJsonBody, parseTarget, readBody, serve, tokensEqual } from '../browser-host/loopback';
import { boundedServer } from '../browser-host/socket-pool';
import { LogDevice, RestartableDevice } from '../contract';
import type { AvailabilityPolicy } from '../core/availability';
import type { DeviceStatesPort } from '../core/device-states';
import type { Logger } from '../core/ports';
import type { SessionService } from '../core/session';

/**
 * The running kiosk's diagnostics door for kioskctl (`kioskctl diag status|selftest|
 * out-of-service|queue|logs`…): loopback only, its own token (in the 0600 runtime.json), the same request
 * rules as the browser host and the lab. It exists on every kiosk, simulated or not: a
 * technician with a laptop on the kiosk's service port reaches the same model the touch screen
 * shows, and every action is audited with the actor `kioskctl`.
 */
export interface DiagControl {
  url: string;
  token: string;
  close(): Promise<void>;
}

const HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };
const SelfTest = z.strictObject({ device: z.enum(['card', 'printer', 'terminal', 'gateway']) });
const OutOfService = z.strictObject({ on: z.boolean(), reason: z.string().min(1).max(200) });
const Retry = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/).optional() });
const Refunded = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/), note: z.string().min(1).max(200) });
const DeviceChanges = z.strictObject({
  changes: z
    .array(z.strictObject({ key: z.string().min(1).max(40), value: z.union([z.string().max(300), z.number(), z.null()]) }))
    .min(1)
    .max(8),
});
const Restart = z.strictObject({ device: RestartableDevice });
const ACTOR = 'kioskctl';

/** `rules`: the out-of-service rules in force, whose devices `diag status` counts as critical. */
export async function startDiagControl(opts: { session: SessionService; devices: DeviceStatesPort; audit: AuditLog; log: Logger; rules: AvailabilityPolicy }): Promise<DiagControl> {
  const { session, devices, audit, log, rules } = opts;
  const token = randomBytes(24).toString('base64url');
  let ownHost = '';
  const { server } = boundedServer(HOST_LIMITS, log, serve(log, HEADERS, () => ownHost, route));

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.url);
    if (!target) throw badTarget();
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!tokensEqual(bearer, token)) throw new HttpRefusal(403, 'forbidden', 'diagnostics token required');
    const desk = session.technician;
    if (!desk) throw new HttpRefusal(503, 'no-diagnostics', 'this kiosk runs without technician diagnostics');
    if (req.method === 'GET' && target.path === '/status') {
      const verification = audit.verify();
      const critical = [...new Set([...rules.rules.kioskNeeds, ...rules.rules.paidNeeds])];
      return reply(res, 200, { mode: session.snapshot.mode.kind, ...desk.status(), devices: devices.snapshot, critical, faultCounts: devices.faultCounts, audit: { entries: verification.entries, ok: verification.ok, unshipped: audit.unshippedCount() } });
    }
    if (req.method === 'GET' && target.path === '/queue') return reply(res, 200, desk.queueOverview() ?? noQueue());
    if (req.method === 'GET' && target.path === '/logs') {
      const asked = target.query.get('device');
      const device = asked === null ? undefined : LogDevice.safeParse(asked);
      if (device && !device.success) throw new HttpRefusal(400, 'bad-request', `--device must be ${LogDevice.options.join(', ')}`);
      const view = desk.logs(device?.data);
      if (!view) throw new HttpRefusal(503, 'no-logs', 'this kiosk keeps no recent logs');
      return reply(res, 200, view);
    }
    if (req.method === 'GET' && target.path === '/devices') return reply(res, 200, desk.deviceSettings() ?? noDeviceSettings());
    if (req.method !== 'POST') throw new HttpRefusal(404, 'not-found', 'not found');
    const body = parseJsonBody(await readBody(req, 4096));
    if (target.path === '/selftest') {
      const parsed = SelfTest.safeParse(body);
      if (!parsed.success) throw new HttpRefusal(400, 'bad-request', 'say which device: card, printer, terminal or gateway');
      try {
        return reply(res, 200, await desk.selfTest(parsed.data.device, ACTOR));
      } catch (err) {
        const code = errorCode(err);
        if (code === 'kiosk-busy' || code === 'kiosk-in-service') throw new HttpRefusal(409, code, (err as Error).message);
        throw err;
      }
    }
    if (target.path === '/out-of-service') {
      const parsed = OutOfService.safeParse(body);
      if (!parsed.success) throw new HttpRefusal(400, 'bad-request', 'say on or off, and a reason of at most 200 characters');
      desk.setOutOfService(parsed.data.on, { by: 'kioskctl', actor: ACTOR, reason: parsed.data.reason });
      return reply(res, 200, desk.status());
    }
    if (target.path === '/devices') {
      const parsed = DeviceChanges.safeParse(body);
      if (!parsed.success) throw new HttpRefusal(400, 'bad-request', 'say which settings (reader, printer-port, printer-baud, terminal-port) and their values, or null to clear one');
      const outcome = desk.changeDeviceSettings(ACTOR, parsed.data.changes.map((c) => ({ key: c.key, value: c.value ?? undefined }))) ?? noDeviceSettings();
      if (outcome.view.result === 'refused') throw new HttpRefusal(400, outcome.view.code ?? 'refused', outcome.message ?? 'refused');
      return reply(res, 200, desk.deviceSettings());
    }
    if (target.path === '/restart') {
      const parsed = Restart.safeParse(body);
      if (!parsed.success) throw new HttpRefusal(400, 'bad-request', 'say which device: cardReader, printer or terminal');
      let outcome;
      try {
        outcome = (await desk.restartDevice(ACTOR, parsed.data.device)) ?? noDeviceSettings();
      } catch (err) {
        if (errorCode(err) === 'kiosk-busy') throw new HttpRefusal(409, 'kiosk-busy', (err as Error).message);
        throw err;
      }
      if (outcome.view.result === 'refused') throw new HttpRefusal(500, outcome.view.code ?? 'restart-failed', `the ${parsed.data.device} did not restart (${outcome.view.code ?? 'failed'})`);
      return reply(res, 200, { ...outcome.view, devices: devices.snapshot });
    }
    if (target.path === '/retry' || target.path === '/drain' || target.path === '/refunded') {
      let action: Parameters<typeof desk.queueAction>[1];
      if (target.path === '/drain') action = { type: 'drain' };
      else if (target.path === '/retry') {
        const parsed = Retry.safeParse(body);
        if (!parsed.success) throw new HttpRefusal(400, 'bad-request', 'an outbox entry id, or nothing to make every waiting entry due');
        action = { type: 'retry', ...(parsed.data.id ? { entryId: parsed.data.id } : {}) };
      } else {
        const parsed = Refunded.safeParse(body);
        if (!parsed.success) throw new HttpRefusal(400, 'bad-request', 'say which payment (id) and how it was paid back (a note of at most 200 characters)');
        action = { type: 'refunded', paymentId: parsed.data.id, note: parsed.data.note };
      }
      const view = desk.queueAction(ACTOR, action) ?? noQueue();
      if (view.result === 'refused') throw new HttpRefusal(view.code === 'not-found' ? 404 : 409, view.code ?? 'refused', refusal(action.type, view.code));
      return reply(res, 200, view);
    }
    throw new HttpRefusal(404, 'not-found', 'not found');
  }

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const address = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${address.port}`;
  return {
    url: `http://${ownHost}/`,
    token,
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

function noDeviceSettings(): never {
  throw new HttpRefusal(503, 'no-device-settings', 'this kiosk runs without on-site device settings');
}

function noQueue(): never {
  throw new HttpRefusal(503, 'no-queue', 'this kiosk runs without an outbox');
}

function refusal(action: string, code: string | undefined): string {
  if (code === 'not-found') return action === 'refunded' ? 'no such payment in the journal' : 'no such outbox entry';
  return action === 'refunded' ? 'that payment is not a refund owed (pay journal shows its state)' : `cannot ${action} now (${code ?? 'refused'})`;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
