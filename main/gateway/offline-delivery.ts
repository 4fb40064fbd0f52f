import { type KioskDatabase } from '../../offline-cache/db';
import { type DeliveryOptions, OutboxDelivery } from '../../offline-cache/delivery';
import { type KeyProvider } from '../../offline-cache/key-provider';
import { DEFAULT_MAX_AGE_MS, Outbox } from '../../offline-cache/outbox';
import { aesGcmCodec } from '../../offline-cache/payload-crypto';
import { GatewayClient } from './client';
import type { GatewayTls } from './link';
import { outboxSender } from './outbox-sender';
import { GatewayProbe, type GatewayProbeOptions, linkProbeAndDelivery } from './probe';

export interface OfflineDeliveryOptions {
  db: KioskDatabase;
  kioskId: string;
  gatewayUrl: string;
  /** Mutual TLS for an https gateway (link.ts). */
  tls?: GatewayTls;
  /** fileKeyProvider in the browser host, sealedKeyFileProvider(…, safeStorage) in Electron. */
  keys: KeyProvider;
  /** Queued entries older than this expire into dead letters (default 7 days). */
  maxAgeMs?: number;
  /** Per gateway request (default 10 s); health probes use their own, shorter timeout. */
  timeoutMs?: number;
  probeTimeoutMs?: number;
  delivery?: Partial<Omit<DeliveryOptions, 'maxAgeMs'>>;
  probe?: Partial<Omit<GatewayProbeOptions, 'check'>>;
}

export interface OfflineDelivery {
  outbox: Outbox;
  client: GatewayClient;
  delivery: OutboxDelivery;
  probe: GatewayProbe;
  start(): void;
  /** Stops probing and delivery; resolves once in-flight sends are recorded. */
  stop(): Promise<void>;
}

/**
 * The kiosk's offline path in one call, for the composition root: encrypted outbox, gateway
 * client, delivery loop and GatewayProbe, wired so that the gateway coming back starts delivery
 * at once and real traffic informs the probe.
 */
export function createOfflineDelivery(opts: OfflineDeliveryOptions): OfflineDelivery {
  const outbox = new Outbox(opts.db, { kioskId: opts.kioskId, codec: aesGcmCodec(opts.keys) });
  const client = new GatewayClient({ baseUrl: opts.gatewayUrl, kioskId: opts.kioskId, tls: opts.tls, timeoutMs: opts.timeoutMs ?? 10_000 });
  const delivery = new OutboxDelivery(outbox, outboxSender(client), {
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    pollMs: 5000,
    batchSize: 32,
    ...opts.delivery,
    maxAgeMs: opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
  });
  const probeTimeout = opts.probeTimeoutMs ?? 3000;
  const probe = new GatewayProbe({ ...opts.probe, check: () => client.health(probeTimeout) });
  linkProbeAndDelivery(probe, delivery);
  return {
    outbox,
    client,
    delivery,
    probe,
    start() {
      probe.start();
      delivery.start();
    },
    async stop() {
      probe.stop();
      await delivery.stop();
    },
  };
}
