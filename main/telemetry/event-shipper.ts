import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, hrTime, millisToHrTime } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { retryDelay, type BackoffPolicy } from '../../offline-cache/backoff';
import type { EventSeverity, TelemetryEvent, TelemetryEventLog } from '../../offline-cache/telemetry-events';
import type { Logger } from '../core/ports';

/**
 * Sends the durable event queue to the collector as OTLP/HTTP log records, oldest first, and
 * removes events only once the collector acknowledged them (at least once; `kiosk.event.seq`
 * lets a collector drop a replay). While the collector is down the events wait in SQLite and
 * the shipper backs off with jitter; a kiosk never waits for it.
 */
export interface EventShipperOptions {
  events: TelemetryEventLog;
  resource: Resource;
  /** The exporter; by default OTLP/HTTP protobuf to `<otlpUrl>/v1/logs`. */
  exporter?: LogRecordExporter;
  otlpUrl?: string;
  timeoutMs: number;
  log: Logger;
  batchSize?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  onExportFailed?: () => void;
}

const SEVERITY: Record<EventSeverity, SeverityNumber> = { info: SeverityNumber.INFO, warn: SeverityNumber.WARN, error: SeverityNumber.ERROR };
const SCOPE = { name: 'moi-kiosk.events' };

export class EventShipper {
  private readonly exporter: LogRecordExporter;
  private readonly batchSize: number;
  private readonly backoff: BackoffPolicy;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy: Promise<void> | undefined;
  private again = false;
  private failures = 0;

  constructor(private readonly opts: EventShipperOptions) {
    if (!opts.exporter && !opts.otlpUrl) throw new Error('EventShipper needs an exporter or an OTLP URL');
    this.exporter = opts.exporter ?? new OTLPLogExporter({ url: new URL('v1/logs', opts.otlpUrl!.endsWith('/') ? opts.otlpUrl : `${opts.otlpUrl}/`).href, timeoutMillis: opts.timeoutMs });
    this.batchSize = opts.batchSize ?? 200;
    this.backoff = opts.backoff ?? { baseDelayMs: 2_000, maxDelayMs: 300_000 };
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Something was appended: send it soon, unless the collector is known to be down. */
  kick(): void {
    if (!this.running || this.failures > 0) return;
    if (this.busy) this.again = true;
    else this.schedule(0);
  }

  /**
   * The collector answered something else (a metrics push): stop backing off and send now, so
   * events do not wait out a long backoff drawn during the outage.
   */
  resume(): void {
    if (!this.running || this.failures === 0) return;
    this.failures = 0;
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.busy;
    await this.exporter.shutdown();
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.busy = this.round().finally(() => (this.busy = undefined));
    }, ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    while (this.running) {
      const batch = this.opts.events.peek(this.batchSize);
      if (batch.length === 0) break;
      const ok = await this.send(batch);
      if (!ok) {
        this.failures += 1;
        if (this.failures === 1) this.opts.log.warn('otlp-export-failed', { kind: 'events', queued: this.opts.events.queued });
        this.opts.onExportFailed?.();
        if (this.running) this.schedule(retryDelay(this.failures, this.backoff, this.opts.random ?? Math.random) + 500);
        return;
      }
      if (this.failures > 0) this.opts.log.info('otlp-export-recovered', { kind: 'events' });
      this.failures = 0;
      this.opts.events.acknowledge(batch.at(-1)!.seq);
    }
    if (this.again && this.running) {
      this.again = false;
      this.schedule(0);
    }
  }

  private send(batch: TelemetryEvent[]): Promise<boolean> {
    const records = batch.map((e) => this.record(e));
    return new Promise((resolve) => {
      try {
        this.exporter.export(records, (result) => resolve(result.code === ExportResultCode.SUCCESS));
      } catch {
        resolve(false);
      }
    });
  }

  private record(e: TelemetryEvent): ReadableLogRecord {
    return {
      hrTime: millisToHrTime(e.at),
      hrTimeObserved: hrTime(),
      severityNumber: SEVERITY[e.severity],
      severityText: e.severity.toUpperCase(),
      body: e.name,
      resource: this.opts.resource,
      instrumentationScope: SCOPE,
      attributes: { ...e.attributes, event: e.name, 'kiosk.event.seq': e.seq },
      droppedAttributesCount: 0,
    };
  }
}
