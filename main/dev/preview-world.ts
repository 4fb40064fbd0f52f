import { addDays, civilDate } from '../../shared/civil-date';
import type { TerminalPrompt } from '../contract';
import {
  type CardIdentity,
  type CardPort,
  type ClaimsPort,
  type FinancialClaim,
  type Fine,
  type FinesPort,
  type PaymentOutcome,
  type PaymentPort,
  type PermitsPort,
  type PinResult,
  ReceiptError,
  type ReceiptPort,
  type RequestsPort,
  type ResidencePermit,
  type SponsoredPerson,
  type SponsorsPort,
  type SubmissionInput,
  type ResidencyEligibility,
  type ResidencyPort,
  type Visa,
  type VisasPort,
  type SubmissionPort,
  type TrackedRecord,
  type TrackedRequests,
} from '../core/ports';
import { CodedError } from '../../shared/coded-error';

/**
 * In-memory devices and ministry for the dev preview: the real session runs over them, so what
 * the preview shows is what main would send. Made-up people only. Each fake keeps the rule of the
 * thing it stands for (a PIN has three tries, a sale can be aborted, a receipt can fail and be
 * printed again), and each can be scripted for the screen a developer wants to look at.
 */
/** A resident's card, for the screens only a resident reaches (permanent residency). */
export const PREVIEW_RESIDENT: CardIdentity = {
  profile: 'ministry',
  idNumber: '28235600456',
  givenNamesAr: 'أنيل',
  surnameAr: 'ميناكشي',
  givenNames: 'Anil',
  surname: 'Meenakshi',
  nationality: 'IND',
  validUntil: '2029-04-30',
};

export const PREVIEW_IDENTITY: CardIdentity = {
  profile: 'ministry',
  idNumber: '28563400417',
  givenNamesAr: 'مريم',
  surnameAr: 'السليطي',
  givenNames: 'Mariam',
  surname: 'Al-Sulaiti',
  nationality: 'QAT',
  validUntil: '2030-03-31',
};

const PREVIEW_FINES: readonly Fine[] = [
  { id: 'PV-201', date: '2026-08-03', offence: { ar: 'تجاوز الإشارة الضوئية الحمراء', en: 'Running a red light' }, place: { ar: 'شارع سلوى', en: 'Salwa Road' }, plate: '271903', amountCents: 60_000 },
  { id: 'PV-202', date: '2026-09-17', offence: { ar: 'استخدام الهاتف أثناء القيادة', en: 'Using a phone while driving' }, place: { ar: 'الطريق الدائري الثالث', en: 'C Ring Road' }, plate: '271903', amountCents: 50_000 },
];

const TRAFFIC = { ar: 'الإدارة العامة للمرور', en: 'General Directorate of Traffic' };
/** The card holder's own claims: one a kiosk takes, one only a service centre does. */
const PREVIEW_CLAIMS: readonly FinancialClaim[] = [
  { id: 'PV-C1', kind: 'fine', description: { ar: 'غرامة التأخر في تجديد رخصة القيادة', en: 'Late renewal of the driving licence' }, department: TRAFFIC, amountCents: 5_000, issuedOn: '2026-09-20', payableAt: ['kiosk', 'website', 'app'] },
  { id: 'PV-C2', kind: 'ticket', description: { ar: 'الإبحار بقارب دون رخصة سارية', en: 'Sailing a boat without a valid licence' }, department: { ar: 'الإدارة العامة لأمن السواحل والحدود', en: 'General Directorate of Coasts and Borders Security' }, amountCents: 100_000, issuedOn: '2026-08-06', payableAt: ['service-centre'] },
];

const SPONSORED: readonly SponsoredPerson[] = [
  { id: 'PV-SP-1', relation: 'employee', givenNamesAr: 'أنيل', surnameAr: 'ميناكشي', givenNames: 'Anil', surname: 'Meenakshi', idNumberMasked: '357••••••18' },
  { id: 'PV-SP-2', relation: 'visitor', givenNamesAr: 'سلمى', surnameAr: 'حداد', givenNames: 'Salma', surname: 'Haddad', idNumberMasked: '••••••42' },
];

