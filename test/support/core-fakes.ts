import { KioskCore } from '../../main/core/kiosk-core';
import { shippedCatalog } from '../../main/config/catalog';
import { silentLogger } from '../../main/core/log';
import { type CardIdentity, type FinancialClaim, type Fine, type PaymentOutcome, type PinResult, ReceiptError, type ReceiptRequest, type SubmissionInput, type TrackedRecord, type TrackedRequests } from '../../main/core/ports';
import { type SessionDeps, SessionService } from '../../main/core/session';
import { type KioskState, type ScreenId, type Step, type StepOf, type TerminalPrompt, currentStep } from '../../main/contract';
import { launchIds } from '../../main/core/ids';
import { addDays, civilDate } from '../../shared/civil-date';
import { CodedError } from '../../shared/coded-error';

export const identity: CardIdentity = {
  profile: 'ministry',
  idNumber: '28463400123',
  givenNamesAr: 'أحمد',
  surnameAr: 'الكعبي',
  givenNames: 'Ahmed',
  surname: 'Al-Kaabi',
  nationality: 'QAT',
  validUntil: '2030-01-01',
};

export const fines: Fine[] = [
  { id: 'F1', date: '2026-10-01', offence: { ar: 'تجاوز السرعة المقررة', en: 'Speeding' }, amountCents: 50_000 },
  { id: 'F2', date: '2026-10-05', offence: { ar: 'الوقوف في مكان ممنوع', en: 'Parking in a prohibited place' }, amountCents: 30_000 },
];

const TRAFFIC = { ar: 'الإدارة العامة للمرور', en: 'General Directorate of Traffic' };
/** The card holder's claims: two a kiosk takes, a ticket only a service centre takes. */
export const claims: FinancialClaim[] = [
  { id: 'FC-1', kind: 'ticket', description: { ar: 'الإبحار بقارب دون رخصة سارية', en: 'Sailing a boat without a valid licence' }, department: { ar: 'الإدارة العامة لأمن السواحل والحدود', en: 'General Directorate of Coasts and Borders Security' }, amountCents: 100_000, issuedOn: '2026-08-06', payableAt: ['service-centre'] },
  { id: 'FC-2', kind: 'fine', description: { ar: 'غرامة التأخر في تجديد رخصة القيادة', en: 'Late renewal of the driving licence' }, department: TRAFFIC, amountCents: 5_000, issuedOn: '2026-09-20', payableAt: ['kiosk', 'website', 'app'] },
  { id: 'FC-3', kind: 'fine', description: { ar: 'غرامة التأخر في تجديد استمارة المركبة', en: 'Late renewal of the vehicle registration' }, department: TRAFFIC, amountCents: 10_000, issuedOn: '2026-10-25', payableAt: ['kiosk', 'website', 'app'] },
];
/** The employee's: the fee their permit renewal waits for (request MOI-2026-0000123). */
export const employeeClaims: FinancialClaim[] = [
  { id: 'FC-9', kind: 'service-fee', description: { ar: 'رسوم تجديد الإقامة', en: 'Residence permit renewal fee' }, department: { ar: 'الإدارة العامة للجوازات', en: 'General Directorate of Passports' }, amountCents: 50_000, issuedOn: '2026-11-27', payableAt: ['kiosk', 'website', 'app'], ministryRef: 'MOI-2026-0000123' },
];

export function approved(amountCents: number): PaymentOutcome {
  return { result: 'approved', paymentId: 'pay-1', amountCents, trace: '000087', receiptNo: '0087', cardType: 'VISA', panMasked: '************1234', authCode: 'A1B2C3', receiptLines: [] };
}

/** A terminal whose sale settles when the test says so, shaped like the real adapter. */
class ScriptedTerminal {
  sales: number[] = [];
  requestIds: (string | undefined)[] = [];
  sessionIds: (string | undefined)[] = [];
  fulfilled: [string, string][] = [];
  cancelled: string[] = [];
  markFulfilled(paymentId: string, submissionId: string): void {
    this.fulfilled.push([paymentId, submissionId]);
  }
  async cancelPaid(paymentId: string): Promise<'reversed'> {
    this.cancelled.push(paymentId);
    return 'reversed';
  }
  private settle: ((o: PaymentOutcome) => void) | undefined;
  progress: ((p: TerminalPrompt) => void) | undefined;
  sale(amountCents: number, opts: { onProgress: (p: TerminalPrompt) => void; signal: AbortSignal; requestId?: string; sessionId?: string }): Promise<PaymentOutcome> {
    this.sales.push(amountCents);
    this.requestIds.push(opts.requestId);
    this.sessionIds.push(opts.sessionId);
    this.progress = opts.onProgress;
    return new Promise((resolve) => {
      this.settle = resolve;
      opts.signal.addEventListener('abort', () => resolve({ result: 'aborted' }));
    });
  }
  finish(outcome: PaymentOutcome): void {
    this.settle?.(outcome);
  }
}

/** The clock the session reads: starts at a fixed day, moves only when a test says so. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 10, 28, 9, 0, 0)) {}
  now = (): number => this.ms;
}

/** The card holder's requests as the merge gives them: a paid one done, one still queued here. */
const REQUESTS: readonly TrackedRecord[] = [
  { localRef: 'K01-20261127-000001', channel: 'this-kiosk', serviceId: 'national-address', submittedAt: 2, history: [{ status: 'queued', at: 2 }] },
  { ministryRef: 'MOI-2026-0000099', localRef: 'K01-20261120-000004', channel: 'this-kiosk', serviceId: 'pay-traffic-fines', submittedAt: 1, history: [{ status: 'received', at: 1 }, { status: 'completed', at: 1 }] },
];

