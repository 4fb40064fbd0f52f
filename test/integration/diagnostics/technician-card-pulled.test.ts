import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Identity, ministryCardImage, VirtualCard } from '../../../drivers/card';
import demoTechnician from '../../../drivers/card/sim/demo-technician.json';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { hashPin } from '../../../main/config/pin-hash';
import { currentStep, type Intent, type SelfTestKind } from '../../../main/contract';
import { silentLogger } from '../../../main/core/log';
import type { AuditEntry } from '../../../offline-cache/audit-log';
import { waitFor } from '../../support/wait';

/** The card integration slot: "Virtual PCD 00 01". */
const VPCD_PORT = 35964;
const PIN = '246810';
const technician = Identity.parse(demoTechnician);

/**
 * Issue 11's fault test: a technician's visit walked step by step on a kiosk composed as
 * `npm start` composes it (the technician card on pcscd's vpcd reader, printer and terminal
 * simulators on socat ptys, the gateway simulator over HTTP, SQLite), the card pulled at each
 * step. Each time the visit must end by itself: the exit check runs, the kiosk is in service or
 * out of it by the rules, an audit entry says how it ended, no PIN wait, busy flag or running
 * test is left over, and the next card, a shopper's or a technician's, is served without a
 * restart. The card is also pulled at every APDU of its read, before it is known to be a
 * technician's.
 */
