import { initialDeviceStates } from '../../../main/core/device-states';
import { type BeneficiaryView, type FineView, KioskState, type Lang, type PersonView, type ScreenId, type ServiceView, type ShopperStep, type Step, type StepOf } from '../../../main/contract';

/** Made-up people and fines for the renderer's tests: no real person's data. */
const PERSON: PersonView = {
  givenNamesAr: 'أحمد',
  surnameAr: 'الكواري',
  givenNames: 'Ahmed',
  surname: 'Al-Kuwari',
  idNumberMasked: '2845•••••12',
  nationality: 'QAT',
  validUntil: '2029-05-31',
  expired: false,
  verified: true,
};

const PRICING: Record<string, ServiceView['pricing']> = { 'pay-traffic-fines': 'by-inquiry', 'traffic-violations-inquiry': 'read-only', 'national-address': 'free' };
const service = (id: string, category: ServiceView['category'], titleAr: string, titleEn: string, needsNetwork: boolean, available = true): ServiceView => ({
  id,
  category,
  titleAr,
  titleEn,
  descriptionAr: titleAr,
  descriptionEn: titleEn,
  needsNetwork,
  pricing: PRICING[id] ?? 'fee',
  ...(PRICING[id] ? {} : { feeFromCents: 50_000, feeVaries: true }),
  available,
  unavailableReason: available ? undefined : 'needs-network',
});

const SERVICES: ServiceView[] = [
  service('pay-traffic-fines', 'traffic', 'سداد المخالفات المرورية', 'Pay traffic fines', true),
  service('traffic-violations-inquiry', 'traffic', 'الاستعلام عن المخالفات المرورية', 'Traffic violations inquiry', true),
  service('renew-residence-permit', 'residency', 'تجديد الإقامة', 'Renew a residence permit', false),
  service('national-address', 'general', 'تسجيل العنوان الوطني أو تحديثه', 'Register or update your national address', false),
];

const FINES: FineView[] = [
  {
    id: 'F-1001',
    date: '2025-09-14',
    offenceAr: 'تجاوز السرعة المقررة',
    offenceEn: 'Exceeding the speed limit',
    placeAr: 'طريق الدوحة السريع',
    placeEn: 'Doha Expressway',
    plate: '123456',
    amountCents: 50_000,
  },
  {
    id: 'F-1002',
    date: '2025-10-02',
    offenceAr: 'عدم ربط حزام الأمان',
    offenceEn: 'Not wearing a seat belt',
    placeAr: 'شارع الكورنيش',
    placeEn: 'Corniche Street',
    plate: '123456',
    amountCents: 50_000,
  },
  {
    id: 'F-1003',
    date: '2025-11-20',
    offenceAr: 'الوقوف في مكان ممنوع',
    offenceEn: 'Parking in a prohibited place',
    placeAr: 'الخليج الغربي',
    placeEn: 'West Bay',
    amountCents: 30_000,
  },
];

function totalOf(ids: readonly string[], fines: readonly FineView[] = FINES): number {
  return fines.filter((f) => ids.includes(f.id)).reduce((sum, f) => sum + f.amountCents, 0);
}

const allIds = FINES.map((f) => f.id);
const SELF: BeneficiaryView = { id: 'self', relation: 'self' };
const finesPaid = { flow: 'fines', amountCents: totalOf(allIds) } as const;

