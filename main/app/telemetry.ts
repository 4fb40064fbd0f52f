import { OPEN_STATES, PaymentJournal } from '../../offline-cache/payment-journal';
import { queueHealth } from '../../offline-cache/outbox-health';
import pkg from '../../package.json';
import type { DeviceStates } from '../contract';
import type { DeviceStatesPort } from '../core/device-states';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger, PaymentPort } from '../core/ports';
import type { GatewayClient } from '../gateway/client';
import { HeartbeatSender, heartbeatKey } from '../telemetry/heartbeat';
import type { CardEvents } from './card';
import { startTelemetry, type Telemetry, type TelemetrySettings } from '../telemetry/telemetry';
import type { ConfigFigures } from '../telemetry/kiosk-metrics';
import type { KioskStore } from './store';
import type { Wiring } from './wiring';
import { errorCode } from '../../shared/coded-error';

/**
 * Fleet health: the metrics a collector and a Prometheus scraper read, and the durable events.
 * It reads each figure where it is kept (the outbox and payment journal in SQLite, the session's
 * states, the card reader's events, the payment port's outcomes) and keeps no copy of its own.
 */
export interface TelemetryWiring extends Wiring<Telemetry> {
  /** Counts what the door sees (latency, refusals, chosen services). */
  watchCore(core: KioskCore): void;
  /** Counts card reads by result. */
  watchCard(card: CardEvents): void;
  /** The payment port the session uses, counting each sale's outcome. */
  countPayments(port: PaymentPort): PaymentPort;
  /** Starts the signed heartbeat to the gateway (main/telemetry/heartbeat.ts). */
  startHeartbeat(client: Pick<GatewayClient, 'heartbeat'>, dataDir: string): HeartbeatSender;
}

const KIOSK_VERSION: string = pkg.version;

export async function wireTelemetry(opts: {
  store: KioskStore;
  kioskId: string;
  settings: TelemetrySettings;
  config: ConfigFigures;
  log: Logger;
  /** The device-state model (main/core/device-states.ts): metrics and heartbeat read it, never a copy. */
  states?: Pick<DeviceStatesPort, 'snapshot'>;
  starts?: { starts: number; crashes: number; safeMode: boolean };
}): Promise<TelemetryWiring> {
  const { db } = opts.store;
  const journal = new PaymentJournal(db);
  const telemetry = await startTelemetry({
    kioskId: opts.kioskId,
    version: KIOSK_VERSION,
    settings: opts.settings,
    db,
    config: opts.config,
    log: opts.log,
    sources: {
      queue: () => queueHealth(db, Date.now()),
      openPayments: () => {
        const counts = journal.counts();
        return Object.fromEntries(OPEN_STATES.map((s) => [s, counts[s]]));
      },
      ...(opts.starts ? { starts: () => opts.starts! } : {}),
      ...(opts.states ? { devices: () => deviceFigures(opts.states!.snapshot) } : {}),
    },
  });
  const { metrics } = telemetry;
  const unsubscribe: (() => void)[] = [];
  let heartbeat: HeartbeatSender | undefined;
  return {
    port: telemetry,
    connect(session) {
      unsubscribe.push(session.onState((s) => telemetry.watchStates(s)));
    },
    watchCore(core) {
      unsubscribe.push(core.observe(telemetry.observer()));
    },
    watchCard(card) {
      card.on('identity', () => metrics.cardRead({ ok: true }));
      card.on('technician-card', () => metrics.cardRead({ ok: true }));
      card.on('read-error', ({ error }) => metrics.cardRead({ ok: false, code: error.code }));
    },
    countPayments: (port) => ({
      markFulfilled: (...args) => port.markFulfilled(...args),
      cancelPaid: (...args) => port.cancelPaid(...args),
      async sale(amountCents, saleOpts) {
        try {
          const outcome = await port.sale(amountCents, saleOpts);
          metrics.payment(outcome.result, outcome.result === 'declined' ? String(outcome.code) : undefined);
          return outcome;
        } catch (err) {
          metrics.payment('failed', errorCode(err));
          throw err;
        }
      },
    }),
    startHeartbeat(client, dataDir) {
      heartbeat = new HeartbeatSender({
        client,
        key: heartbeatKey(dataDir),
        kioskId: opts.kioskId,
        version: KIOSK_VERSION,
        everyMs: opts.settings.heartbeatMs,
        log: opts.log,
        facts: () => {
          const q = queueHealth(db, Date.now());
          return {
            mode: opts.starts?.safeMode ? 'safe-mode' : 'in-service',
            config: { version: telemetry.config.version, rollout: telemetry.config.rollout ?? 'none' },
            devices: opts.states ? deviceFigures(opts.states.snapshot).statuses : {},
            queue: { waiting: q.waiting, oldestWaitingSeconds: Math.floor(q.oldestWaitingAgeMs / 1000), dead: q.dead },
            refundsOwed: journal.counts()['refund-owed'],
            crashes: opts.starts?.crashes ?? 0,
          };
        },
      });
      heartbeat.start();
      return heartbeat;
    },
    async close() {
      heartbeat?.stop();
      for (const u of unsubscribe.splice(0)) u();
      await telemetry.close();
    },
  };
}

/** One status word per device, and the paper level: what a fleet dashboard shows of the model. */
function deviceFigures(states: DeviceStates): { statuses: Record<keyof DeviceStates, DeviceStates[keyof DeviceStates]['status']>; paper: string } {
  const statuses = Object.fromEntries(Object.entries(states).map(([device, state]) => [device, state.status])) as Record<keyof DeviceStates, DeviceStates[keyof DeviceStates]['status']>;
  return { statuses, paper: states.printer.paper };
}
