import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodedError } from '../../../shared/coded-error';
import { KioskState } from '../../../main/contract';
import { DEFAULT_AVAILABILITY, RulesInForce } from '../../../main/core/availability';
import { DeviceStateModel, initialDeviceStates } from '../../../main/core/device-states';
import { createLogger, silentLogger } from '../../../main/core/log';
import { deviceLog, LogRing, logToRing } from '../../../main/core/log-ring';
import type { TechnicianDeps } from '../../../main/core/technician';
import type { AuditAction, AuditDetail, KeptOutOfService, SelfTestOutcome } from '../../../main/core/technician-ports';
import { type LockoutRecord, TechnicianAccess } from '../../../main/core/technician-access';
import { identity, makeKiosk, TestClock, tick } from '../../support/core-fakes';

const TECH = { idNumber: '29063400777' };
const PIN = '246810';

/** A technician's world in memory: every device online, tests that answer what the test says. */
function technicianWorld(clock: TestClock) {
  let record: LockoutRecord = { failures: 0, lastFailure: 0, lockedUntil: 0 };
  const audit: { actor: string; action: AuditAction; detail?: AuditDetail }[] = [];
  const logs = new LogRing({ clock });
  const log = logToRing(silentLogger, logs);
  const devices = new DeviceStateModel({ clock, log, initial: initialDeviceStates(clock.now()) });
  for (const d of ['cardReader', 'printer', 'terminal', 'gateway', 'disk', 'database'] as const) devices.update(d, { status: 'online' });
  const outcomes: Partial<Record<string, SelfTestOutcome>> = {};
  let release: (() => void) | undefined;
  const signals: AbortSignal[] = [];
  const queueCalls: string[] = [];
  const overview = {
    counts: { queued: 1, sending: 0, delivered: 4, rejected: 1, expired: 0, setAside: 0, paidDead: 0 },
    oldestWaitingAgeMs: 60_000,
    deadLetters: [{ id: 'e1', localRef: 'K01-1', serviceId: 'national-address', state: 'rejected' as const, attempts: 1, updatedAt: 1 }],
    deadLettersMore: 0,
    payments: [],
    paymentsMore: 0,
  };
  const deps: TechnicianDeps = {
    access: new TechnicianAccess({
      store: { read: () => record, save: (r) => (record = r), clear: () => (record = { failures: 0, lastFailure: 0, lockedUntil: 0 }) },
      verifyPin: async (pin) => pin === PIN,
      clock,
      policy: { maxTries: 3, lockoutMs: 15 * 60_000, minIntervalMs: 0 },
    }),
    audit: { record: (actor, action, detail) => void audit.push({ actor, action, ...(detail ? { detail } : {}) }) },
    diagnostics: {
      selfTest: (kind, signal) =>
        new Promise((resolve) => {
          release = () => resolve(outcomes[kind] ?? { result: 'passed' });
          if (signal) signals.push(signal);
          // A card test whose card left ends as the real one does.
          signal?.addEventListener('abort', () => resolve({ result: 'failed', code: 'card-removed' }));
        }),
      recheck: async () => undefined,
    },
    devices,
    idleMs: 5 * 60_000,
    queue: {
      overview: () => overview,
      retry(id) {
        queueCalls.push(`retry ${id ?? 'all'}`);
        if (id === 'gone') throw new CodedError('not-found', 'no such outbox entry');
        return 1;
      },
      drain: () => (queueCalls.push('drain'), 2),
      markRefunded: (id, note) => void queueCalls.push(`refunded ${id} ${note}`),
      onChange: () => () => undefined,
    },
    logs,
    alternative: { ar: 'أقرب جهاز عند المدخل الرئيسي', en: 'The nearest kiosk is at the main entrance' },
  };
  return { deps, audit, devices, outcomes, queueCalls, signals, log, finishTest: () => release?.() };
}

function visit() {
  const clock = new TestClock();
  const world = technicianWorld(clock);
  const k = makeKiosk({ clock, deps: { technician: world.deps } });
  const insertTechnicianCard = () => {
    k.session.cardInserted();
    k.session.technicianCard(TECH);
  };
  const enter = async () => {
    insertTechnicianCard();
    expect((await k.core.dispatch({ type: 'submitPin', pin: PIN })).ok).toBe(true);
    await tick();
  };
  return { ...k, ...world, clock, insertTechnicianCard, enter };
}

