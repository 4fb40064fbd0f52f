import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Meter } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Logger } from '../core/ports';
import { HOST_LIMITS } from '../browser-host/connection';
import { hostAllowed } from '../browser-host/loopback';
import { boundedServer } from '../browser-host/socket-pool';
import { errorCode } from '../../shared/coded-error';
import { bearerAllowed, MetricsTokenError, readMetricsToken } from './metrics-token';

/**
 * One OpenTelemetry MeterProvider, read two ways: pulled by a Prometheus scraper from a loopback
 * management port, and pushed over OTLP/HTTP (protobuf) to the ministry's collector. Both see the
 * same instruments with cumulative values, so a push lost while the collector was down is made
 * good by the next one. Neither ever blocks a shopper: scraping and pushing run on their own
 * sockets and timers, and a failed push is logged and counted, never retried into a backlog.
 */
export interface MetricsPipelineOptions {
  kioskId: string;
  version: string;
  /** Loopback port for `/metrics`; 0 picks a free one; absent: no endpoint. */
  metricsPort?: number;
  /** A file holding the bearer token `/metrics` asks for (metrics-token.ts); absent: none asked. */
  metricsTokenFile?: string;
  /** OTLP/HTTP base URL of the collector (`/v1/metrics` is added); absent: no push. */
  otlpUrl?: string;
  exportIntervalMs: number;
  exportTimeoutMs: number;
  log: Logger;
  /** Hears each push that failed (after the exporter's own retries). */
  onExportFailed?: () => void;
  /** Hears each push the collector took. */
  onExportSucceeded?: () => void;
}

export interface MetricsPipeline {
  meter: Meter;
  resource: Resource;
  /** `http://127.0.0.1:<port>/metrics`, when the endpoint is on. */
  metricsUrl?: string;
  /** Pushes now (tests, and once more before closing). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function kioskResource(kioskId: string, version: string): Resource {
  // The kiosk's name at the gateway: a machine, never a person.
  return resourceFromAttributes({ 'service.name': 'moi-kiosk', 'service.namespace': 'moi', 'service.instance.id': kioskId, 'service.version': version });
}

export async function startMetricsPipeline(opts: MetricsPipelineOptions): Promise<MetricsPipeline> {
  const resource = kioskResource(opts.kioskId, opts.version);
  const prometheus = opts.metricsPort !== undefined ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  const push = opts.otlpUrl
    ? new PeriodicExportingMetricReader({
        exporter: new ReportingExporter(
          new OTLPMetricExporter({ url: new URL('v1/metrics', withSlash(opts.otlpUrl)).href, timeoutMillis: opts.exportTimeoutMs, temporalityPreference: AggregationTemporality.CUMULATIVE }),
          opts.log,
          opts,
        ),
        exportIntervalMillis: opts.exportIntervalMs,
        // One push never outlives the interval: the SDK refuses a timeout longer than it.
        exportTimeoutMillis: Math.min(opts.exportTimeoutMs, opts.exportIntervalMs),
      })
    : undefined;
  const provider = new MeterProvider({ resource, readers: [prometheus, push].filter((r) => r !== undefined) });
  let server: Server | undefined;
  let metricsUrl: string | undefined;
  if (prometheus && opts.metricsPort !== undefined) {
    try {
      // A token file that cannot be used leaves the endpoint off (the target shows down), never open.
      const token = opts.metricsTokenFile === undefined ? undefined : readMetricsToken(opts.metricsTokenFile);
      server = await serveMetrics(prometheus, opts.metricsPort, token, opts.log);
      metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    } catch (err) {
      // Telemetry never stops a kiosk from serving: a taken port shows up as a target that is down.
      opts.log.error('metrics-endpoint-unavailable', { port: opts.metricsPort, code: errorCode(err) ?? 'error', ...(err instanceof MetricsTokenError ? { error: err.message } : {}) });
    }
  }
  return {
    meter: provider.getMeter('moi-kiosk', opts.version),
    resource,
    metricsUrl,
    flush: () => provider.forceFlush(),
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await provider.shutdown().catch((err: Error) => opts.log.warn('telemetry-shutdown-failed', { error: err.name }));
    },
  };
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function serveMetrics(reader: PrometheusExporter, port: number, token: string | undefined, log: Logger): Promise<Server> {
  const serializer = new PrometheusSerializer();
  const { server } = boundedServer(HOST_LIMITS, log, (req, res) => {
    // A page the kiosk's browser loads could point a rebinding name at this port: like the
    // browser host and the lab, the endpoint answers only to the loopback address it serves on.
    if (!hostAllowed(req, `127.0.0.1:${(server.address() as AddressInfo).port}`)) {
      res.writeHead(421, { connection: 'close' }).end();
      return;
    }
    // Before the path: without the token nothing is told, not even which paths exist.
    if (token !== undefined && !bearerAllowed(req, token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="kiosk-metrics"' }).end();
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    reader.collect().then(
      ({ resourceMetrics, errors }) => {
        if (errors.length) log.warn('metrics-collect-errors', { errors: errors.length, first: (errors[0] as Error)?.name });
        res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : serializer.serialize(resourceMetrics));
      },
      (err: Error) => {
        log.error('metrics-collect-failed', { error: err.name });
        res.writeHead(500).end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the management port is for an agent on the kiosk itself, never the mall's network.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The OTLP exporter, with a failed push logged once per outage and counted. */
class ReportingExporter implements PushMetricExporter {
  private failing = false;
  constructor(
    private readonly inner: OTLPMetricExporter,
    private readonly log: Logger,
    private readonly hooks: Pick<MetricsPipelineOptions, 'onExportFailed' | 'onExportSucceeded'>,
  ) {}

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        if (this.failing) this.log.info('otlp-export-recovered', { kind: 'metrics' });
        this.failing = false;
        this.hooks.onExportSucceeded?.();
      } else {
        if (!this.failing) this.log.warn('otlp-export-failed', { kind: 'metrics', error: result.error?.name ?? 'error' });
        this.failing = true;
        this.hooks.onExportFailed?.();
      }
      done(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality = () => AggregationTemporality.CUMULATIVE;
}
