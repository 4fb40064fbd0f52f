import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../offline-cache';
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