const HOUR = 3_600_000;
/** What the ministry lists for the preview's card holder and their employee, hours before `now`. */
function earlier(now: number): TrackedRequests['people'] {
  const at = (hoursAgo: number) => now - hoursAgo * HOUR;
  return [
    {
      personId: 'self',
      requests: [
        {
          ministryRef: 'MOI-2026-0081532',
          channel: 'website',
          serviceId: 'renew-vehicle-registration',
          submittedAt: at(144),
          history: [
            { status: 'received', at: at(144) },
            { status: 'awaiting-payment', at: at(142), note: { ar: 'توجد مخالفات مرورية غير مدفوعة.', en: 'There are unpaid traffic fines.' } },
          ],
          expectedNext: { ar: 'تُجدَّد الاستمارة بعد سداد المخالفات.', en: 'The registration is renewed once the fines are paid.' },
          outstandingFee: { amountCents: 110_000, serviceId: 'pay-traffic-fines' },
        },
        { ministryRef: 'MOI-2026-0004411', localRef: 'PV-20261002-000003', channel: 'this-kiosk', serviceId: 'pay-traffic-fines', submittedAt: at(600), history: [{ status: 'received', at: at(600) }, { status: 'completed', at: at(590) }] },
      ],
    },
    {
      personId: SPONSORED[0]!.id,
      person: SPONSORED[0]!,
      requests: [
        {
          ministryRef: 'MOI-2026-0079310',
          channel: 'service-centre',
          serviceId: 'replace-residence-card',
          submittedAt: at(96),
          history: [{ status: 'received', at: at(96) }, { status: 'awaiting-visit', at: at(48) }],
          visit: { where: 'service-centre', reason: { ar: 'البطاقة جاهزة للاستلام.', en: 'The card is ready to collect.' } },
        },
      ],
    },
  ];
}

export type PreviewOutcome = 'approved' | 'declined' | 'aborted' | 'failed';

export interface PreviewScript {
  /** What the terminal answers once its prompts have run. */
  outcome: PreviewOutcome;
  /** Hold the sale at this prompt until the shopper cancels (to look at one prompt). */
  holdAt?: TerminalPrompt;
  /** The receipt: printed, a paper-out failure, or still printing. */
  receipt: 'printed' | 'failed' | 'printing';
  /** The ministry acknowledges a submission after this long (never when undefined). */
  deliverAfterMs?: number;
  /** Pause between terminal prompts and before printing, so a person can watch them. */
  stepMs: number;
}

const DEFAULT_SCRIPT: PreviewScript = { outcome: 'approved', receipt: 'printed', deliverAfterMs: 4000, stepMs: 1500 };

const PROMPTS: readonly TerminalPrompt[] = ['insert-card', 'enter-pin', 'processing', 'remove-card'];
const PIN = '1234';

export class PreviewWorld implements CardPort, FinesPort, ClaimsPort, SponsorsPort, PermitsPort, VisasPort, ResidencyPort, RequestsPort, PaymentPort, SubmissionPort, ReceiptPort {
  script: PreviewScript = { ...DEFAULT_SCRIPT };
  pinTries = 3;
  /** Called when the ministry acknowledges a submission (the session's submissionDelivered). */
  onDelivered: (id: string, ministryRef: string) => void = () => undefined;
  /** Called when the card has read its identity after the right PIN (the card wiring's identityRead). */
  onIdentity: (identity: CardIdentity) => void = () => undefined;
  private readonly recorded: TrackedRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failedJobs = new Set<number>();
  private jobs = 0;

  constructor(private readonly clock: { now(): number }) {}

