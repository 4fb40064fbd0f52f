import { EventEmitter } from 'node:events';

/**
 * Online/offline as the kiosk means it: "can the ministry gateway be reached and is it healthy",
 * decided by probing the gateway's health endpoint, never by the OS's network flags (a mall's
 * Wi-Fi is "connected" while the ministry is unreachable). Real traffic counts too: a delivery
 * that went through proves online; a network failure triggers a prompt re-probe.
 */
export type GatewayStatus = 'online' | 'offline' | 'unknown';

export interface GatewayProbeOptions {
  /** One health check; true when healthy. Must not throw (GatewayClient.health does not). */
  check: () => Promise<boolean>;
  /** Between probes while online (default 15 s). */
  onlineIntervalMs?: number;
  /** Between probes while offline or unknown (default 3 s): notice the way back quickly. */
  offlineIntervalMs?: number;
  /** Consecutive failed probes before going offline (default 2): one lost packet is not an outage. */
  failuresToOffline?: number;
  /** Delay of the confirming probe after a first failure (default 1 s). */
  confirmMs?: number;
}

export interface GatewayProbeEvents {
  change: [status: GatewayStatus, previous: GatewayStatus];
  online: [];
  offline: [];
  /** Every health check's answer and how long it took (for the device-state model's latency). */
  probed: [ok: boolean, latencyMs: number];
}

export class GatewayProbe extends EventEmitter<GatewayProbeEvents> {
  private current: GatewayStatus = 'unknown';
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<GatewayStatus> | undefined;
  private readonly onlineMs: number;
  private readonly offlineMs: number;
  private readonly failuresToOffline: number;
  private readonly confirmMs: number;

  constructor(private readonly opts: GatewayProbeOptions) {
    super();
    this.onlineMs = opts.onlineIntervalMs ?? 15_000;
    this.offlineMs = opts.offlineIntervalMs ?? 3_000;
    this.failuresToOffline = Math.max(1, opts.failuresToOffline ?? 2);
    this.confirmMs = opts.confirmMs ?? 1_000;
  }

  get status(): GatewayStatus {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.probeNow();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probes now (one at a time: a caller during a probe shares its answer). */
  probeNow(): Promise<GatewayStatus> {
    const started = performance.now();
    this.inFlight ??= this.opts
      .check()
      .catch(() => false)
      .then((ok) => {
        this.inFlight = undefined;
        this.emit('probed', ok, Math.round(performance.now() - started));
        this.observe(ok);
        return this.current;
      });
    return this.inFlight;
  }

  /**
   * Evidence from real traffic. ok: an answer from the gateway (online at once). Not ok: a
   * network failure or timeout; probed again shortly rather than believed outright.
   */
  report(ok: boolean): void {
    if (ok) this.observe(true);
    else if (this.current !== 'offline') this.schedule(0);
  }

  private observe(ok: boolean): void {
    if (ok) {
      this.failures = 0;
      this.set('online');
    } else {
      this.failures += 1;
      if (this.failures >= this.failuresToOffline) this.set('offline');
    }
    const next = ok ? this.onlineMs : this.failures < this.failuresToOffline ? this.confirmMs : this.offlineMs;
    this.schedule(next);
  }

  private set(status: GatewayStatus): void {
    if (status === this.current) return;
    const previous = this.current;
    this.current = status;
    this.emit('change', status, previous);
    if (status === 'online') this.emit('online');
    if (status === 'offline') this.emit('offline');
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.probeNow(), ms);
    this.timer.unref?.();
  }
}

/** The delivery loop's events this wiring needs (OutboxDelivery has them). */
interface DeliveryLike {
  /** Makes what waited out the outage due now, and sends it. */
  resume(): void;
  on(event: 'delivered', fn: () => void): unknown;
  on(event: 'retry', fn: (entry: { lastError?: string }) => void): unknown;
}

const NETWORK_REASONS = new Set(['unreachable', 'timeout']);

/**
 * Ties the probe and the outbox delivery together: back online means deliver now; deliveries
 * and network failures are evidence for the probe.
 */
export function linkProbeAndDelivery(probe: GatewayProbe, delivery: DeliveryLike): void {
  probe.on('online', () => delivery.resume());
  delivery.on('delivered', () => probe.report(true));
  delivery.on('retry', (entry) => {
    if (entry.lastError !== undefined && NETWORK_REASONS.has(entry.lastError)) probe.report(false);
  });
}