afterEach(() => vi.useRealTimers());

describe('a technician visit', () => {
  it('opens on the technician PIN, never a shopper session, and records the card masked', () => {
    const v = visit();
    v.insertTechnicianCard();
    expect(v.session.snapshot.mode).toEqual({ kind: 'technician', visit: { technician: '290••••••77', step: { screen: 'technicianPin', wrong: false, triesLeft: 3, notConfigured: false } } });
    expect(v.audit).toEqual([{ actor: '290••••••77', action: 'technician-card' }]);
    expect(JSON.stringify(v.states)).not.toContain('29063400777');
  });

  it('counts wrong PINs down, then locks out, and audits each', async () => {
    const v = visit();
    v.insertTechnicianCard();
    await v.core.dispatch({ type: 'submitPin', pin: '1111' });
    await tick();
    expect(v.at('technicianPin')).toMatchObject({ wrong: true, triesLeft: 2 });
    await v.core.dispatch({ type: 'submitPin', pin: '2222' });
    await tick();
    await v.core.dispatch({ type: 'submitPin', pin: '3333' });
    await tick();
    const locked = v.at('technicianPin');
    expect(locked).toMatchObject({ wrong: true, triesLeft: 0, lockedUntil: v.clock.now() + 15 * 60_000 });
    // Locked: even the right PIN is not looked at.
    await v.core.dispatch({ type: 'submitPin', pin: PIN });
    await tick();
    expect(v.session.snapshot.mode.kind).toBe('technician');
    expect(v.step().screen).toBe('technicianPin');
    expect(v.audit.map((a) => a.action)).toEqual(['technician-card', 'pin-wrong', 'pin-wrong', 'locked-out', 'pin-while-locked']);
  });

  it('enters diagnostics with the right PIN: the device states, no test run yet, in service', async () => {
    const v = visit();
    await v.enter();
    const step = v.at('diagnostics');
    expect(step.devices.printer.status).toBe('online');
    expect(step.tests).toEqual([]);
    expect(step.outOfService).toBe(false);
    expect(v.audit.at(-1)).toEqual({ actor: '290••••••77', action: 'enter' });
    v.devices.update('printer', { status: 'userError', reason: 'paper-out', paper: 'out' });
    expect(v.at('diagnostics').devices.printer).toMatchObject({ status: 'userError', reason: 'paper-out' });
    expect(v.at('diagnostics').faultCounts.printer).toBe(1);
  });

  it('runs a self-test, shows it running then its result, and records it', async () => {
    const v = visit();
    await v.enter();
    v.outcomes.printer = { result: 'failed', code: 'paper-out', details: { paperBefore: 'out', paperAfter: 'out', jobId: 3 } };
    await v.core.dispatch({ type: 'runSelfTest', test: 'printer' });
    expect(v.at('diagnostics').tests).toEqual([{ kind: 'printer', state: 'running', at: v.clock.now() }]);
    expect(v.session.snapshot.busy).toBe(true);
    expect((await v.core.dispatch({ type: 'runSelfTest', test: 'gateway' })).ok).toBe(false); // one at a time
    v.finishTest();
    await tick();
    expect(v.at('diagnostics').tests).toEqual([{ kind: 'printer', state: 'failed', code: 'paper-out', details: { paperBefore: 'out', paperAfter: 'out', jobId: 3 }, at: v.clock.now() }]);
    expect(v.audit.at(-1)).toEqual({ actor: '290••••••77', action: 'selftest', detail: { test: 'printer', result: 'failed', code: 'paper-out', paperBefore: 'out', paperAfter: 'out', jobId: 3 } });
  });

  it('closes the terminal’s day only after a yes, and the audio test asks whether it was heard', async () => {
    const v = visit();
    await v.enter();
    await v.core.dispatch({ type: 'runSelfTest', test: 'endOfDay' });
    expect(v.at('diagnostics').tests[0]).toMatchObject({ kind: 'endOfDay', state: 'confirm' });
    await v.core.dispatch({ type: 'confirmSelfTest', confirmed: false });
    expect(v.at('diagnostics').tests[0]).toMatchObject({ kind: 'endOfDay', state: 'cancelled' });
    await v.core.dispatch({ type: 'runSelfTest', test: 'endOfDay' });
    await v.core.dispatch({ type: 'confirmSelfTest', confirmed: true });
    expect(v.at('diagnostics').tests[0]).toMatchObject({ state: 'running' });
    v.finishTest();
    await tick();
    expect(v.at('diagnostics').tests[0]).toMatchObject({ kind: 'endOfDay', state: 'passed' });
    await v.core.dispatch({ type: 'runSelfTest', test: 'audio' });
    await v.core.dispatch({ type: 'confirmSelfTest', confirmed: false });
    expect(v.at('diagnostics').tests.find((t) => t.kind === 'audio')).toMatchObject({ state: 'failed', code: 'not-heard' });
    expect(v.audit.filter((a) => a.action === 'selftest').map((a) => a.detail)).toEqual([
      { test: 'endOfDay', result: 'cancelled' },
      { test: 'endOfDay', result: 'passed' },
      { test: 'audio', result: 'failed', code: 'not-heard' },
    ]);
  });

  it('refuses shopper intents and technician intents before the PIN', async () => {
    const v = visit();
    v.insertTechnicianCard();
    expect(await v.core.dispatch({ type: 'runSelfTest', test: 'printer' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await v.core.dispatch({ type: 'setOutOfService', on: true })).toMatchObject({ ok: false });
    await v.enter();
    expect(await v.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
  });

  it('card out: the devices are checked and the kiosk is back in service when they are healthy', async () => {
    const v = visit();
    await v.enter();
    v.session.cardRemoved();
    await tick();
    expect(v.session.snapshot).toMatchObject({ mode: { kind: 'attract', step: { screen: 'attract' } }, notice: 'back-in-service', lang: 'ar' });
    expect(v.audit.at(-1)).toEqual({ actor: '290••••••77', action: 'exit', detail: { how: 'card-removed', back: 'in-service' } });
  });

  it('card out during a self-test: the way out waits for the test, so nothing of the visit runs on after it', async () => {
    const v = visit();
    await v.enter();
    await v.core.dispatch({ type: 'runSelfTest', test: 'terminal' });
    v.session.cardRemoved();
    await tick();
    // Still the technician's until the terminal has answered; no shopper can start meanwhile.
    expect(v.session.snapshot).toMatchObject({ mode: { kind: 'technician' }, busy: true });
    expect(v.signals.at(-1)!.aborted).toBe(false);
    v.finishTest();
    await tick();
    expect(v.session.snapshot).toMatchObject({ mode: { kind: 'attract' }, busy: false });
    expect(v.audit.slice(-2).map((a) => [a.action, a.detail?.test ?? a.detail?.how])).toEqual([
      ['selftest', 'terminal'],
      ['exit', 'card-removed'],
    ]);
  });

  it('card out during the card self-test: the test is stopped, it must not read the next card', async () => {
    const v = visit();
    await v.enter();
    await v.core.dispatch({ type: 'runSelfTest', test: 'card' });
    v.session.cardRemoved();
    await tick();
    expect(v.signals.at(-1)!.aborted).toBe(true);
    expect(v.session.snapshot.mode.kind).toBe('attract');
    expect(v.audit.slice(-2)).toEqual([
      { actor: '290••••••77', action: 'selftest', detail: { test: 'card', result: 'failed', code: 'card-removed' } },
      { actor: '290••••••77', action: 'exit', detail: { how: 'card-removed', back: 'in-service' } },
    ]);
  });

  it('a card that goes in while the exit check runs is served once the visit is closed', async () => {
    const v = visit();
    let recheckDone: () => void = () => undefined;
    v.deps.diagnostics.recheck = () => new Promise<void>((r) => (recheckDone = r));
    await v.enter();
    v.session.cardRemoved();
    await tick();
    expect(v.session.snapshot.busy).toBe(true);
    // A shopper's card, read while the technician's visit is still being closed.
    v.session.cardInserted();
    v.session.identityRead(identity, true);
    expect(v.session.snapshot.mode.kind).toBe('technician');
    recheckDone();
    await tick();
    expect(v.step().screen).toBe('welcome');
    // And a technician's card the same way.
    v.session.cardRemoved();
    await tick();
    await v.enter();
    v.session.cardRemoved();
    await tick();
    v.session.cardInserted();
    v.session.technicianCard(TECH);
    recheckDone();
    await tick();
    expect(v.step().screen).toBe('technicianPin');
  });

  it('leaving with the terminal down is back in service: the terminal only withdraws paid services', async () => {
    const v = visit();
    await v.enter();
    v.devices.update('terminal', { status: 'offline', reason: 'link-down' });
    await v.core.dispatch({ type: 'exitDiagnostics' });
    await tick();
    expect(v.session.snapshot.mode.kind).toBe('attract');
    expect(v.audit.at(-1)).toMatchObject({ action: 'exit', detail: { how: 'exit', back: 'in-service' } });
  });

  it('stays out of service after the visit without a card reader, and returns by itself once it is back', async () => {
    const v = visit();
    await v.enter();
    v.devices.update('cardReader', { status: 'noDevice', reason: 'no-reader' });
    await v.core.dispatch({ type: 'exitDiagnostics' });
    await tick();
    expect(v.session.snapshot.mode).toEqual({ kind: 'outOfService', step: { screen: 'outOfService', alternative: v.deps.alternative } });
    expect(v.audit.at(-1)).toMatchObject({ action: 'exit', detail: { how: 'exit', back: 'out-of-service', failing: 'cardReader' } });
    v.devices.update('cardReader', { status: 'online' });
    expect(v.session.snapshot.mode.kind).toBe('attract');
  });

  it('without a card reader the kiosk shows the out-of-service screen by itself, no visit needed', () => {
    const v = visit();
    v.devices.update('cardReader', { status: 'noDevice', reason: 'no-reader' });
    expect(v.session.snapshot.mode).toEqual({ kind: 'outOfService', step: { screen: 'outOfService', alternative: v.deps.alternative } });
    v.session.cardInserted();
    expect(v.session.snapshot.mode.kind).toBe('outOfService');
    v.devices.update('cardReader', { status: 'online' });
    expect(v.session.snapshot.mode.kind).toBe('attract');
  });

  it('follows the rules in force: a card reader the rules do not need keeps the kiosk in service', () => {
    const clock = new TestClock();
    const world = technicianWorld(clock);
    const k = makeKiosk({ clock, deps: { technician: { ...world.deps, rules: new RulesInForce({ ...DEFAULT_AVAILABILITY, kioskNeeds: [] }) } } });
    world.devices.update('cardReader', { status: 'noDevice' });
    expect(k.session.snapshot.mode.kind).toBe('attract');
  });

  it('judges the devices again when new rules come in force, and a visit leaves by the rules in force then', async () => {
    const clock = new TestClock();
    const world = technicianWorld(clock);
    const rules = new RulesInForce(DEFAULT_AVAILABILITY);
    const k = makeKiosk({ clock, deps: { technician: { ...world.deps, rules } } });
    world.devices.update('printer', { status: 'userError', reason: 'paper-out', paper: 'out' });
    expect(k.session.snapshot.mode.kind).toBe('attract');
    // A fleet that will not serve without paper: out of service at once, no device had to change.
    rules.replace({ ...DEFAULT_AVAILABILITY, kioskNeeds: ['cardReader', 'printer'] });
    expect(k.session.snapshot.mode.kind).toBe('outOfService');
    expect(k.session.technician!.status()).toMatchObject({ outOfService: true, by: 'devices', reason: 'printer' });
    rules.replace(DEFAULT_AVAILABILITY);
    expect(k.session.snapshot.mode.kind).toBe('attract');

    rules.replace({ ...DEFAULT_AVAILABILITY, kioskNeeds: ['cardReader', 'printer'] });
    k.session.cardInserted();
    k.session.technicianCard(TECH);
    expect((await k.core.dispatch({ type: 'submitPin', pin: PIN })).ok).toBe(true);
    await tick();
    await k.core.dispatch({ type: 'exitDiagnostics' });
    await tick();
    expect(world.audit.at(-1)).toMatchObject({ action: 'exit', detail: { how: 'exit', back: 'out-of-service', failing: 'printer' } });
    world.devices.update('printer', { status: 'online', reason: undefined, paper: 'ok' });
    expect(k.session.snapshot.mode.kind).toBe('attract');
  });

  it('out of service by the technician: no shopper session opens, until put back in service', async () => {
    const v = visit();
    await v.enter();
    await v.core.dispatch({ type: 'setOutOfService', on: true });
    expect(v.at('diagnostics').outOfService).toBe(true);
    v.session.cardRemoved();
    await tick();
    expect(v.step().screen).toBe('outOfService');
    // A shopper's card: nothing opens, the identity goes nowhere.
    v.session.cardInserted();
    v.session.identityRead(identity, true);
    expect(v.step().screen).toBe('outOfService');
    v.session.cardReadFailed('card-mute');
    v.session.cardRemoved();
    expect(v.step().screen).toBe('outOfService');
    expect(JSON.stringify(v.states)).not.toContain(identity.surname);
    // Healthy devices do not end an out-of-service the technician asked for.
    v.devices.update('printer', { status: 'online', paper: 'ok' });
    expect(v.step().screen).toBe('outOfService');
    v.session.technician!.setOutOfService(false, { by: 'kioskctl', actor: 'kioskctl', reason: 'fixed' });
    expect(v.step().screen).toBe('attract');
    expect(v.audit.filter((a) => a.action.startsWith('out-of-service')).map((a) => [a.action, a.detail?.by])).toEqual([
      ['out-of-service-on', 'technician'],
      ['out-of-service-off', 'kioskctl'],
    ]);
  });

  it('kioskctl’s card test: refused in service; out of service, the card that goes in is the test’s, not a visit’s', async () => {
    const v = visit();
    const desk = v.session.technician!;
    await expect(desk.selfTest('card', 'kioskctl')).rejects.toMatchObject({ code: 'kiosk-in-service' });
    desk.setOutOfService(true, { by: 'kioskctl', actor: 'kioskctl', reason: 'card reader test' });
    const test = desk.selfTest('card', 'kioskctl');
    expect(desk.status()).toMatchObject({ selfTestRunning: 'card', technicianPresent: false });
    v.insertTechnicianCard();
    expect(v.step().screen).toBe('outOfService');
    v.finishTest();
    expect(await test).toEqual({ result: 'passed' });
    // Still in the reader after the test: it went in for the test, and opens nothing until it is out.
    v.session.technicianCard(TECH);
    expect(desk.status()).toMatchObject({ technicianPresent: false });
    expect(desk.status().selfTestRunning).toBeUndefined();
    v.session.cardRemoved();
    v.insertTechnicianCard();
    expect(v.step().screen).toBe('technicianPin');
    expect(v.audit.map((a) => [a.actor, a.action, a.detail?.test])).toEqual([
      ['kioskctl', 'out-of-service-on', undefined],
      ['kioskctl', 'selftest', 'card'],
      ['290••••••77', 'technician-card', undefined],
    ]);
  });

  it('keeps an out of service a person asked for across a restart, and not one the devices caused', async () => {
    let kept: KeptOutOfService | undefined;
    const keeper = { read: () => kept, save: (r: KeptOutOfService) => void (kept = r), clear: () => void (kept = undefined) };
    const clock = new TestClock();
    const first = makeKiosk({ clock, deps: { technician: { ...technicianWorld(clock).deps, kept: keeper } } });
    first.session.technician!.setOutOfService(true, { by: 'kioskctl', actor: 'kioskctl', reason: 'card reader cleaning' });
    expect(kept).toEqual({ by: 'kioskctl', reason: 'card reader cleaning', at: clock.now() });
    first.session.dispose();

    // The next start: out of service before any device is heard, and healthy devices do not end it.
    const world = technicianWorld(clock);
    const second = makeKiosk({ clock, deps: { technician: { ...world.deps, kept: keeper } } });
    expect(second.session.snapshot.mode).toEqual({ kind: 'outOfService', step: { screen: 'outOfService', alternative: world.deps.alternative } });
    expect(second.session.technician!.status()).toMatchObject({ outOfService: true, by: 'kioskctl', reason: 'card reader cleaning' });
    world.devices.update('printer', { status: 'online', paper: 'ok' });
    expect(second.session.snapshot.mode.kind).toBe('outOfService');
    second.session.technician!.setOutOfService(false, { by: 'kioskctl', actor: 'kioskctl', reason: 'cleaned' });
    expect(kept).toBeUndefined();
    expect(second.session.snapshot.mode.kind).toBe('attract');

    // A reader gone takes the kiosk out of service by itself: that is judged again at the next start, not kept.
    world.devices.update('cardReader', { status: 'offline', reason: 'no-reader' });
    expect(second.session.technician!.status()).toMatchObject({ outOfService: true, by: 'devices' });
    expect(kept).toBeUndefined();
  });

  it('goes on when the kept out of service cannot be read or written, and logs it', () => {
    const clock = new TestClock();
    const broken = { read: () => { throw new CodedError('SQLITE_IOERR', 'disk'); }, save: () => { throw new CodedError('SQLITE_FULL', 'full'); }, clear: () => undefined };
    const lines: string[] = [];
    const log = createLogger('test', (line) => void lines.push(line));
    const k = makeKiosk({ clock, deps: { log, technician: { ...technicianWorld(clock).deps, kept: broken } } });
    expect(k.session.snapshot.mode.kind).toBe('attract');
    k.session.technician!.setOutOfService(true, { by: 'kioskctl', actor: 'kioskctl', reason: 'maintenance' });
    expect(k.session.snapshot.mode.kind).toBe('outOfService');
    const errors = lines.map((l) => JSON.parse(l) as { level: string; event: string; code?: string }).filter((l) => l.level === 'error');
    expect(errors.map((e) => [e.event, e.code])).toEqual([
      ['out-of-service-unreadable', 'SQLITE_IOERR'],
      ['out-of-service-not-kept', 'SQLITE_FULL'],
    ]);
  });

  it('changes a device setting on its page, restarts the printer from there, and restarts the reader only once the card is out', async () => {
    const clock = new TestClock();
    const world = technicianWorld(clock);
    const calls: string[] = [];
    let pending: ('printer' | 'cardReader')[] = [];
    const deviceSettings = {
      view: () => ({ settings: [], pending }),
      choices: () => [],
      change: (changes: readonly { key: string; value: string | number | undefined }[]) => {
        if (changes[0]!.value === 'bad') throw new CodedError('invalid-config', 'printer-port "bad" must be an absolute path');
        pending = changes[0]!.key === 'reader' ? ['cardReader'] : ['printer'];
        return changes.map((c) => ({ key: c.key as 'reader', value: c.value }));
      },
      restart: async (device: string) => {
        calls.push(device);
        pending = pending.filter((d) => d !== device);
      },
    };
    const k = makeKiosk({ clock, deps: { technician: { ...world.deps, deviceSettings } } });
    k.session.cardInserted();
    k.session.technicianCard(TECH);
    await k.core.dispatch({ type: 'submitPin', pin: PIN });
    await tick();
    expect((await k.core.dispatch({ type: 'setDeviceSetting', key: 'printer-port', value: '/dev/ttyUSB1' })).ok).toBe(false);
    await k.core.dispatch({ type: 'openTechnicianPage', page: 'settings' });
    await k.core.dispatch({ type: 'setDeviceSetting', key: 'printer-port', value: 'bad' });
    expect(k.at('techSettings').last).toMatchObject({ action: 'set', result: 'refused', code: 'invalid-config' });
    await k.core.dispatch({ type: 'setDeviceSetting', key: 'printer-port', value: '/dev/ttyUSB1' });
    expect(k.at('techSettings')).toMatchObject({ settings: { pending: ['printer'] }, last: { action: 'set', result: 'done' } });
    await k.core.dispatch({ type: 'restartDevice', device: 'printer' });
    await tick();
    expect(k.at('techSettings')).toMatchObject({ settings: { pending: [] }, last: { action: 'restart', result: 'done', device: 'printer' } });
    await k.core.dispatch({ type: 'setDeviceSetting', key: 'reader', value: 'ACR39' });
    await k.core.dispatch({ type: 'restartDevice', device: 'cardReader' });
    expect(k.at('techSettings').last).toMatchObject({ action: 'restart', result: 'refused', code: 'card-in-reader' });
    expect(calls).toEqual(['printer']);
    k.session.cardRemoved();
    await tick();
    await tick();
    expect(calls).toEqual(['printer', 'cardReader']);
    expect(world.audit.map((a) => a.action).filter((a) => a.startsWith('device-'))).toEqual(['device-setting', 'device-setting', 'device-restart', 'device-setting', 'device-restart']);
  });

  it('leaves only once a printer restart it started has finished: the device check sees the printer after it', async () => {
    const clock = new TestClock();
    const world = technicianWorld(clock);
    const order: string[] = [];
    const deviceSettings = {
      view: () => ({ settings: [], pending: [] }),
      choices: () => [],
      change: () => [],
      // A printer that takes its time to come back on a new link.
      restart: (device: string) =>
        new Promise<void>((resolve) => {
          order.push(`restart ${device}`);
          world.devices.update('printer', { status: 'starting' });
          setTimeout(() => {
            world.devices.update('printer', { status: 'online' });
            order.push(`restarted ${device}`);
            resolve();
          }, 300);
        }),
    };
    const diagnostics = { ...world.deps.diagnostics, recheck: async () => void order.push(`recheck printer=${world.devices.snapshot.printer.status}`) };
    const k = makeKiosk({ clock, deps: { technician: { ...world.deps, diagnostics, deviceSettings } } });
    k.session.cardInserted();
    k.session.technicianCard(TECH);
    await k.core.dispatch({ type: 'submitPin', pin: PIN });
    await tick();
    await k.core.dispatch({ type: 'openTechnicianPage', page: 'settings' });
    await k.core.dispatch({ type: 'restartDevice', device: 'printer' });
    expect((await k.core.dispatch({ type: 'exitDiagnostics' })).ok).toBe(true);
    await tick();
    // The restart still runs: no device check yet, the visit not closed.
    expect(order).toEqual(['restart printer']);
    expect(k.session.snapshot.mode.kind).toBe('technician');
    await vi.waitFor(() => expect(k.session.snapshot.mode.kind).toBe('attract'), { timeout: 2000 });
    expect(order).toEqual(['restart printer', 'restarted printer', 'recheck printer=online']);
    expect(world.audit.map((a) => a.action).slice(-2)).toEqual(['device-restart', 'exit']);
    expect(world.audit.at(-1)!.detail).toMatchObject({ how: 'exit', back: 'in-service' });
  });

  it('a technician card while a shopper’s payment settles is refused with a clear notice', async () => {
    const v = visit();
    v.session.cardInserted();
    v.session.identityRead(identity, true);
    await v.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await tick();
    await v.core.dispatch({ type: 'review' });
    await v.core.dispatch({ type: 'confirmPayment' });
    v.session.cardRemoved(); // the shopper's card out: the payment still settles
    v.session.cardInserted();
    v.session.technicianCard(TECH);
    expect(v.step().screen).toBe('paying');
    expect(v.session.snapshot.notice).toBe('technician-wait');
    expect(v.audit).toEqual([{ actor: '290••••••77', action: 'refused', detail: { why: 'payment-in-progress' } }]);
  });

  it('ends an idle visit after the technician idle time, longer than a shopper’s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const v = visit();
    await v.enter();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(v.step().screen).toBe('diagnostics'); // a shopper would have been timed out long ago
    await vi.advanceTimersByTimeAsync(60_000);
    expect(v.session.snapshot).toMatchObject({ mode: { kind: 'attract' }, notice: 'technician-timeout' });
    expect(v.audit.at(-1)).toMatchObject({ action: 'exit', detail: { how: 'timeout', back: 'in-service' } });
  });

  it('the queue page: retry, drain and a refund go to main, each decided and audited; refusals are shown, not thrown', async () => {
    const v = visit();
    v.insertTechnicianCard();
    expect((await v.core.dispatch({ type: 'openTechnicianPage', page: 'queue' })).ok).toBe(false); // not before the PIN
    await v.enter();
    expect((await v.core.dispatch({ type: 'drainOutbox' })).ok).toBe(false); // only on the queue page
    expect((await v.core.dispatch({ type: 'openTechnicianPage', page: 'queue' })).ok).toBe(true);
    expect(v.at('techQueue')).toMatchObject({ queue: { counts: { rejected: 1 } } });
    // Named from the catalog in force, in both languages: the page shows the one on screen.
    expect(v.at('techQueue').queue.deadLetters[0]!.title).toEqual({ ar: 'تسجيل العنوان الوطني أو تحديثه', en: 'Register or update your national address' });
    await v.core.dispatch({ type: 'retryOutbox', entryId: 'e1' });
    expect(v.at('techQueue').last).toMatchObject({ action: 'retry', result: 'done', count: 1 });
    await v.core.dispatch({ type: 'retryOutbox', entryId: 'gone' });
    expect(v.at('techQueue').last).toMatchObject({ action: 'retry', result: 'refused', code: 'not-found' });
    await v.core.dispatch({ type: 'drainOutbox' });
    await v.core.dispatch({ type: 'markRefunded', paymentId: 'p1', how: 'cash' });
    expect(v.at('techQueue').last).toMatchObject({ action: 'refunded', result: 'done' });
    expect(v.queueCalls).toEqual(['retry e1', 'retry gone', 'drain', 'refunded p1 refunded (cash), recorded by technician 290••••••77']);
    expect(v.audit.slice(-4)).toEqual([
      { actor: '290••••••77', action: 'queue-retry', detail: { entryId: 'e1', result: 'done', count: 1 } },
      { actor: '290••••••77', action: 'queue-retry', detail: { entryId: 'gone', result: 'refused', code: 'not-found' } },
      { actor: '290••••••77', action: 'queue-drain', detail: { result: 'done', count: 2 } },
      { actor: '290••••••77', action: 'refunded', detail: { paymentId: 'p1', result: 'done' } },
    ]);
    // kioskctl reaches the same desk, audited as itself.
    expect(v.session.technician!.queueAction('kioskctl', { type: 'drain' })).toMatchObject({ result: 'done', count: 2 });
    expect(v.audit.at(-1)).toMatchObject({ actor: 'kioskctl', action: 'queue-drain' });
    expect((await v.core.dispatch({ type: 'openTechnicianPage', page: 'devices' })).ok).toBe(true);
    expect(v.step().screen).toBe('diagnostics');
    for (const s of v.states) expect(KioskState.safeParse(s).success).toBe(true);
  });

  it('the logs page: every source’s recent lines and counters, filtered by device through an intent, following new lines', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const v = visit();
    deviceLog(v.log, 'gateway').warn('gateway-unreachable', { code: 'econnrefused' });
    v.log.info('session-started', {});
    v.insertTechnicianCard();
    expect((await v.core.dispatch({ type: 'openTechnicianPage', page: 'logs' })).ok).toBe(false); // not before the PIN
    await v.enter();
    expect((await v.core.dispatch({ type: 'filterLogs', device: 'printer' })).ok).toBe(false); // only on the logs page
    expect((await v.core.dispatch({ type: 'openTechnicianPage', page: 'logs' })).ok).toBe(true);
    const all = v.at('techLogs').logs;
    expect(all.device).toBeUndefined();
    expect(all.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['gateway-unreachable', 'session-started']));
    expect(all.counters.gateway).toEqual({ warnings: 1, errors: 0 });

    expect((await v.core.dispatch({ type: 'filterLogs', device: 'printer' })).ok).toBe(true);
    const before = v.at('techLogs').logs;
    expect(before.device).toBe('printer');
    expect(before.lines.every((l) => l.source === 'printer')).toBe(true);
    // The paper runs out: the model logs it under the printer, and the page shows it with the change.
    v.devices.update('printer', { status: 'userError', reason: 'paper-out', paper: 'out' });
    expect(v.at('techLogs').logs.lines[0]).toMatchObject({ level: 'warn', source: 'printer', event: 'device-state', fields: { status: 'userError', reason: 'paper-out' } });
    // A line without a device change: the page follows it within half a second, not line by line.
    deviceLog(v.log, 'printer').error('receipt-fault', { kind: 'raster', code: 'render-failed' });
    deviceLog(v.log, 'printer').info('print-job', { jobId: 3, state: 'failed' });
    expect(v.at('techLogs').logs.lines).toHaveLength(before.lines.length + 1);
    const sentBefore = v.states.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(v.states.length).toBe(sentBefore + 1);
    const printer = v.at('techLogs').logs;
    expect(printer.lines.map((l) => l.event).slice(0, 3)).toEqual(['print-job', 'receipt-fault', 'device-state']);
    expect(printer.counters.printer).toEqual({ warnings: before.counters.printer.warnings + 1, errors: 1 });
    expect((await v.core.dispatch({ type: 'filterLogs' })).ok).toBe(true);
    expect(v.at('techLogs').logs.device).toBeUndefined();
    // kioskctl reads the same ring, with room for more lines.
    expect(v.session.technician!.logs('printer')!.lines).toEqual(printer.lines);
    // Another page: new lines no longer resend the visit.
    expect((await v.core.dispatch({ type: 'openTechnicianPage', page: 'devices' })).ok).toBe(true);
    const sent = v.states.length;
    v.log.warn('something', {});
    await vi.advanceTimersByTimeAsync(1000);
    expect(v.states.length).toBe(sent);
    for (const s of v.states) expect(KioskState.safeParse(s).success).toBe(true);
  });

  it('every state of a visit is one the contract accepts', async () => {
    const v = visit();
    await v.enter();
    await v.core.dispatch({ type: 'runSelfTest', test: 'gateway' });
    v.finishTest();
    await tick();
    v.session.cardRemoved();
    await tick();
    for (const s of v.states) expect(KioskState.safeParse(s).success).toBe(true);
  });
});