  /** Forgets every pending step (a new scenario starts). */
  reset(script: Partial<PreviewScript> = {}): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.script = { ...DEFAULT_SCRIPT, ...script };
    this.pinTries = 3;
  }

  async submitPin(pin: string): Promise<PinResult> {
    if (this.pinTries === 0) return { result: 'blocked' };
    if (pin === PIN) {
      this.pinTries = 3;
      // As a real card does, the read goes on once the PIN is verified.
      this.later(this.script.stepMs, () => this.onIdentity(PREVIEW_IDENTITY));
      return { result: 'ok' };
    }
    this.pinTries--;
    return this.pinTries === 0 ? { result: 'blocked' } : { result: 'wrong', triesLeft: this.pinTries };
  }

  cancelPin(): void {}

  async trafficFines(): Promise<Fine[]> {
    return PREVIEW_FINES.map((f) => ({ ...f }));
  }

  /** The card holder owes the claims above; the sponsored employee nothing. */
  async financialClaims(_idNumber: string, personId?: string): Promise<FinancialClaim[]> {
    return personId === undefined ? PREVIEW_CLAIMS.map((c) => ({ ...c })) : [];
  }

  async sponsoredPeople(): Promise<SponsoredPerson[]> {
    return [...SPONSORED];
  }

  /** The card holder's own permit ends in 40 days (renewal is open); a sponsored person's as listed. */
  async residencePermit(_idNumber: string, personId?: string): Promise<ResidencePermit | undefined> {
    const day = (offset: number) => addDays(civilDate(this.clock.now()), offset);
    if (personId === undefined) return { status: 'valid', validUntil: day(40), idNumberMasked: '285••••••17' };
    const person = SPONSORED.find((p) => p.id === personId);
    return person?.documentValidUntil && person.relation !== 'visitor' ? { status: 'valid', validUntil: person.documentValidUntil, idNumberMasked: person.idNumberMasked } : undefined;
  }

  /** The visitor's family visit visa ends in 30 days: the answer offers its extension here. */
  async visa(_idNumber: string, personId: string): Promise<Visa | undefined> {
    if (personId !== 'PV-SP-2') return undefined;
    const validUntil = addDays(civilDate(this.clock.now()), 30);
    return { visaNumber: '3120045817', type: 'family-visit', status: 'valid', validUntil, passportMasked: '••••••42' };
  }

  /** A resident of 22 years with a valid permit may apply; a Qatari (the preview's own card) is not concerned. */
  async permanentResidency(idNumber: string): Promise<ResidencyEligibility | undefined> {
    if (idNumber.slice(3, 6) === '634') return undefined;
    return { status: 'eligible', reasons: [], residenceYears: 22, requiredYears: 20 };
  }

  async requestsOf(): Promise<TrackedRequests> {
    const [self, ...others] = earlier(this.clock.now());
    return { ministry: 'answered', people: [{ ...self!, requests: [...this.recorded, ...self!.requests] }, ...others] };
  }

  async sale(amountCents: number, opts: { onProgress: (prompt: TerminalPrompt) => void; signal: AbortSignal }): Promise<PaymentOutcome> {
    const { outcome, holdAt, stepMs } = this.script;
    const prompts = holdAt ? [holdAt] : PROMPTS;
    for (const prompt of prompts) {
      if (opts.signal.aborted) return { result: 'aborted' };
      opts.onProgress(prompt);
      if (!(await this.wait(stepMs, opts.signal))) return { result: 'aborted' };
    }
    if (holdAt && !(await this.wait(Number.POSITIVE_INFINITY, opts.signal))) return { result: 'aborted' };
    switch (outcome) {
      case 'approved':
        return { result: 'approved', paymentId: `pv-pay-${this.clock.now()}`, amountCents, cardType: 'VISA', panMasked: '•••• 4242', authCode: '318204', receiptLines: [] };
      case 'declined':
        return { result: 'declined', code: 0x05, reason: 'declined' };
      case 'aborted':
        return { result: 'aborted' };
      case 'failed':
        return { result: 'unknown', reason: 'terminal-error' };
    }
  }

  markFulfilled(): void {}

  async cancelPaid(): Promise<'reversed'> {
    return 'reversed';
  }

  enqueue(input: SubmissionInput): { id: string; localRef: string } {
    const n = this.recorded.length + 1;
    const day = civilDate(this.clock.now()).replaceAll('-', '');
    const entry = { id: `pv-sub-${n}`, localRef: `PV-${day}-${String(n).padStart(6, '0')}` };
    this.recorded.unshift({ localRef: entry.localRef, channel: 'this-kiosk', serviceId: input.serviceId, submittedAt: this.clock.now(), history: [{ status: 'queued', at: this.clock.now() }] });
    const { deliverAfterMs } = this.script;
    if (deliverAfterMs !== undefined) this.later(deliverAfterMs, () => this.onDelivered(entry.id, `MOI-2026-${String(7_000_000 + n)}`));
    return entry;
  }

  async print(): Promise<{ jobId: number }> {
    return this.printJob(++this.jobs);
  }

  async reprint(jobId: number): Promise<{ jobId: number }> {
    if (!this.failedJobs.has(jobId)) throw new CodedError('not-reprintable', 'nothing to reprint');
    this.failedJobs.delete(jobId);
    this.script = { ...this.script, receipt: 'printed' };
    return this.printJob(jobId);
  }

  private async printJob(jobId: number): Promise<{ jobId: number }> {
    const { receipt, stepMs } = this.script;
    if (receipt === 'printing') await this.wait(Number.POSITIVE_INFINITY);
    else await this.wait(stepMs);
    if (receipt === 'failed') {
      this.failedJobs.add(jobId);
      throw new ReceiptError('paper-out', jobId);
    }
    return { jobId };
  }

  /** Resolves true after `ms`, false if aborted first; never resolves for Infinity unless aborted. */
  private wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      signal?.addEventListener('abort', () => resolve(false), { once: true });
      if (Number.isFinite(ms)) this.later(ms, () => resolve(true));
    });
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