let requestCounter = 0;
/** Request ids shaped like the real ones (UUIDs), but predictable. */
const testUuid = (): string => `00000000-0000-4000-8000-${String(++requestCounter).padStart(12, '0')}`;

export function makeKiosk(options: { requests?: () => TrackedRequests; finesFail?: boolean; printFail?: string; pinResults?: PinResult[]; enqueueFail?: boolean; clock?: TestClock; deps?: Partial<SessionDeps> } = {}) {
  const clock = options.clock ?? new TestClock();
  const pinsSeen: string[] = [];
  const terminal = new ScriptedTerminal();
  const enqueued: SubmissionInput[] = [];
  const printed: ReceiptRequest[] = [];
  const events: string[] = [];
  /** Every state the session sent, to check what ever reached a screen. */
  const states: KioskState[] = [];
  const session = new SessionService({
    catalog: shippedCatalog(),
    currency: 'QAR',
    sponsors: {
      sponsoredPeople: async () => {
        if (options.finesFail) throw new CodedError('unreachable', 'down');
        return [
          { id: 'SP-emp', relation: 'employee', givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar', idNumberMasked: '356••••••71' },
          { id: 'SP-vis', relation: 'visitor', givenNamesAr: 'فاطمة', surnameAr: 'أحمد', givenNames: 'Fatima', surname: 'Ahmed', idNumberMasked: '••••••67' },
        ];
      },
    },
    permits: {
      // The employee's permit is valid 400 days from the test clock; the card holder, a Qatari, has none.
      residencePermit: async (_idNumber, personId) => {
        if (options.finesFail) throw new CodedError('unreachable', 'down');
        if (personId !== 'SP-emp') return undefined;
        return { status: 'valid', validUntil: addDays(civilDate(clock.now()), 400), idNumberMasked: '356••••••71' };
      },
    },
    visas: {
      // The visitor's family visit visa ends 20 days from the test clock; nobody else holds one.
      visa: async (_idNumber, personId) => {
        if (options.finesFail) throw new CodedError('unreachable', 'down');
        if (personId !== 'SP-vis') return undefined;
        return { visaNumber: '3120045817', type: 'family-visit', status: 'valid', validUntil: addDays(civilDate(clock.now()), 20), passportMasked: '••••••67' };
      },
    },
    residency: {
      // A resident (not the Qatari card holder) of 13 years: not yet, from a day 7 years on.
      permanentResidency: async (idNumber) => {
        if (options.finesFail) throw new CodedError('unreachable', 'down');
        if (idNumber === identity.idNumber) return undefined;
        return { status: 'not-yet-eligible', reasons: ['residence-period'], residenceYears: 13, requiredYears: 20, eligibleFrom: '2033-08-12' };
      },
    },
    requests: {
      requestsOf: async () => (options.requests ? options.requests() : { ministry: 'answered', people: [{ personId: 'self', requests: [...REQUESTS] }] }),
    },
    card: {
      cancelPin: () => {
        events.push('cancel-pin');
      },
      submitPin: async (pin) => {
        pinsSeen.push(pin);
        return options.pinResults?.shift() ?? { result: 'ok' };
      },
    },
    log: silentLogger,
    clock,
    ids: launchIds(clock.now(), testUuid),
    timings: { idleWarningMs: 1000, warningCountdownMs: 500, goodbyeMs: 300 },
    claims: {
      financialClaims: async (_idNumber, personId) => {
        if (options.finesFail) throw new CodedError('unreachable', 'down');
        return (personId === undefined ? claims : personId === 'SP-emp' ? employeeClaims : []).map((c) => ({ ...c }));
      },
    },
    fines: {
      trafficFines: async () => {
        if (options.finesFail) throw new CodedError('gateway-unavailable', 'down');
        return fines.map((f) => ({ ...f }));
      },
    },
    payment: terminal,
    submissions: {
      enqueue: (input) => {
        if (options.enqueueFail) throw new CodedError('key-unavailable', 'disk full');
        enqueued.push(input);
        events.push('enqueued');
        return { id: `sub-${enqueued.length}`, localRef: `K01-20261128-00000${enqueued.length}` };
      },
    },
    receipts: {
      print: async (r) => {
        events.push('print');
        if (options.printFail) throw new ReceiptError(options.printFail, 7);
        printed.push(r);
        return { jobId: printed.length };
      },
      reprint: async (jobId) => {
        events.push(`reprint:${jobId}`);
        return { jobId };
      },
    },
    ...options.deps,
  });
  const core = new KioskCore(session, silentLogger);
  session.onState((s) => {
    states.push(s);
    events.push(`screen:${currentStep(s).screen}`);
  });
  const at = <S extends ScreenId>(screen: S): StepOf<S> => stepAt(session.snapshot, screen);
  return { session, core, terminal, enqueued, printed, events, states, pinsSeen, clock, at, step: () => currentStep(session.snapshot) };
}

/** The state's step, which must be the given screen's: a test names where it expects to be. */
function stepAt<S extends ScreenId>(state: KioskState, screen: S): StepOf<S> {
  const step: Step = currentStep(state);
  if (step.screen !== screen) throw new Error(`expected the ${screen} screen, the session is on ${step.screen}`);
  return step as StepOf<S>;
}

export const tick = () => new Promise((r) => setImmediate(r));
