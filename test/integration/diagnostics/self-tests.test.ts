import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { hashPin } from '../../../main/config/pin-hash';
import { currentStep, type SelfTestKind, type SelfTestView } from '../../../main/contract';
import { silentLogger } from '../../../main/core/log';
import { waitFor } from '../../support/wait';

/** The card integration slot: "Virtual PCD 00 01". */
const VPCD_PORT = 35964;
const PIN = '246810';

/**
 * Every self-test on the real devices of a kiosk composed as `npm start` composes it: the
 * technician's virtual card on pcscd's vpcd reader, the ESC/POS printer and ZVT terminal
 * simulators on socat ptys, the gateway simulator over HTTP, the audit log in a SQLite file.
 * The faults are real ones: the printer's paper runs out, the terminal stops listening on its
 * line, the gateway stops answering.
 */
describe('technician self-tests on the real devices', () => {
  let kiosk: RunningKiosk;
  let dataDir: string;

  const test = (kind: SelfTestKind): SelfTestView | undefined => {
    const step = currentStep(kiosk.session.snapshot);
    return step.screen === 'diagnostics' ? step.tests.find((t) => t.kind === kind) : undefined;
  };

  async function run(kind: SelfTestKind, confirm = false): Promise<SelfTestView> {
    expect((await kiosk.core.dispatch({ type: 'runSelfTest', test: kind })).ok).toBe(true);
    if (confirm) expect((await kiosk.core.dispatch({ type: 'confirmSelfTest', confirmed: true })).ok).toBe(true);
    await waitFor(() => test(kind)?.state === 'passed' || test(kind)?.state === 'failed', { what: `the ${kind} self-test to finish`, timeoutMs: 45_000 });
    return test(kind)!;
  }

  const lastAudit = () => kiosk.audit.entries().at(-1)!;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-selftests-'));
    kiosk = await startKiosk({
      dataDir,
      simulate: true,
      log: silentLogger,
      vpcdPort: VPCD_PORT,
      terminalStepDelayMs: 0,
      gatewayProbe: { onlineIntervalMs: 200, offlineIntervalMs: 150, confirmMs: 50, failuresToOffline: 1 },
      technician: { pinHash: await hashPin(PIN, { N: 1024, r: 8, p: 1 }) },
    });
    await waitFor(() => kiosk.devices.snapshot.terminal.status === 'online' && kiosk.devices.snapshot.printer.status === 'online' && kiosk.devices.snapshot.cardReader.status === 'online', {
      what: 'the devices to come online',
      timeoutMs: 20_000,
    });
    await kiosk.world!.lab.insertCard(undefined, 'technician');
    await waitFor(() => currentStep(kiosk.session.snapshot).screen === 'technicianPin', { what: 'the technician PIN screen', timeoutMs: 10_000 });
    await kiosk.core.dispatch({ type: 'submitPin', pin: PIN });
    await waitFor(() => currentStep(kiosk.session.snapshot).screen === 'diagnostics', { what: 'diagnostics', timeoutMs: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await kiosk?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads the card in the reader again and shows whose it is only masked', async () => {
    const result = await run('card');
    expect(result).toMatchObject({ state: 'passed', details: { idNumberMasked: '290••••••77', profile: 'ministry' } });
    expect(JSON.stringify(kiosk.audit.entries())).not.toContain('29063400777');
    expect(lastAudit()).toMatchObject({ actor: '290••••••77', action: 'selftest', detail: { test: 'card', result: 'passed', idNumberMasked: '290••••••77' } });
  });

  it('prints a test page the simulated printer rendered, with the paper state before and after', async () => {
    const before = kiosk.world!.printer.lastReceipt?.path;
    const result = await run('printer');
    expect(result).toMatchObject({ state: 'passed', details: { paperBefore: 'ok', paperAfter: 'ok' } });
    expect(kiosk.world!.printer.lastReceipt?.path).not.toBe(before);
    expect(kiosk.world!.lab.lastReceiptPng()?.subarray(1, 4).toString()).toBe('PNG');
  });

  it('fails the printer test with paper-out when the paper has run out, saying so before and after', async () => {
    kiosk.world!.lab.setPrinterPaperOut(true);
    await waitFor(() => kiosk.devices.snapshot.printer.paper === 'out', { what: 'paper out on the printer status', timeoutMs: 15_000 });
    const result = await run('printer');
    expect(result).toMatchObject({ state: 'failed', code: 'paper-out', details: { paperBefore: 'out', paperAfter: 'out' } });
    expect(lastAudit()).toMatchObject({ action: 'selftest', detail: { test: 'printer', result: 'failed', code: 'paper-out' } });
    kiosk.world!.lab.setPrinterPaperOut(false);
  });

  it('runs the terminal diagnosis (06 70) and end of day (06 50, after the yes)', async () => {
    expect(await run('terminal')).toMatchObject({ state: 'passed', details: { resultCode: 0 } });
    expect(kiosk.devices.snapshot.terminal.hostLink).toBe('ok');
    expect(await run('endOfDay', true)).toMatchObject({ state: 'passed' });
  });

  it('makes a round trip to the gateway, and fails it when the gateway is down', async () => {
    expect(await run('gateway')).toMatchObject({ state: 'passed', details: { latencyMs: expect.any(Number) } });
    kiosk.world!.lab.setGatewayDown(true);
    const down = await run('gateway');
    expect(down.state).toBe('failed');
    expect(down.code).toMatch(/health-check-failed|unreachable|gateway/);
    kiosk.world!.lab.setGatewayDown(false);
  });

  it('fails the terminal diagnosis when the terminal stops answering on its line', async () => {
    await kiosk.world!.terminal.close();
    const result = await run('terminal');
    expect(result.state).toBe('failed');
    expect(result.code).toBeTruthy();
    expect(lastAudit()).toMatchObject({ action: 'selftest', detail: { test: 'terminal', result: 'failed' } });
    // Leaving now: without its terminal the kiosk is back in service with free services only.
    await kiosk.world!.lab.removeCard();
    await waitFor(() => lastAudit()?.action === 'exit', { what: 'the visit ended', timeoutMs: 30_000 });
    expect(lastAudit()).toMatchObject({ action: 'exit', detail: { how: 'card-removed', back: 'in-service' } });
    expect(kiosk.session.snapshot.offer).toMatchObject({ inService: true, paid: false });
    expect(kiosk.audit.verify().ok).toBe(true);
  }, 90_000);
});
