import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { builtInSettings } from '../../../main/config/settings';
import { silentLogger } from '../../../main/core/log';
import { waitFor } from '../../support/wait';
import { send, untilScreen } from '../telemetry/drive';

/**
 * A kiosk whose data folder is a real, small filesystem (a 48 MiB tmpfs mounted for the test)
 * that a real file fills up. Below the disk-low mark (`availability.diskLowBytes`) the kiosk
 * stops offering paid services while there is still room to journal: a free request still goes
 * all the way into the outbox, and the paid ones come back once space is freed.
 */
const MiB = 1024 * 1024;
const LOW = 16 * MiB;

let mountPoint: string;
let kiosk: RunningKiosk;
const filler = () => join(mountPoint, 'filler.bin');

function freeBytes(): number {
  const fs = statfsSync(mountPoint);
  return fs.bavail * fs.bsize;
}

/** Writes a real file until only `leave` bytes are free on the filesystem. */
function fillUntil(leave: number): void {
  const fd = openSync(filler(), 'a');
  const chunk = Buffer.alloc(MiB, 0xa5);
  try {
    while (freeBytes() - chunk.length > leave) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  mountPoint = mkdtempSync(join(tmpdir(), 'kiosk-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m,mode=0700', 'tmpfs', mountPoint]);
  const defaults = builtInSettings(process.env).availability as NonNullable<Parameters<typeof startKiosk>[0]['availability']>;
  kiosk = await startKiosk({ dataDir: join(mountPoint, 'data'), simulate: true, log: silentLogger, vpcdPort: 35964, terminalStepDelayMs: 20, availability: { ...defaults, diskLowBytes: LOW } });
});

afterAll(async () => {
  await kiosk?.close();
  if (mountPoint) {
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});

async function registerAddress(): Promise<void> {
  await send(kiosk, { type: 'chooseService', serviceId: 'national-address' });
  await untilScreen(kiosk, 'form');
  for (const [fieldId, value] of [['zone', '51'], ['street', '340'], ['building', '12'], ['mobile', '55123456']]) await send(kiosk, { type: 'setField', fieldId: fieldId!, value: value! });
  await send(kiosk, { type: 'submitForm' });
  await untilScreen(kiosk, 'confirm');
  await send(kiosk, { type: 'submitRequest' });
  await untilScreen(kiosk, 'result');
}

describe('a nearly full disk', () => {
  it('is measured on the real filesystem: online with room to spare', async () => {
    const disk = await waitFor(() => kiosk.devices.snapshot.disk.status === 'online' && kiosk.devices.snapshot.disk, { what: 'the disk to be measured', on: (l) => kiosk.devices.onChange(l) });
    expect(disk.totalBytes).toBe(48 * MiB);
    expect(disk.freeBytes).toBeGreaterThan(LOW);
  });

  it('stops paid sessions below the mark while a free request is still journaled, and gives them back once space is freed', async () => {
    fillUntil(LOW - 4 * MiB);
    const lab = kiosk.world!.lab;
    await lab.insertCard();
    await untilScreen(kiosk, 'welcome');
    expect(kiosk.devices.snapshot.disk).toMatchObject({ status: 'userError', reason: 'disk-low' });
    expect(kiosk.session.snapshot.offer).toMatchObject({ inService: true, paid: false });
    const step = kiosk.session.snapshot.mode.kind === 'shopper' ? kiosk.session.snapshot.mode.session.step : undefined;
    const listed = step?.screen === 'welcome' ? step.services.map((s) => s.id) : [];
    expect(listed).toContain('national-address');
    expect(listed).not.toContain('pay-traffic-fines');
    expect(await kiosk.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).toMatchObject({ ok: false });

    // The room kept below the mark is what this request is written into, durably.
    await registerAddress();
    const result = kiosk.session.snapshot.mode.kind === 'shopper' ? kiosk.session.snapshot.mode.session.step : undefined;
    expect(result).toMatchObject({ screen: 'result', submission: { localRef: expect.stringMatching(/^K01-/) } });
    await waitFor(() => kiosk.world!.gateway.submissions().some((r) => JSON.stringify(r).includes('national-address')), { what: 'the request to reach the ministry', timeoutMs: 15_000 });

    await send(kiosk, { type: 'finish' });
    await lab.removeCard();
    await untilScreen(kiosk, 'attract');
    unlinkSync(filler());
    await lab.insertCard();
    await untilScreen(kiosk, 'welcome');
    expect(kiosk.devices.snapshot.disk.status).toBe('online');
    expect(kiosk.session.snapshot.offer.paid).toBe(true);
    await send(kiosk, { type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await untilScreen(kiosk, 'fines');
    await lab.removeCard();
  });
});
