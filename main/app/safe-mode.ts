import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayTls, type KioskSettings } from '../config';
import type { Logger } from '../core/ports';
import { GatewayClient } from '../gateway/client';
import type { Telemetry } from '../telemetry/telemetry';
import { HOST_LIMITS } from '../browser-host/connection';
import { badTarget, HttpRefusal, parseTarget, serve } from '../browser-host/loopback';
import { boundedServer } from '../browser-host/socket-pool';
import { CONTENT_SECURITY_POLICY } from './csp';
import { readStaticFile } from './static-files';
import type { StartDecision } from './start-journal';
import { openStore } from './store';
import { wireTelemetry } from './telemetry';

/**
 * The kiosk after a crash loop: no device is opened and no session can start (one of them may
 * be what keeps crashing), the screen shows the static out-of-service page in both languages,
 * and telemetry keeps reporting — a `crash-loop` event for the collector, `kiosk.safe_mode` 1 on
 * the metrics endpoint — so ops see the kiosk and why it stopped serving. If even the database
 * cannot be opened, the page is still shown and the log says why.
 */
export const OUT_OF_SERVICE_PAGE = 'out-of-service.html';
/** All the safe mode serves: the page and its style sheet, nothing of the kiosk's UI. */
const SAFE_MODE_FILES = new Set([`/${OUT_OF_SERVICE_PAGE}`, '/out-of-service.css']);

export interface SafeMode {
  /** The browser host's page (loopback), when serving one. */
  url?: string;
  telemetry?: Telemetry;
  close(): Promise<void>;
}

export async function startSafeMode(opts: { settings: KioskSettings; decision: StartDecision; log: Logger; rendererDir?: string }): Promise<SafeMode> {
  const { settings, decision, log } = opts;
  log.error('safe-mode', { recentCrashes: decision.recentCrashes, windowMs: settings.recovery.windowMs, safeModeMs: settings.recovery.safeModeMs });
  const closers: (() => unknown)[] = [];
  let telemetry: Telemetry | undefined;
  try {
    const store = openStore(settings.dataDir);
    closers.push(() => store.close());
    const wiring = await wireTelemetry({
      store,
      kioskId: settings.kioskId,
      settings: settings.telemetry,
      config: { version: 'shipped', source: 'shipped' },
      log,
      starts: { starts: decision.starts, crashes: decision.crashes, safeMode: true },
    });
    closers.push(() => wiring.close());
    telemetry = wiring.port;
    telemetry.event('crash-loop', 'error', { reason: 'crashes-in-window', mode: 'safe' });
    // Ops without a metrics stack see the kiosk in safe mode through its heartbeat.
    const gatewayUrl = settings.devices.gatewayUrl;
    if (gatewayUrl) wiring.startHeartbeat(new GatewayClient({ baseUrl: gatewayUrl, kioskId: settings.kioskId, tls: gatewayTls(settings.devices) }), settings.dataDir);
  } catch (err) {
    log.error('safe-mode-telemetry-unavailable', { error: (err as Error).name });
  }
  let server: Server | undefined;
  let url: string | undefined;
  if (opts.rendererDir) {
    const dir = opts.rendererDir;
    let ownHost = '';
    const headers = { 'Cache-Control': 'no-store', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
    // The same door as the browser host's: its own Host only, a bad target 400, nothing can throw out.
    ({ server } = boundedServer(
      HOST_LIMITS,
      log,
      serve(log, headers, () => ownHost, async (req, res) => {
        const target = parseTarget(req.url);
        if (!target) throw badTarget();
        const wanted = target.path === '/' ? `/${OUT_OF_SERVICE_PAGE}` : target.path;
        const file = SAFE_MODE_FILES.has(wanted) ? await readStaticFile(dir, wanted) : undefined;
        if (file?.status !== 200) throw new HttpRefusal(404, 'not-found', 'only the out-of-service page is here');
        res.writeHead(200, { ...headers, 'Content-Type': file.contentType }).end(file.body);
      }),
    ));
    await new Promise<void>((r) => server!.listen(settings.host.port, '127.0.0.1', () => r()));
    ownHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    url = `http://${ownHost}/`;
    closers.push(() => new Promise<void>((r) => server!.close(() => r())));
  }
  return {
    url,
    telemetry,
    async close() {
      for (const close of closers.reverse()) await Promise.resolve().then(close).catch(() => undefined);
    },
  };
}
