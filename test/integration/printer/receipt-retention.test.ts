import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { currentStep } from '../../../main/contract';
import type { Logger } from '../../../main/core/ports';
import { openKioskDb } from '../../../offline-cache/db';
import { waitFor } from '../../support/wait';
import { send, untilScreen } from '../telemetry/drive';

/**
 * Issue 16, finding 7, in the kiosk as composed: a receipt kept for reprint carries the shopper's
 * name, so once the ministry acknowledged the request and the receipt is printed, it goes. The
 * unit test proves the retention rule on its own; this proves the running kiosk applies it, the
 * simulated gateway answering (as it does) before the simulated printer has finished.
 */
let dataDir: string;
let kiosk: RunningKiosk | undefined;
const errors: string[] = [];
const log: Logger = { info: () => undefined, warn: () => undefined, error: (event) => void errors.push(event) };
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-retention-'));
  kiosk = await startKiosk({ dataDir, simulate: true, log, vpcdPort: 35964, terminalStepDelayMs: 20 });
});
afterAll(async () => {
  await kiosk?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The print journal's rows for one request, read from the kiosk's own file as another reader would. */
function printJobsOf(localRef: string): { state: string }[] {
  const db = openKioskDb(join(dataDir, 'kiosk.db'), { readonly: true });
  try {
    return db.prepare('SELECT state FROM print_jobs WHERE local_ref = ?').all(localRef) as { state: string }[];
  } finally {
    db.close();
  }
}

describe('receipts kept for reprint, in a running kiosk', () => {
  it('a printed receipt is gone from the database once the ministry acknowledged its request', async () => {
    const running = kiosk!;
    await running.world!.lab.insertCard();
    await untilScreen(running, 'welcome');
    await send(running, { type: 'chooseService', serviceId: 'national-address' });
    await untilScreen(running, 'form');
    for (const [fieldId, value] of [['zone', '51'], ['street', '340'], ['building', '12'], ['mobile', '55123456']] as const) await send(running, { type: 'setField', fieldId, value });
    await send(running, { type: 'submitForm' });
    await untilScreen(running, 'confirm');
    await send(running, { type: 'submitRequest' });
    const result = await waitFor(
      () => {
        const step = currentStep(running.session.snapshot);
        return step?.screen === 'result' && step.receipt?.state === 'printed' && step.submission?.delivery === 'delivered' && step.submission;
      },
      { what: 'the receipt printed and the request acknowledged', timeoutMs: 30_000, on: (l) => running.session.onState(l) },
    );
    await waitFor(() => printJobsOf(result.localRef).length === 0, {
      what: 'the printed receipt to leave the database',
      timeoutMs: 5_000,
      describeLast: () => printJobsOf(result.localRef),
    });
    await running.world!.lab.removeCard();
    await untilScreen(running, 'attract');
    // Closing waits for every PDF copy owed: the receipt's was stored before the row went.
    kiosk = undefined;
    await running.close();
    expect(errors).toEqual([]);
  });
});
