import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskctl } from '../offline/kioskctl-run';
import { childrenNamed, get, type KioskProcess, pidAlive, rawRequest, startKioskProcess, until } from './kiosk-process';

/**
 * Issue 16, finding 1: one unauthenticated GET with a malformed percent sequence killed the
 * kiosk (URIError in the static handler), leaving socat children and a stale runtime.json. Any
 * web page on the machine could do it with an <img src>. These tests attack a real
 * `kioskctl start` over real sockets, and a real Chromium page.
 */
let kiosk: KioskProcess;
beforeAll(async () => {
  kiosk = await startKioskProcess();
});
afterAll(async () => {
  if (kiosk.alive()) {
    kiosk.child.kill('SIGTERM');
    await kiosk.exited;
  }
});

describe('a running kiosk under hostile HTTP', () => {
  it('answers 400 to a malformed URI and keeps serving', async () => {
    const attack = await get(kiosk.port, '/%c0%ae%c0%ae/etc/passwd');
    expect(attack.status).toBe(400);
    expect(attack.body).not.toContain('root:');
    expect((await get(kiosk.port, '/%')).status).toBe(400);
    expect((await get(kiosk.port, '/a%00b')).status).toBe(400);
    expect((await get(kiosk.port, '/ws?token=%zz', { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' })).status).toBe(403);
    expect(kiosk.alive()).toBe(true);
    expect((await get(kiosk.port, '/')).status).toBe(200);
  });

  it('survives the same request made by any web page in Chromium (<img src>)', async () => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const evil = `http://127.0.0.1:${kiosk.port}/%c0%ae%c0%ae/etc/passwd`;
      // The answer is a JSON refusal with nosniff, which Chromium's ORB withholds from an <img>:
      // what matters is that the request went out and the kiosk is still there afterwards.
      const done = Promise.race([page.waitForEvent('requestfinished', (r) => r.url() === evil), page.waitForEvent('requestfailed', (r) => r.url() === evil)]);
      await page.setContent(`<img src="${evil}"><img src="http://127.0.0.1:${kiosk.port}/%E0%A4%A">`);
      await done;
    } finally {
      await browser.close();
    }
    expect(kiosk.alive()).toBe(true);
    expect((await get(kiosk.port, '/')).status).toBe(200);
  });

  it('never fails with a 5xx or dies on fuzzed request lines and headers', async () => {
    const piece = fc.constantFrom('/', '%', '%c0', '%ae', '%ff', '%00', '%2e%2e', '..', '?', '#', 'ws', 'token=', '\\', '//', 'a', 'é', '%E2%82', '*');
    const target = fc.array(piece, { minLength: 0, maxLength: 12 }).map((p) => p.join(''));
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'G\u00c9T', 'TRACE');
    const header = fc.tuple(fc.constantFrom('Host', 'Upgrade', 'Connection', 'Origin', 'Content-Length', 'Sec-WebSocket-Key', 'X-\u00ff'), fc.constantFrom('', 'websocket', 'Upgrade', 'evil.example', '-1', '99999999999', '%c0', 'a\u00e9'));
    await fc.assert(
      fc.asyncProperty(method, target, fc.array(header, { maxLength: 4 }), async (m, t, hs) => {
        const lines = [`${m} ${t || '/'} HTTP/1.1`, ...hs.map(([k, v]) => `${k}: ${v}`), 'Connection: close'];
        const res = await rawRequest(kiosk.port, Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
        if (res.status !== undefined) expect(res.status, `${m} ${t}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    expect(kiosk.alive()).toBe(true);
    expect((await get(kiosk.port, '/')).status).toBe(200);
    expect(kiosk.stderr()).not.toMatch(/URIError|Unhandled|uncaught/i);
  });
});

describe('what it keeps on disk', () => {
  // Issue 16, finding 7: the database was 0644 once, and the simulated printer's receipts (names
  // on them) landed in a 0755 folder. Every file the kiosk makes is its user's alone.
  it('keeps every file in its data folder private to its user, and creates new ones private', () => {
    const loose: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if ((statSync(path).mode & 0o077) !== 0) loose.push(`${(statSync(path).mode & 0o777).toString(8)} ${path.slice(kiosk.dataDir.length + 1)}`);
        if (entry.isDirectory()) walk(path);
      }
    };
    walk(kiosk.dataDir);
    expect(loose).toEqual([]);
    expect((statSync(kiosk.dataDir).mode & 0o777).toString(8)).toBe('700');
    // What it writes later (receipts, bundles, logs) is created under this mask.
    expect(/^Umask:\s+(\d+)$/m.exec(readFileSync(`/proc/${kiosk.pid}/status`, 'utf8'))?.[1]).toBe('0077');
  });
});

describe('leaving nothing behind', () => {
  it('refuses a second kiosk on the same data folder', async () => {
    const second = await kioskctl(['start', '--shell', 'browser', '--no-open', '--data-dir', kiosk.dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`already running on ${kiosk.dataDir} (pid ${kiosk.pid})`);
  });

  it('on SIGTERM stops its socat children and removes runtime.json', async () => {
    const socats = childrenNamed(kiosk.pid, 'socat');
    expect(socats).toHaveLength(2);
    expect(existsSync(join(kiosk.dataDir, 'runtime.json'))).toBe(true);
    kiosk.child.kill('SIGTERM');
    expect(await kiosk.exited).toEqual({ code: 0, signal: null });
    expect(socats.filter(pidAlive)).toEqual([]);
    expect(existsSync(join(kiosk.dataDir, 'runtime.json'))).toBe(false);
  });

  it('killed with SIGKILL, its socat children still go, and the stale runtime.json is cleared by the next command', async () => {
    const victim = await startKioskProcess();
    const socats = childrenNamed(victim.pid, 'socat');
    expect(socats).toHaveLength(2);
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect(await until(() => socats.every((p) => !pidAlive(p)))).toBe(true);
    const runtime = join(victim.dataDir, 'runtime.json');
    expect(existsSync(runtime)).toBe(true);
    const status = await kioskctl(['lab', 'status', '--data-dir', victim.dataDir]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('no running kiosk found');
    expect(existsSync(runtime)).toBe(false);
    // A runtime.json from a dead process does not block the next start either.
    writeFileSync(runtime, JSON.stringify({ pid: victim.pid, kioskUrl: 'x', labUrl: 'x', labToken: 'x' }));
    const next = await startKioskProcess({ dataDir: victim.dataDir });
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });
});