describe('the technician card pulled at every step of a visit', () => {
  let kiosk: RunningKiosk;
  let dataDir: string;

  const state = () => kiosk.session.snapshot;
  const screen = () => currentStep(state()).screen;
  const dispatch = async (intent: Intent) => expect((await kiosk.core.dispatch(intent)).ok, intent.type).toBe(true);
  const test = (kind: SelfTestKind) => {
    const step = currentStep(state());
    return step.screen === 'diagnostics' ? step.tests.find((t) => t.kind === kind) : undefined;
  };

  async function technicianCard(): Promise<void> {
    await kiosk.world!.lab.insertCard(undefined, 'technician');
    await waitFor(() => screen() === 'technicianPin' && !state().busy, { what: 'the technician PIN screen', timeoutMs: 10_000 });
  }

  async function enter(): Promise<void> {
    await technicianCard();
    await dispatch({ type: 'submitPin', pin: PIN });
    await waitFor(() => screen() === 'diagnostics' && !state().busy, { what: 'the diagnostics screen', timeoutMs: 10_000 });
  }

  /** Pulls the card and waits for the visit to be over, then checks nothing of it is left. */
  async function pullAndCheck(where: string, from: number, how: string): Promise<AuditEntry> {
    await kiosk.world!.lab.removeCard();
    await waitFor(() => state().mode.kind !== 'technician' && !state().busy, { what: `the visit to end (pulled ${where})`, timeoutMs: 30_000 });
    const desk = kiosk.session.technician!;
    expect(desk.status().technicianPresent, where).toBe(false);
    const exit = kiosk.audit.entries().slice(from).find((e) => e.action === 'exit');
    expect(exit, `an exit entry (pulled ${where})`).toMatchObject({ actor: '290••••••77', detail: { how } });
    if (exit!.detail.entered !== false) {
      // Out of service only by the rules: asked for by the technician, or a device the kiosk needs has failed.
      const out = desk.status().outOfService;
      expect(exit!.detail.back, where).toBe(out ? 'out-of-service' : 'in-service');
      expect(state().mode.kind, where).toBe(out ? 'outOfService' : 'attract');
    }
    // The exit check came after whatever the visit still had running: nothing of it is recorded later.
    expect(kiosk.audit.entries().at(-1), `the exit is the visit's last entry (pulled ${where})`).toEqual(exit);
    expect(kiosk.audit.verify().ok).toBe(true);
    return exit!;
  }

  /** The next card is a shopper's: it is read and welcomed (or, out of service, opens nothing), then taken out. */
  async function shopperServed(where: string): Promise<void> {
    const out = kiosk.session.technician!.status().outOfService;
    await kiosk.world!.lab.insertCard(undefined, 'demo');
    if (out) {
      await waitFor(() => kiosk.devices.snapshot.cardReader.cardPresent === true, { what: 'the shopper card seen', timeoutMs: 10_000 });
      expect(state().mode.kind, where).toBe('outOfService');
    } else {
      await waitFor(() => screen() === 'welcome' && !state().busy, {
        what: `the shopper welcomed after the card was pulled ${where}`,
        timeoutMs: 10_000,
        describeLast: () => ({ screen: screen(), mode: state().mode.kind, busy: state().busy, notice: state().notice, reader: kiosk.devices.snapshot.cardReader }),
      });
    }
    await kiosk.world!.lab.removeCard();
    await waitFor(() => state().mode.kind !== 'shopper' && kiosk.devices.snapshot.cardReader.cardPresent === false, { what: 'the shopper card out', timeoutMs: 10_000 });
  }

  /** Each step drives a fresh visit to one moment; the card is pulled right after it. */
  const steps: [name: string, reach: () => Promise<void>][] = [
    ['at the PIN prompt', technicianCard],
    [
      'after a wrong PIN',
      async () => {
        await technicianCard();
        await dispatch({ type: 'submitPin', pin: '000000' });
        await waitFor(() => { const s = currentStep(state()); return s.screen === 'technicianPin' && s.wrong && !state().busy; }, { what: 'the wrong PIN said' });
      },
    ],
    [
      'while the PIN is checked',
      async () => {
        // A wrong PIN a second ago makes the next try too soon: wait it out, then pull as the PIN goes in.
        await new Promise((r) => setTimeout(r, 1100));
        await technicianCard();
        await dispatch({ type: 'submitPin', pin: PIN });
      },
    ],
    ['on the diagnostics screen', enter],
    ...(['card', 'printer', 'terminal', 'gateway'] as const).map(
      (kind): [string, () => Promise<void>] => [
        `during the ${kind} self-test`,
        async () => {
          await enter();
          await dispatch({ type: 'runSelfTest', test: kind });
          await waitFor(() => test(kind)?.state === 'running', { what: `the ${kind} test running` });
        },
      ],
    ),
    [
      'while end of day waits for its yes',
      async () => {
        await enter();
        await dispatch({ type: 'runSelfTest', test: 'endOfDay' });
        await waitFor(() => test('endOfDay')?.state === 'confirm', { what: 'end of day asking' });
      },
    ],
    [
      'during end of day',
      async () => {
        await enter();
        await dispatch({ type: 'runSelfTest', test: 'endOfDay' });
        await waitFor(() => test('endOfDay')?.state === 'confirm', { what: 'end of day asking' });
        await dispatch({ type: 'confirmSelfTest', confirmed: true });
        await waitFor(() => test('endOfDay')?.state === 'running', { what: 'end of day running' });
      },
    ],
    [
      'while the audio test waits for what was heard',
      async () => {
        await enter();
        await dispatch({ type: 'runSelfTest', test: 'audio' });
        await waitFor(() => test('audio')?.state === 'confirm', { what: 'the audio test asking' });
      },
    ],
    [
      'on the queue and money page',
      async () => {
        await enter();
        await dispatch({ type: 'openTechnicianPage', page: 'queue' });
        await waitFor(() => screen() === 'techQueue', { what: 'the queue page' });
      },
    ],
    [
      'after taking the kiosk out of service',
      async () => {
        await enter();
        await dispatch({ type: 'setOutOfService', on: true });
        await waitFor(() => kiosk.session.technician!.status().outOfService, { what: 'out of service' });
      },
    ],
    [
      'after putting it back in service',
      async () => {
        await enter();
        await dispatch({ type: 'setOutOfService', on: false });
        await waitFor(() => !kiosk.session.technician!.status().outOfService, { what: 'back in service' });
      },
    ],
    [
      'while the exit check runs',
      async () => {
        await enter();
        await dispatch({ type: 'exitDiagnostics' });
      },
    ],
  ];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-tech-pulled-'));
    kiosk = await startKiosk({
      dataDir,
      simulate: true,
      log: silentLogger,
      vpcdPort: VPCD_PORT,
      terminalStepDelayMs: 0,
      gatewayProbe: { onlineIntervalMs: 200, offlineIntervalMs: 150, confirmMs: 50, failuresToOffline: 1 },
      // Enough tries that the wrong PINs of this test never lock the door.
      technician: { pinHash: await hashPin(PIN, { N: 1024, r: 8, p: 1 }), maxTries: 50 },
    });
    await waitFor(() => (['terminal', 'printer', 'cardReader'] as const).every((d) => kiosk.devices.snapshot[d].status === 'online'), { what: 'the devices online', timeoutMs: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await kiosk?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Each pulled read is over (its read error reported) before the next card goes in: on pcscd's
  // virtual reader a card inserted while the pulled card's APDU is still pending gets that APDU
  // and reads as mute, which a real reader does not do.
  it('ends nothing and audits nothing when the card goes at any APDU of its read, and the next card is served', async () => {
    const image = () => ministryCardImage(technician);
    const full = new VirtualCard({ image: image(), port: VPCD_PORT });
    await full.insert();
    await waitFor(() => screen() === 'technicianPin', { what: 'the technician PIN screen' });
    const apdus = full.apduCount;
    await full.remove();
    await waitFor(() => state().mode.kind === 'attract' && !state().busy, { what: 'the visit ended' });
    expect(apdus).toBeGreaterThanOrEqual(2);
    for (let k = 0; k < apdus; k++) {
      const before = kiosk.audit.entries().length;
      const card = new VirtualCard({ image: image(), port: VPCD_PORT, yankAfter: k });
      const t0 = Date.now();
      await card.insert();
      const reader = () => kiosk.devices.snapshot.cardReader;
      await waitFor(() => !reader().cardPresent && (reader().lastError?.at ?? 0) >= t0 && state().mode.kind === 'attract' && !state().busy, {
        what: `the read pulled at APDU ${k} over`,
        timeoutMs: 10_000,
        describeLast: () => ({ screen: screen(), reader: reader() }),
      });
      // Pulled, not faulty: nobody is told the card is unreadable.
      expect(reader().lastError?.code, `pulled at APDU ${k}`).toBe('card-removed');
      await card.remove();
      expect(kiosk.audit.entries().slice(before).map((e) => e.action), `pulled at APDU ${k}`).toEqual([]);
      await shopperServed(`at APDU ${k}`);
    }
  }, 60_000);

  it('ends the visit cleanly at every step, audited, and serves the next card', async () => {
    for (const [i, [name, reach]] of steps.entries()) {
      const from = kiosk.audit.entries().length;
      await reach();
      // Pulled once the exit button was pressed, the visit ends as the button said.
      await pullAndCheck(name, from, name === 'while the exit check runs' ? 'exit' : 'card-removed');
      // The next card is a shopper's every other step, the next step's technician card otherwise.
      if (i % 2 === 1) await shopperServed(name);
    }
    // Last: a technician again, all the way in and out.
    await enter();
    expect(kiosk.session.technician!.status().outOfService).toBe(false);
    const from = kiosk.audit.entries().length;
    await dispatch({ type: 'exitDiagnostics' });
    await waitFor(() => state().mode.kind === 'attract' && !state().busy, { what: 'the last visit left' });
    expect(kiosk.audit.entries().slice(from).map((e) => [e.action, e.detail.how])).toEqual([['exit', 'exit']]);
    await kiosk.world!.lab.removeCard();
  }, 240_000);

  it('serves the next card when it goes in while the exit check still runs', async () => {
    for (const next of ['demo', 'technician'] as const) {
      await enter();
      // A slow gateway keeps the exit check (which probes it) going for a while.
      kiosk.world!.gateway.setLatency(1500);
      const from = kiosk.audit.entries().length;
      await kiosk.world!.lab.removeCard();
      await waitFor(() => state().busy, { what: 'the exit check running' });
      await kiosk.world!.lab.insertCard(undefined, next);
      kiosk.world!.gateway.setLatency(0);
      await waitFor(() => kiosk.audit.entries().slice(from).some((e) => e.action === 'exit'), { what: 'the visit ended', timeoutMs: 15_000 });
      const wanted = next === 'demo' ? 'welcome' : 'technicianPin';
      await waitFor(() => screen() === wanted && !state().busy, { what: `the ${next} card served after the visit`, timeoutMs: 15_000, describeLast: () => ({ screen: screen(), busy: state().busy }) });
      await kiosk.world!.lab.removeCard();
      await waitFor(() => state().mode.kind === 'attract' && !state().busy, { what: 'the card out' });
    }
  }, 60_000);
});
