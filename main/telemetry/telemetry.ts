import { performance } from 'node:perf_hooks';
import type { KioskDatabase } from '../../offline-cache/db';
import { type EventSeverity, TelemetryEventLog } from '../../offline-cache/telemetry-events';
import type { KioskSettings } from '../config';
import type { Intent, IntentResult, KioskState } from '../contract';
import type { IntentObserver } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import { safeAttributes } from './attributes';
import { EventShipper } from './event-shipper';
import { type ConfigFigures, KioskMetrics, type MetricSources } from './kiosk-metrics';
import { startMetricsPipeline } from './pipeline';
import { SessionTracker } from './session-tracker';
import { errorCode } from '../../shared/coded-error';

/**
 * The kiosk's telemetry in one object: the fleet metrics (pulled on the loopback management
 * port, pushed over OTLP), durable events for the collector, and the observers that turn what
 * the session does into counts. Nothing here can stop or slow a shopper: every hook returns at
 * once, an event that cannot be written is logged, and the collector is only ever called from
 * timers.
 */
export type TelemetrySettings = KioskSettings['telemetry'];

export interface TelemetryOptions {
  kioskId: string;
  version: string;
  settings: TelemetrySettings;
  db: KioskDatabase;
  sources: Omit<MetricSources, 'events' | 'config'>;
  /** The active configuration when the kiosk starts; the configuration service may say more later. */
  config: ConfigFigures;
  log: Logger;
}

export interface Telemetry {
  metrics: KioskMetrics;
  /** `http://127.0.0.1:<port>/metrics`, when the management endpoint is on. */
  metricsUrl?: string;
  /**
   * Records an event the collector must get (device fault, config rollback, audit entry, crash
   * loop): durable before it returns, also written to the log. Attributes are codes only.
   */
  event(name: string, severity: EventSeverity, attributes?: Readonly<Record<string, unknown>>): void;
  /** The configuration service's hook: version, source and rollout state as metric attributes. */
  setConfig(config: ConfigFigures): void;
  /** The configuration as last set (for the heartbeat). */
  readonly config: ConfigFigures;
  /** Watches the door: latency from touch to next state, refused messages, services chosen. */
  observer(): IntentObserver;
  /** Watches the states the session sends (sessions, requests and their outcomes, latency). */
  watchStates(state: KioskState): void;
  /** Pushes metrics and events now (tests; the timers do it otherwise). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const EVENT_NAME = /^[a-z][a-z0-9-]{0,47}$/;

export async function startTelemetry(opts: TelemetryOptions): Promise<Telemetry> {
  const { settings, log } = opts;
  const events = new TelemetryEventLog(opts.db, { maxEvents: settings.maxQueuedEvents });
  let config = opts.config;
  // The pipeline reports failed pushes before the metrics exist; the hook looks them up late.
  const late: { metrics?: KioskMetrics; shipper?: EventShipper } = {};
  const pipeline = await startMetricsPipeline({
    kioskId: opts.kioskId,
    version: opts.version,
    metricsPort: settings.metricsPort,
    metricsTokenFile: settings.metricsTokenFile,
    otlpUrl: settings.otlpUrl,
    exportIntervalMs: settings.exportIntervalMs,
    exportTimeoutMs: settings.exportTimeoutMs,
    log,
    onExportFailed: () => late.metrics?.exportFailed('metrics'),
    onExportSucceeded: () => late.shipper?.resume(),
  });
  const kioskMetrics = new KioskMetrics(
    pipeline.meter,
    { ...opts.sources, config: () => config, events: () => ({ queued: events.queued, dropped: events.dropped }) },
    (key) => log.warn('telemetry-attribute-refused', { key }),
  );
  late.metrics = kioskMetrics;
  const shipper = settings.otlpUrl
    ? new EventShipper({ events, resource: pipeline.resource, otlpUrl: settings.otlpUrl, timeoutMs: settings.exportTimeoutMs, log, onExportFailed: () => kioskMetrics.exportFailed('events') })
    : undefined;
  late.shipper = shipper;
  shipper?.start();

  const tracker = new SessionTracker((e) => kioskMetrics.session(e));
  /** Intents waiting for the state they cause, with when they arrived. */
  const pending: { intent: Intent; t0: number }[] = [];
  const settle = (entry: { intent: Intent; t0: number }) => kioskMetrics.touchToState(entry.intent.type, (performance.now() - entry.t0) / 1000);

  return {
    metrics: kioskMetrics,
    metricsUrl: pipeline.metricsUrl,
    event(name, severity, attributes = {}) {
      if (!EVENT_NAME.test(name)) throw new RangeError(`not an event name: ${name.slice(0, 48)}`);
      const attrs = safeAttributes(attributes, (key) => log.warn('telemetry-attribute-refused', { key, event: name }));
      log[severity](name, attrs);
      try {
        events.append(name, severity, attrs as Record<string, string>);
        shipper?.kick();
      } catch (err) {
        // The disk refusing a write is itself something to know; the caller must not fail for it.
        log.error('telemetry-event-not-recorded', { event: name, code: errorCode(err) ?? 'error' });
      }
    },
    setConfig(next) {
      config = next;
    },
    get config() {
      return config;
    },
    observer: () => ({
      received(intent) {
        pending.push({ intent, t0: performance.now() });
        tracker.received(intent);
      },
      handled(intent: Intent, result: IntentResult) {
        tracker.intent(intent, result);
        const i = pending.findIndex((p) => p.intent === intent);
        // Answered without a new state (refused as not allowed now, or nothing changed).
        if (i >= 0) settle(pending.splice(i, 1)[0]!);
        if (!result.ok) kioskMetrics.intentRefused(result.error.code);
      },
      refused: (code) => kioskMetrics.intentRefused(code),
    }),
    watchStates(state) {
      for (const entry of pending.splice(0)) settle(entry);
      tracker.state(state);
    },
    async flush() {
      await pipeline.flush();
    },
    async close() {
      await shipper?.stop();
      kioskMetrics.close();
      await pipeline.close();
    },
  };
}
