import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait';
import { everyProcessText, type KioskProcess, rawRequest, startKioskProcess } from './kiosk-process';

/**
 * Issue 16, finding 2, as the attacker did it: another account read the session token from
 * Chromium's command line (/proc/PID/cmdline is world-readable), connected and drove the kiosk.
 * A real `kioskctl start` opens real (headless) Chromium; then every process's command line and
 * environment on the machine is searched for the secret the window was let in with.
 */
let kiosk: KioskProcess;
let chromiumArgs: string[];
beforeAll(async () => {
  const bin = mkdtempSync(join(tmpdir(), 'kiosk-chromium-bin-'));
  const wrapper = join(bin, 'chromium');
  // The same Chromium, without a display: exec keeps the command line kioskctl gave it.
  writeFileSync(wrapper, '#!/bin/sh\nexec /usr/bin/chromium --headless=new --disable-gpu "$@"\n', { mode: 0o700 });
  kiosk = await startKioskProcess({ open: true, env: { DISPLAY: ':404', CHROMIUM_PATH: wrapper } });
  const chromium = await waitFor(() => everyProcessText().find((p) => p.cmdline.includes('--user-data-dir=') && p.cmdline.includes('--app=')), { what: 'Chromium started by the kiosk' });
  chromiumArgs = chromium.cmdline.split('\0');
});
afterAll(async () => {
  kiosk.child.kill('SIGTERM');
  await kiosk.exited;
});

const UPGRADE = { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
const upgrade = (query: string) =>
  rawRequest(kiosk.port, `GET /ws${query} HTTP/1.1\r\n${Object.entries({ Host: `127.0.0.1:${kiosk.port}`, Origin: `http://127.0.0.1:${kiosk.port}`, ...UPGRADE }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 3000).catch(() => ({ status: undefined }));

describe('the secret that lets the kiosk window in', () => {
  it('is in no process’s command line or environment; Chromium is given a file only the kiosk’s user can read', async () => {
    const app = chromiumArgs.find((a) => a.startsWith('--app='))!;
    expect(app).toMatch(/^--app=file:\/\//);
    const launchFile = fileURLToPath(app.slice('--app='.length));
    expect((statSync(launchFile).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(dirname(launchFile)).mode & 0o777).toString(8)).toBe('700');
    const ticket = /#ticket=([\w-]+)/.exec(readFileSync(launchFile, 'utf8'))?.[1];
    expect(ticket).toMatch(/^[\w-]{40,}$/);
    // Chromium followed the file to the kiosk and holds the one session: anyone else is turned away.
    // (Probing with a made-up ticket: the real one would let the probe in if it came first.)
    const deadline = Date.now() + 30_000;
    let status: number | undefined;
    while ((status = (await upgrade('?ticket=made-up')).status) !== 409 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(status, 'the kiosk window connected and holds the session').toBe(409);
    const leaks = everyProcessText().filter((p) => p.cmdline.includes(ticket!) || p.environ.includes(ticket!));
    expect(leaks.map((p) => p.pid)).toEqual([]);
    // And no ticket is printed where a journal would keep it, since the window took its own.
    expect(kiosk.kioskUrl).toBe(`http://127.0.0.1:${kiosk.port}/`);
  });

  it('while the window is connected, its own ticket read from the file lets nobody else in', async () => {
    const ticket = /#ticket=([\w-]+)/.exec(readFileSync(fileURLToPath(chromiumArgs.find((a) => a.startsWith('--app='))!.slice(6)), 'utf8'))![1];
    expect((await upgrade(`?ticket=${ticket}`)).status).toBe(409);
    expect((await upgrade('?token=anything')).status).toBe(409);
  });
});