/** Each screen's step as main would send it. */
const STEPS: { [S in ScreenId]: StepOf<S> } = {
  attract: { screen: 'attract' },
  reading: { screen: 'reading' },
  pin: { screen: 'pin', triesLeft: 2, wrong: true },
  welcome: { screen: 'welcome', person: PERSON, services: SERVICES, featured: ['pay-traffic-fines', 'renew-residence-permit'] },
  beneficiary: {
    screen: 'beneficiary',
    service: SERVICES[2]!,
    beneficiaries: [SELF, { id: 'SP-1', relation: 'employee', nameAr: 'راجيش كومار', nameEn: 'Rajesh Kumar', idNumberMasked: '356••••••71' }],
  },
  form: {
    screen: 'form',
    service: SERVICES[3]!,
    form: {
      fields: [
        { id: 'zone', kind: 'number', labelAr: 'رقم المنطقة', labelEn: 'Zone number', required: true, min: 1, max: 99 },
        { id: 'mobile', kind: 'phone', labelAr: 'رقم الجوال', labelEn: 'Mobile number', required: true },
      ],
      values: {},
      errors: {},
    },
  },
  fines: { screen: 'fines', flow: 'fines', fines: FINES, readOnly: false, selectedFineIds: allIds, amountCents: totalOf(allIds) },
  permit: {
    screen: 'permit',
    service: SERVICES[2]!,
    beneficiary: { id: 'SP-1', relation: 'employee', nameAr: 'راجيش كومار', nameEn: 'Rajesh Kumar', idNumberMasked: '356••••••71' },
    permit: { status: 'valid', validUntil: '2026-02-10', idNumberMasked: '356••••••71', next: 'renew-now', daysLeft: 74 },
  },
  visa: {
    screen: 'visa',
    service: SERVICES[2]!,
    beneficiary: { id: 'SP-3', relation: 'visitor', nameAr: 'فاطمة أحمد', nameEn: 'Fatima Ahmed', idNumberMasked: '••••••67' },
    visa: { visaNumber: '3120045817', type: 'family-visit', status: 'valid', validUntil: '2026-12-25', passportMasked: '••••••67', next: 'extend-here', daysLeft: 21 },
  },
  residency: {
    screen: 'residency',
    service: SERVICES[2]!,
    eligibility: { status: 'not-yet-eligible', reasons: ['residence-period'], residenceYears: 13, requiredYears: 20, eligibleFrom: '2033-08-12', next: 'wait' },
  },
  confirm: {
    screen: 'confirm',
    ...finesPaid,
    service: SERVICES[0]!,
    beneficiary: SELF,
    beneficiaryChangeable: false,
    answers: [],
    fees: FINES.map((f) => ({ labelAr: f.offenceAr, labelEn: f.offenceEn, amountCents: f.amountCents })),
    fineCount: allIds.length,
  },
  paying: { screen: 'paying', ...finesPaid, payment: { phase: 'in-progress', prompt: 'insert-card' } },
  result: {
    screen: 'result',
    ...finesPaid,
    payment: { phase: 'approved', cardType: 'VISA', panMasked: '•••• 4242', authCode: '123456' },
    submission: { localRef: 'K7-20251128-0042', delivery: 'queued' },
    receipt: { state: 'printed' },
  },
  requests: {
    screen: 'requests',
    ministry: 'answered',
    people: [
      {
        id: 'self',
        relation: 'self',
        requests: [
          {
            reference: 'MOI-2025-0081532',
            channel: 'website',
            serviceId: 'renew-vehicle-registration',
            titleAr: 'تجديد استمارة المركبة',
            titleEn: 'Renew vehicle registration',
            submittedAt: Date.UTC(2025, 10, 22, 7),
            history: [
              { status: 'received', at: Date.UTC(2025, 10, 22, 7) },
              { status: 'awaiting-payment', at: Date.UTC(2025, 10, 22, 9), noteAr: 'توجد مخالفات مرورية غير مدفوعة.', noteEn: 'There are unpaid traffic fines.' },
            ],
            nextAr: 'تُجدَّد الاستمارة بعد سداد المخالفات.',
            nextEn: 'The registration is renewed once the fines are paid.',
            action: { kind: 'pay-here', amountCents: 80_000, serviceId: 'pay-traffic-fines' },
          },
          {
            reference: 'K7-20251127-000001',
            channel: 'this-kiosk',
            serviceId: 'national-address',
            titleAr: 'تسجيل العنوان الوطني أو تحديثه',
            titleEn: 'Register or update your national address',
            submittedAt: Date.UTC(2025, 10, 27),
            history: [{ status: 'queued', at: Date.UTC(2025, 10, 27) }],
          },
        ],
      },
      {
        id: 'SP-1',
        relation: 'employee',
        nameAr: 'راجيش كومار',
        nameEn: 'Rajesh Kumar',
        idNumberMasked: '356••••••71',
        requests: [
          {
            reference: 'MOI-2025-0079310',
            channel: 'service-centre',
            serviceId: 'replace-residence-card',
            titleAr: 'بدل فاقد أو تالف للبطاقة الشخصية',
            titleEn: 'Replace a lost or damaged ID card (QID)',
            submittedAt: Date.UTC(2025, 10, 20, 9),
            history: [{ status: 'awaiting-visit', at: Date.UTC(2025, 10, 24, 12) }],
            action: { kind: 'visit', where: 'service-centre', reasonAr: 'البطاقة جاهزة للاستلام.', reasonEn: 'The card is ready to collect.' },
          },
        ],
      },
    ],
  },
  goodbye: { screen: 'goodbye' },
  error: { screen: 'error' },
  technicianPin: { screen: 'technicianPin', wrong: true, triesLeft: 2, notConfigured: false },
  technicianWorkOrder: { screen: 'technicianWorkOrder', refused: 'expired', triesLeft: 3 },
  diagnostics: {
    screen: 'diagnostics',
    devices: {
      ...initialDeviceStates(Date.UTC(2025, 10, 28, 9)),
      printer: { status: 'userError', reason: 'paper-out', since: Date.UTC(2025, 10, 28, 9), paper: 'out' },
      terminal: { status: 'online', since: Date.UTC(2025, 10, 28, 9), ready: true, terminalId: '52001234', hostLink: 'ok' },
    },
    faultCounts: { cardReader: 0, printer: 2, terminal: 0, gateway: 1, disk: 0, database: 0, config: 0 },
    tests: [
      { kind: 'printer', state: 'failed', code: 'paper-out', details: { paperBefore: 'out', paperAfter: 'out', jobId: 7 }, at: Date.UTC(2025, 10, 28, 9, 5) },
      { kind: 'gateway', state: 'passed', details: { latencyMs: 42 }, at: Date.UTC(2025, 10, 28, 9, 6) },
    ],
    outOfService: false,
  },
  techQueue: {
    screen: 'techQueue',
    queue: {
      counts: { queued: 3, sending: 1, delivered: 41, rejected: 1, expired: 0, setAside: 0, paidDead: 1 },
      oldestWaitingAgeMs: 25 * 60_000,
      deadLetters: [
        {
          id: 'c5b1d7e2-0001',
          localRef: 'K7-20251128-0042',
          serviceId: 'renew-residence-permit',
          title: { ar: 'تجديد الإقامة', en: 'Renew a residence permit' },
          state: 'rejected',
          attempts: 2,
          updatedAt: Date.UTC(2025, 10, 28, 9),
          rejectCode: 'amount-mismatch',
          payment: { id: 'pay-0042', state: 'refund-owed', amountCents: 50_000, currency: 'QAR', createdAt: Date.UTC(2025, 10, 28, 8), trace: 117, receiptNo: 42, terminalId: '52001234' },
        },
      ],
      deadLettersMore: 0,
      payments: [{ id: 'pay-0042', state: 'refund-owed', amountCents: 50_000, currency: 'QAR', createdAt: Date.UTC(2025, 10, 28, 8), trace: 117, receiptNo: 42, localRef: 'K7-20251128-0042' }],
      paymentsMore: 0,
    },
    last: { action: 'drain', result: 'done', count: 3, at: Date.UTC(2025, 10, 28, 9, 10) },
  },
  techLogs: {
    screen: 'techLogs',
    logs: {
      device: 'printer',
      lines: [
        { seq: 41, at: Date.UTC(2025, 10, 28, 9, 7, 5), level: 'info', source: 'printer', event: 'device-state', fields: { status: 'online', previous: 'userError' } },
        { seq: 37, at: Date.UTC(2025, 10, 28, 9, 5, 12), level: 'warn', source: 'printer', event: 'device-state', fields: { status: 'userError', previous: 'online', reason: 'paper-out' } },
      ],
      more: 3,
      counters: { card: { warnings: 0, errors: 0 }, printer: { warnings: 2, errors: 0 }, terminal: { warnings: 0, errors: 0 }, gateway: { warnings: 1, errors: 1 }, kiosk: { warnings: 0, errors: 0 } },
      since: Date.UTC(2025, 10, 28, 8),
    },
  },
  techSettings: {
    screen: 'techSettings',
    settings: {
      settings: [
        { key: 'reader', inForce: 'Virtual PCD', configured: 'Virtual PCD' },
        { key: 'printer-port', inForce: '/dev/ttyS0', configured: '/dev/ttyS0', override: { value: '/dev/ttyUSB1', by: '290••••••77', at: Date.UTC(2025, 10, 28, 9, 12) } },
        { key: 'printer-baud', inForce: 115_200, configured: 115_200 },
        { key: 'terminal-port', inForce: '/dev/ttyS1', configured: '/dev/ttyS1' },
      ],
      pending: ['printer'],
    },
    choices: [
      { key: 'reader', values: ['Virtual PCD'] },
      { key: 'printer-port', values: ['/dev/ttyS0', '/dev/ttyUSB1', '/dev/ttyS1'] },
      { key: 'printer-baud', values: [115_200, 9600, 38_400] },
      { key: 'terminal-port', values: ['/dev/ttyS1', '/dev/ttyS0', '/dev/ttyUSB1'] },
    ],
    last: { action: 'set', result: 'done', key: 'printer-port', at: Date.UTC(2025, 10, 28, 9, 12) },
  },
  outOfService: { screen: 'outOfService', alternative: { ar: 'أقرب جهاز عند المدخل الرئيسي', en: 'The nearest kiosk is at the main entrance' } },
};

