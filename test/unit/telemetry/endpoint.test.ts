import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../offline-cache';
import { silentLogger } from '../../../main/core/log';
import { startTelemetry, type Telemetry } from '../../../main/telemetry/telemetry';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.close();
  telemetry = undefined;
});

async function start(): Promise<Telemetry> {
  const db = openKioskDb(tmp.path());
  tmp.onCleanup(() => db.close());
  telemetry = await startTelemetry({
    kioskId: 'K07',
    version: '0.1.0',
    settings: { metricsPort: 0, exportIntervalMs: 60_000, exportTimeoutMs: 1_000, maxQueuedEvents: 1000, heartbeatMs: 60_000 },
    db,
    config: { version: '20261201.3', source: 'shipped', rollout: 'applied' },
    log: silentLogger,
    sources: {
      queue: () => ({ waiting: 3, sending: 1, oldestWaitingAgeMs: 90_000, dead: 2, stuckPeople: 0 }),
      openPayments: () => ({ unknown: 0, 'refund-owed': 1 }),
      devices: () => ({ statuses: { printer: 'userError', terminal: 'online' }, paper: 'out' }),
    },
  });
  return telemetry;
}

describe('metrics endpoint on the loopback management port', () => {
  it('serves the fleet metric set in the Prometheus text format', async () => {
    const t = await start();
    expect(new URL(t.metricsUrl!).hostname).toBe('127.0.0.1');
    t.metrics.cardRead({ ok: true });
    t.metrics.cardRead({ ok: false, code: 'card-mute' });
    t.metrics.payment('declined', '5');
    t.metrics.session({ type: 'request-started', service: 'pay-traffic-fines' });
    t.metrics.session({ type: 'request-ended', service: 'pay-traffic-fines', outcome: 'completed' });
    t.metrics.session({ type: 'request-started', service: 'pay-traffic-fines' });
    t.metrics.session({ type: 'request-ended', service: 'pay-traffic-fines', outcome: 'abandoned', reason: 'card-removed' });
    t.metrics.touchToState('chooseService', 0.012);
    t.event('device-fault', 'warn', { device: 'printer', reason: 'paper-out' });
    const res = await fetch(t.metricsUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    for (const line of [
      'kiosk_outbox_waiting{otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 3',
      'kiosk_outbox_oldest_waiting_seconds{otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 90',
      'kiosk_outbox_dead_letters{otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 2',
      'kiosk_refunds_owed{otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_device_status{device="printer",status="userError",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_device_status{device="printer",status="online",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 0',
      'kiosk_printer_paper{level="out",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_card_reads_total{result="error",code="card-mute",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_payments_total{result="declined",code="5",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_service_started_total{service="pay-traffic-fines",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 2',
      'kiosk_service_requests_total{service="pay-traffic-fines",outcome="completed",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_service_requests_total{service="pay-traffic-fines",outcome="abandoned",reason="card-removed",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_config_info{version="20261201.3",source="shipped",rollout="applied",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
      'kiosk_events_queued{otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 1',
    ]) expect(text).toContain(line);
    expect(text).toMatch(/kiosk_touch_to_state_duration_seconds_bucket\{intent="chooseService",otel_scope_name="moi-kiosk",otel_scope_version="0.1.0",le="0.025"\} 1/);
    expect(text).toMatch(/kiosk_process_memory_bytes\{kind="rss",[^}]*\} \d+/);
    expect(text).toMatch(/target_info\{[^}]*service_instance_id="K07"/);
  });

  it('answers only GET /metrics', async () => {
    const t = await start();
    expect((await fetch(t.metricsUrl!.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(t.metricsUrl!, { method: 'POST' })).status).toBe(405);
    expect((await fetch(t.metricsUrl!, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers only to Host 127.0.0.1:<port>, so a rebinding DNS name reads nothing', async () => {
    const t = await start();
    const port = Number(new URL(t.metricsUrl!).port);
    const statusWith = (host: string) =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/metrics', headers: { host } }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const host of ['evil.example', `evil.example:${port}`, `localhost.evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const answer = await statusWith(host);
      expect(answer.status, host).toBe(421);
      expect(answer.body, host).not.toContain('kiosk_');
    }
    const own = await statusWith(`127.0.0.1:${port}`);
    expect(own.status).toBe(200);
    expect(own.body).toContain('kiosk_outbox_waiting');
  });

  it('keeps running when the port is taken, saying so in the log', async () => {
    const first = await start();
    const port = Number(new URL(first.metricsUrl!).port);
    const lines: string[] = [];
    const db = openKioskDb(tmp.path());
    tmp.onCleanup(() => db.close());
    const second = await startTelemetry({
      kioskId: 'K08',
      version: '0.1.0',
      settings: { metricsPort: port, exportIntervalMs: 60_000, exportTimeoutMs: 1_000, maxQueuedEvents: 1000, heartbeatMs: 60_000 },
      db,
      config: { version: 'x', source: 'shipped' },
      log: { info() {}, warn() {}, error: (e, f) => lines.push(`${e} ${JSON.stringify(f)}`) },
      sources: { queue: () => ({ waiting: 0, sending: 0, oldestWaitingAgeMs: 0, dead: 0, stuckPeople: 0 }), openPayments: () => ({}) },
    });
    expect(second.metricsUrl).toBeUndefined();
    expect(lines).toEqual([`metrics-endpoint-unavailable {"port":${port},"code":"EADDRINUSE"}`]);
    await second.close();
  });
});
