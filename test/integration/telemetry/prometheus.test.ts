import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { silentLogger } from '../../../main/core/log';
import { ATTRIBUTE_KEYS } from '../../../main/telemetry/attributes';
import { cardHolderWithFines, payFines, send, untilScreen } from './drive';
import demo from '../../../drivers/card/sim/demo-identity.json';

/**
 * Debian's real Prometheus server (scripts/setup-system.sh installs it) scrapes a running
 * simulated kiosk's loopback management port, and PromQL answers with what the kiosk knows.
 * Prometheus runs as `nobody` with its own temporary configuration and storage.
 */
const VPCD_PORT = 35964;
const NOBODY = 65534;

let kiosk: RunningKiosk;
let prometheus: ChildProcess;
let promUrl: string;
const dirs: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

/** Asks until the answer satisfies `ok` (scrapes come every second). */
async function eventually<T>(ask: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await ask().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`Prometheus never answered as expected; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The bearer token /metrics asks for: the kiosk's copy is its own (0600), Prometheus's is nobody's. */
const TOKEN = randomBytes(32).toString('base64url');

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-prom-'));
  dirs.push(dataDir);
  const metricsTokenFile = join(dataDir, 'metrics-token');
  writeFileSync(metricsTokenFile, `${TOKEN}\n`, { mode: 0o600 });
  kiosk = await startKiosk({
    dataDir,
    simulate: true,
    log: silentLogger,
    vpcdPort: VPCD_PORT,
    terminalStepDelayMs: 20,
    telemetry: { metricsPort: 0, metricsTokenFile, exportIntervalMs: 60_000, exportTimeoutMs: 2_000, maxQueuedEvents: 1000, heartbeatMs: 60_000 },
  });
  const target = new URL(kiosk.telemetry.metricsUrl!);
  const promDir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  dirs.push(promDir);
  chmodSync(promDir, 0o755);
  const config = join(promDir, 'prometheus.yml');
  const promToken = join(promDir, 'kiosk-token');
  writeFileSync(promToken, TOKEN, { mode: 0o400 });
  chownSync(promToken, NOBODY, NOBODY);
  // A second job without the token: the same target, which must refuse it.
  const job = (name: string, auth: string) => `  - job_name: ${name}\n${auth}    static_configs:\n      - targets: ['${target.host}']\n`;
  writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${job('kiosk', `    authorization:\n      credentials_file: ${promToken}\n`)}${job('no-token', '')}`);
  const storage = join(promDir, 'data');
  mkdirSync(storage);
  chownSync(storage, NOBODY, NOBODY);
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`], {
    uid: NOBODY,
    gid: NOBODY,
    stdio: 'ignore',
  });
  await eventually(() => fetch(`${promUrl}/-/ready`).then((r) => r.status), (s) => s === 200);
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    prometheus.kill('SIGTERM');
    await new Promise((r) => prometheus.once('exit', r));
  }
  await kiosk?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a real Prometheus scrapes the kiosk', () => {
  it('finds the target up, scraped from loopback', async () => {
    const up = await eventually(() => query('up{job="kiosk"}'), (r) => r.length === 1 && r[0]!.value[1] === '1');
    expect(up[0]!.metric.instance).toMatch(/^127\.0\.0\.1:\d+$/);
    // The management port's bearer token (main/telemetry/metrics-token.ts): a scraper without it gets nothing.
    await eventually(() => query('up{job="no-token"}'), (r) => r.length === 1 && r[0]!.value[1] === '0');
    const targets = (await (await fetch(`${promUrl}/api/v1/targets`)).json()) as { data: { activeTargets: { labels: { job: string }; lastError: string }[] } };
    expect(targets.data.activeTargets.find((t) => t.labels.job === 'no-token')?.lastError).toMatch(/401/);
  });

  it('answers PromQL with every device state from the device-state model, and follows the paper running out', async () => {
    const states = await eventually(() => query('kiosk_device_status == 1'), (r) => r.length === 7 && r.some((m) => m.metric.device === 'printer' && m.metric.status === 'online'));
    const byDevice = Object.fromEntries(states.map((r) => [r.metric.device, r.metric.status]));
    expect(byDevice).toEqual(Object.fromEntries(Object.entries(kiosk.devices.snapshot).map(([device, state]) => [device, state.status])));
    expect(byDevice).toMatchObject({ cardReader: 'online', printer: 'online', terminal: 'online', gateway: 'online', disk: 'online', database: 'online', config: 'online' });
    // A state set: one series per possible status, all 0 but the current one.
    expect(await query('count(kiosk_device_status{device="printer"})')).toMatchObject([{ value: [expect.any(Number), '7'] }]);

    kiosk.world!.lab.setPrinterPaperOut(true);
    await eventually(() => query('kiosk_printer_paper{level="out"} == 1'), (r) => r.length === 1);
    const printer = await eventually(() => query('kiosk_device_status{device="printer"} == 1'), (r) => r[0]?.metric.status === 'userError');
    expect(printer).toHaveLength(1);
    expect(kiosk.devices.snapshot.printer).toMatchObject({ status: 'userError', paper: 'out' });
    kiosk.world!.lab.setPrinterPaperOut(false);
    await eventually(() => query('kiosk_device_status{device="printer",status="online"} == 1'), (r) => r.length === 1);
  });

  it('answers PromQL with the queue depth: a request waits while the ministry is down, then goes', async () => {
    kiosk.world!.lab.setGatewayDown(true);
    kiosk.outbox.enqueue({ serviceId: 'national-address', personKey: 'p-1', payload: { serviceId: 'national-address', applicant: { idNumber: '28463400123' }, payload: {}, submittedAt: new Date().toISOString() } });
    const waiting = await eventually(() => query('max by (instance) (kiosk_outbox_waiting)'), (r) => r[0]?.value[1] === '1');
    expect(waiting[0]!.metric.instance).toMatch(/^127\.0\.0\.1:/);
    await eventually(() => query('kiosk_outbox_oldest_waiting_seconds > 0'), (r) => r.length === 1);
    kiosk.world!.lab.setGatewayDown(false);
    await eventually(() => query('kiosk_outbox_waiting'), (r) => r[0]?.value[1] === '0');
  });

  it('counts a whole paid session (card read, payment approved, request completed) and a session left on the fines, by service and reason', async () => {
    await payFines(kiosk);
    await eventually(() => query('sum(kiosk_card_reads_total{result="ok"})'), (r) => r[0]?.value[1] === '1');
    await eventually(() => query('sum(kiosk_payments_total{result="approved"})'), (r) => r[0]?.value[1] === '1');
    const rate = await eventually(
      () => query('sum by (service) (kiosk_service_requests_total{outcome="completed"}) / sum by (service) (kiosk_service_requests_total)'),
      (r) => r.length === 1,
    );
    expect(rate[0]).toMatchObject({ metric: { service: 'pay-traffic-fines' }, value: [expect.any(Number), '1'] });
    const latency = await query('sum(kiosk_touch_to_state_duration_seconds_count)');
    expect(Number(latency[0]!.value[1])).toBeGreaterThanOrEqual(4);

    // A second shopper (the first paid every fine) takes the card back on the list of fines: started, abandoned, and why.
    const second = cardHolderWithFines(1);
    await kiosk.world!.lab.insertCard(second, 'demo');
    await untilScreen(kiosk, 'welcome');
    await send(kiosk, { type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await untilScreen(kiosk, 'fines');
    await kiosk.world!.lab.removeCard();
    await untilScreen(kiosk, 'attract');
    await eventually(() => query('sum by (service) (kiosk_service_started_total)'), (r) => r[0]?.value[1] === '2');
    expect(await eventually(() => query('sum by (service, reason) (kiosk_service_requests_total{outcome="abandoned"})'), (r) => r.length === 1)).toMatchObject([
      { metric: { service: 'pay-traffic-fines', reason: 'card-removed' }, value: [expect.any(Number), '1'] },
    ]);
    expect(await query('sum by (service) (kiosk_service_requests_total{outcome="completed"}) / sum by (service) (kiosk_service_started_total)')).toMatchObject([
      { metric: { service: 'pay-traffic-fines' }, value: [expect.any(Number), '0.5'] },
    ]);

    // After a real card holder's session, nothing of theirs is in any series, and the attribute guard refused nothing.
    const exposition = await (await fetch(kiosk.telemetry.metricsUrl!, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    for (const value of [second.idNumber, demo.idNumber, demo.documentNumber, demo.surname, demo.givenNames, demo.surnameAr, demo.givenNamesAr, demo.birthDate]) expect(exposition).not.toContain(value);
    expect(exposition).not.toContain('="refused"');
    expect(exposition).not.toMatch(/^kiosk_telemetry_attributes_refused_total\S* [1-9]/m);
    // Every label Prometheus stored is its own, the resource's, or one of the guard's keys.
    const labels = (await (await fetch(`${promUrl}/api/v1/labels`)).json()) as { data: string[] };
    const own = labels.data.filter((l) => !['__name__', 'instance', 'job', 'le'].includes(l) && !/^(otel_scope_|service_|telemetry_sdk_)/.test(l));
    expect(own.length).toBeGreaterThan(5);
    for (const label of own) expect(ATTRIBUTE_KEYS).toContain(label);
  });
});
