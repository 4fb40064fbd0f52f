import { type KioskState, type Lang, type ScreenId, TerminalPrompt, screenOf } from '../contract';
import { randomUUID } from 'node:crypto';
import { loadCatalog } from '../config';
import { launchIds } from '../core/ids';
import { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import { SessionService } from '../core/session';
import { PREVIEW_TECHNICIAN, previewTechnician } from './preview-technician';
import { PREVIEW_IDENTITY, PREVIEW_RESIDENT, type PreviewOutcome, type PreviewScript, PreviewWorld } from './preview-world';

/** Where the preview should take the real session, and how the fakes should behave on the way. */
export interface Scenario {
  screen: ScreenId;
  lang: Lang;
  gateway: KioskState['gateway'];
  outcome: PreviewOutcome;
  receipt: PreviewScript['receipt'];
  /** Hold the terminal at one prompt (the paying screen). */
  prompt?: TerminalPrompt;
  /** The ministry's reference replaces the local one on the result screen. */
  ministry: boolean;
}

const OUTCOMES: readonly PreviewOutcome[] = ['approved', 'declined', 'aborted', 'failed'];
const RECEIPTS: readonly PreviewScript['receipt'][] = ['printed', 'failed', 'printing'];

/** Reads a scenario from query parameters (`lang=en&outcome=declined&receipt=failed&prompt=enter-pin&gateway=offline&ministry=1`). */
export function scenarioFrom(screen: ScreenId, params: URLSearchParams): Scenario {
  const pick = <T extends string>(value: string | null, options: readonly T[], fallback: T): T => (options.includes(value as T) ? (value as T) : fallback);
  const prompt = TerminalPrompt.safeParse(params.get('prompt'));
  return {
    screen,
    lang: pick(params.get('lang'), ['ar', 'en'], 'ar'),
    gateway: pick(params.get('gateway'), ['online', 'offline'], 'online'),
    outcome: pick(params.get('outcome'), OUTCOMES, 'approved'),
    receipt: pick(params.get('receipt'), RECEIPTS, 'printed'),
    prompt: prompt.success ? prompt.data : undefined,
    ministry: params.get('ministry') === '1',
  };
}

export interface PreviewKiosk {
  session: SessionService;
  core: KioskCore;
  world: PreviewWorld;
}

/** The real session, over the preview's fakes, with every device ready and the ministry online. */
export function createPreviewKiosk(log: Logger): PreviewKiosk {
  const clock = { now: () => Date.now() };
  const world = new PreviewWorld(clock);
  const session = new SessionService({
    card: world,
    fines: world,
    claims: world,
    sponsors: world,
    permits: world,
    visas: world,
    residency: world,
    requests: world,
    payment: world,
    submissions: world,
    receipts: world,
    log,
    catalog: loadCatalog(),
    currency: 'QAR',
    clock,
    ids: launchIds(clock.now(), randomUUID),
    technician: previewTechnician(clock, log),
  });
  world.onDelivered = (id, ministryRef) => session.submissionDelivered(id, ministryRef);
  world.onIdentity = (identity) => session.identityRead(identity, true);
  for (const device of ['card', 'printer', 'terminal'] as const) session.setDeviceHealth(device, 'ready');
  session.setGateway('online');
  return { session, core: new KioskCore(session, log), world };
}

const FOR_SERVICE: Partial<Record<ScreenId, string>> = {
  beneficiary: 'renew-residence-permit',
  form: 'national-address',
  fines: 'pay-traffic-fines',
  permit: 'residence-permit-inquiry',
  visa: 'visa-inquiry',
  residency: 'permanent-residency',
  confirm: 'pay-traffic-fines',
  paying: 'pay-traffic-fines',
  result: 'pay-traffic-fines',
};

/**
 * Takes the real session to a screen the way a shopper would: a card, the shopper's taps as
 * intents, the terminal's and printer's answers from the fakes. Any session already open is ended
 * first, as a pulled card ends it.
 */
export async function driveTo(kiosk: PreviewKiosk, scenario: Scenario): Promise<KioskState> {
  const { session, core, world } = kiosk;
  await endSession(kiosk);
  world.reset({
    outcome: scenario.outcome,
    receipt: scenario.receipt,
    holdAt: scenario.screen === 'paying' ? (scenario.prompt ?? 'insert-card') : undefined,
    // Straight to the screen asked for; once there, the fakes take their time again.
    stepMs: 0,
    deliverAfterMs: scenario.ministry ? 0 : undefined,
  });
  session.setGateway(scenario.gateway);
  const intent = async (raw: unknown): Promise<void> => {
    const result = await core.dispatch(raw);
    if (!result.ok) throw new Error(`preview: ${JSON.stringify(raw)} was refused: ${result.error.code} (${result.error.message})`);
  };
  await intent({ type: 'setLanguage', lang: scenario.lang });
  const target = scenario.screen;
  if (target === 'technicianPin' || target === 'technicianWorkOrder' || target === 'diagnostics' || target === 'techQueue' || target === 'techLogs' || target === 'techSettings' || target === 'outOfService') {
    session.cardInserted();
    session.technicianCard(PREVIEW_TECHNICIAN);
    if (target !== 'technicianPin') {
      await intent({ type: 'submitPin', pin: PREVIEW_TECHNICIAN.pin });
      await until(session, (s) => screenOf(s) === 'technicianWorkOrder');
    }
    if (target !== 'technicianPin' && target !== 'technicianWorkOrder') {
      await intent({ type: 'submitWorkOrder', code: PREVIEW_TECHNICIAN.workOrder });
      await until(session, (s) => screenOf(s) === 'diagnostics');
    }
    if (target === 'techQueue' || target === 'techLogs' || target === 'techSettings') {
      await intent({ type: 'openTechnicianPage', page: target === 'techQueue' ? 'queue' : target === 'techLogs' ? 'logs' : 'settings' });
      await until(session, (s) => screenOf(s) === target);
    }
    if (target === 'outOfService') {
      await intent({ type: 'setOutOfService', on: true });
      session.cardRemoved();
      await until(session, (s) => screenOf(s) === 'outOfService');
      // Leaving a visit goes back to Arabic, as after every session.
      await intent({ type: 'setLanguage', lang: scenario.lang });
    }
  } else if (target !== 'attract') {
    session.cardInserted();
    if (target === 'error') session.cardReadFailed('malformed-data');
    else if (target === 'pin') session.pinRequired(3);
    else if (target !== 'reading') {
      session.identityRead(target === 'residency' ? PREVIEW_RESIDENT : PREVIEW_IDENTITY, true);
      const serviceId = FOR_SERVICE[target];
      if (serviceId) await intent({ type: 'chooseService', serviceId });
      if (target === 'permit') await intent({ type: 'chooseBeneficiary', beneficiaryId: 'self' });
      if (target === 'requests') await intent({ type: 'showRequests' });
      if (target === 'goodbye') await intent({ type: 'finish' });
      if (target === 'confirm' || target === 'paying' || target === 'result') await intent({ type: 'review' });
      if (target === 'paying' || target === 'result') await intent({ type: 'confirmPayment' });
    }
  }
  const state = await until(session, (s) => screenOf(s) === target && (target !== 'result' || settled(s, scenario)));
  world.script = { ...world.script, stepMs: 1500, deliverAfterMs: 4000 };
  return state;
}

/** A result is ready to look at once the receipt and the ministry's reference say what was asked. */
function settled(state: KioskState, scenario: Scenario): boolean {
  if (state.mode.kind !== 'shopper' || state.mode.session.step.screen !== 'result') return false;
  const step = state.mode.session.step;
  if (scenario.outcome !== 'approved') return true;
  if (step.receipt?.state !== (scenario.receipt === 'printing' ? 'printing' : scenario.receipt)) return false;
  return !scenario.ministry || step.submission?.ministryRef !== undefined;
}

/**
 * Ends whatever is on screen the way a shopper would, back to a clean attract screen: a running
 * payment is cancelled, then a card is inserted (which replaces any open session), refused,
 * and the shopper finishes and takes it.
 */
async function endSession({ session, core }: PreviewKiosk): Promise<void> {
  if (session.snapshot.mode.kind === 'technician') {
    session.cardRemoved();
    await until(session, (s) => s.mode.kind !== 'technician');
  }
  if (session.technician?.status().outOfService) session.technician.setOutOfService(false, { by: 'kioskctl', actor: 'preview', reason: 'preview' });
  if (screenOf(session.snapshot) === 'attract' && !session.snapshot.notice) return;
  if (screenOf(session.snapshot) === 'paying') {
    await core.dispatch({ type: 'cancelPayment' });
    await until(session, (s) => screenOf(s) === 'result');
  }
  session.cardInserted();
  session.cardReadFailed('malformed-data');
  await core.dispatch({ type: 'finish' });
  session.cardRemoved();
  await until(session, (s) => screenOf(s) === 'attract' && !s.notice);
}

function until(session: SessionService, done: (state: KioskState) => boolean, timeoutMs = 5000): Promise<KioskState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`preview: the session did not get there (it is on ${screenOf(session.snapshot)})`));
    }, timeoutMs);
    const stop = session.onState((state) => {
      if (!done(state)) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(state);
    });
  });
}