/** What main says alongside some steps: it is reading the card, or why the screen changed. */
const FACTS: Partial<Record<ScreenId, Partial<KioskState>>> = {
  reading: { busy: true },
  paying: { busy: true },
  error: { notice: 'card-unreadable' },
};

type Facts = Partial<Omit<KioskState, 'mode'>>;

function modeOf(step: Step): KioskState['mode'] {
  if (step.screen === 'attract' || step.screen === 'goodbye' || step.screen === 'error') return { kind: 'attract', step: { screen: step.screen } };
  if (step.screen === 'technicianPin' || step.screen === 'technicianWorkOrder' || step.screen === 'diagnostics' || step.screen === 'techQueue' || step.screen === 'techLogs' || step.screen === 'techSettings') return { kind: 'technician', visit: { technician: '290••••••77', step } };
  if (step.screen === 'outOfService') return { kind: 'outOfService', step };
  return { kind: 'shopper', session: { step: step as ShopperStep } };
}

/**
 * A complete state for one screen, checked against the contract (a fixture main could never send
 * fails here); `overrides.step` changes the step's own fields, the rest the kiosk's.
 */
export function fixtureState<S extends ScreenId>(screen: S, lang: Lang = 'ar', overrides: Facts & { step?: Partial<StepOf<S>> } = {}): KioskState {
  const { step, ...facts } = overrides;
  const base: KioskState = {
    seq: 1,
    lang,
    gateway: 'online',
    devices: { card: 'ready', printer: 'ready', terminal: 'ready' },
    offer: { inService: true, paid: true, receipt: 'paper' },
    currency: 'QAR',
    busy: false,
    mode: modeOf({ ...STEPS[screen], ...step } as Step),
  };
  return KioskState.parse({ ...base, ...FACTS[screen], ...facts });
}
