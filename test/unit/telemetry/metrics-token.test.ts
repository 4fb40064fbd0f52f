import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../offline-cache';
import { readMetricsToken } from '../../../main/telemetry/metrics-token';
import { startTelemetry, type Telemetry } from '../../../main/telemetry/telemetry';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const started: Telemetry[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.close();
});

const token = randomBytes(32).toString('base64url');

function tokenFile(text: string, mode = 0o600): string {
  const path = tmp.path('metrics-token');
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

async function start(metricsTokenFile: string, lines: string[] = []): Promise<Telemetry> {
  const db = openKioskDb(tmp.path());
  tmp.onCleanup(() => db.close());
  const t = await startTelemetry({
    kioskId: 'K07',
    version: '0.1.0',
    settings: { metricsPort: 0, metricsTokenFile, exportIntervalMs: 60_000, exportTimeoutMs: 1_000, maxQueuedEvents: 1000, heartbeatMs: 60_000 },
    db,
    config: { version: 'x', source: 'shipped' },
    log: { info() {}, warn() {}, error: (e, f) => lines.push(`${e} ${JSON.stringify(f)}`) },
    sources: { queue: () => ({ waiting: 4, sending: 0, oldestWaitingAgeMs: 0, dead: 0, stuckPeople: 0 }), openPayments: () => ({}) },
  });
  started.push(t);
  return t;
}

describe('the metrics endpoint with a bearer token', () => {
  it('answers 401 and nothing else without the token or with another, and the metrics with it', async () => {
    const t = await start(tokenFile(`${token}\n`)); // an editor's trailing newline is not part of it
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${token.slice(1)}` }, { authorization: `Basic ${token}` }, { authorization: `Bearer ${token}x` }]) {
      const res = await fetch(t.metricsUrl!, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="kiosk-metrics"');
      expect(await res.text()).toBe('');
    }
    // Not even which paths exist is told without it.
    expect((await fetch(t.metricsUrl!.replace('/metrics', '/nothing'))).status).toBe(401);
    const res = await fetch(t.metricsUrl!, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('kiosk_outbox_waiting{otel_scope_name="moi-kiosk",otel_scope_version="0.1.0"} 4');
  });

  it.each([
    ['readable by others', `${token}\n`, 0o644, /mode 644/],
    ['writable by its group', token, 0o660, /mode 660/],
    ['too short to be a secret', 'secret', 0o600, /32 to 512 token characters/],
    ['two lines', `${token}\n${token}\n`, 0o600, /32 to 512 token characters/],
  ])('never serves on a token file %s: the endpoint stays off and the log says why', async (_what, text, mode, why) => {
    const lines: string[] = [];
    const t = await start(tokenFile(text, mode), lines);
    expect(t.metricsUrl).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^metrics-endpoint-unavailable .*"code":"metrics-token-invalid"/);
    expect(lines[0]).toMatch(why);
  });

  it('never serves when the token file is missing', async () => {
    const lines: string[] = [];
    expect((await start(tmp.path('none'), lines)).metricsUrl).toBeUndefined();
    expect(lines[0]).toContain('ENOENT');
  });
});

describe.skipIf(process.getuid?.() !== 0)('the deb provisions the metrics token the unit passes', () => {
  const SCRIPT = 'packaging/systemd/provision-metrics-token.sh';
  const provision = (dir: string) => spawnSync('sh', [SCRIPT], { env: { ...process.env, KIOSK_CREDENTIALS_DIR: dir }, encoding: 'utf8' });

  it('makes a token the kiosk accepts, only root can read it, and a reinstall keeps it', () => {
    const dir = join(tmp.dir(), 'credentials');
    expect(provision(dir).status).toBe(0);
    const file = join(dir, 'metrics-token');
    expect({ mode: statSync(file).mode & 0o777, uid: statSync(file).uid }).toEqual({ mode: 0o400, uid: 0 });
    const token = readMetricsToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(provision(dir).status).toBe(0);
    expect(readMetricsToken(file)).toBe(token);
  });

  it('refuses a token path that is a symlink rather than follow it', () => {
    const dir = join(tmp.dir(), 'credentials');
    mkdirSync(dir);
    symlinkSync('/etc/passwd', join(dir, 'metrics-token'));
    const r = provision(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/metrics-token is not a regular file/);
  });

  it('is what the unit loads as a credential and names to the kiosk, and the postinst runs it', () => {
    const unit = readFileSync('packaging/systemd/moi-kiosk.service', 'utf8');
    expect(unit).toMatch(/^LoadCredential=metrics-token:\/etc\/moi-kiosk\/credentials\/metrics-token$/m);
    expect(unit).toMatch(/^Environment=KIOSK_METRICS_TOKEN_FILE=%d\/metrics-token$/m);
    expect(readFileSync('packaging/deb-after-install.sh', 'utf8')).toContain('resources/systemd/provision-metrics-token.sh');
    execFileSync('sh', ['-n', SCRIPT]);
  });
});
