import type { FineView, KioskState, Lang, PersonView, ScreenId, ServiceView } from '../../../main/contract';

/** Made-up people and fines for the dev preview and the unit tests: no real person's data. */
export const PERSON: PersonView = {
  givenNamesAr: 'أحمد',
  surnameAr: 'الكواري',
  givenNames: 'Ahmed',
  surname: 'Al-Kuwari',
  idNumberMasked: '2845•••••12',
  nationality: 'QAT',
  validUntil: '2029-05-31',
  expired: false,
};

const service = (id: string, category: ServiceView['category'], titleAr: string, titleEn: string, needsNetwork: boolean, available = true): ServiceView => ({
  id,
  category,
  titleAr,
  titleEn,
  descriptionAr: titleAr,
  descriptionEn: titleEn,
  needsNetwork,
  available,
  unavailableReason: available ? undefined : 'needs-network',
});

export const SERVICES: ServiceView[] = [
  service('pay-traffic-fines', 'traffic', 'سداد المخالفات المرورية', 'Pay traffic fines', true),
  service('traffic-violations-inquiry', 'traffic', 'الاستعلام عن المخالفات المرورية', 'Traffic violations inquiry', true),
  service('renew-residence-permit', 'residency', 'تجديد الإقامة', 'Renew a residence permit', false),
  service('national-address', 'general', 'تسجيل العنوان الوطني أو تحديثه', 'Register or update your national address', false),
];

export const FINES: FineView[] = [
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

export function totalOf(ids: readonly string[], fines: readonly FineView[] = FINES): number {
  return fines.filter((f) => ids.includes(f.id)).reduce((sum, f) => sum + f.amountCents, 0);
}

const allIds = FINES.map((f) => f.id);

const base = (lang: Lang): KioskState => ({
  seq: 1,
  screen: 'attract',
  lang,
  gateway: 'online',
  devices: { card: 'ready', printer: 'ready', terminal: 'ready' },
  currency: 'QAR',
  services: SERVICES,
  busy: false,
});

const withFines: Partial<KioskState> = {
  person: PERSON,
  service: SERVICES[0],
  fines: FINES,
  selectedFineIds: allIds,
  amountCents: totalOf(allIds),
};

const PER_SCREEN: Record<ScreenId, Partial<KioskState>> = {
  attract: {},
  reading: { busy: true },
  pin: { pin: { triesLeft: 2, wrong: true } },
  welcome: { person: PERSON },
  beneficiary: {
    service: SERVICES[2],
    beneficiaries: [
      { id: 'self', relation: 'self' },
      { id: 'SP-1', relation: 'employee', nameAr: 'راجيش كومار', nameEn: 'Rajesh Kumar', idNumberMasked: '356••••••71' },
    ],
  },
  form: {
    service: SERVICES[3],
    form: {
      fields: [
        { id: 'zone', kind: 'number', labelAr: 'رقم المنطقة', labelEn: 'Zone number', required: true, min: 1, max: 99 },
        { id: 'mobile', kind: 'phone', labelAr: 'رقم الجوال', labelEn: 'Mobile number', required: true },
      ],
      values: {},
      errors: {},
    },
  },
  fines: withFines,
  confirm: withFines,
  paying: { ...withFines, busy: true, payment: { phase: 'in-progress', prompt: 'insert-card' } },
  result: {
    ...withFines,
    payment: { phase: 'approved', cardType: 'VISA', panMasked: '•••• 4242', authCode: '123456' },
    submission: { localRef: 'K7-20251128-0042', delivery: 'queued' },
    receipt: { state: 'printed' },
  },
  requests: {
    requests: [
      { localRef: 'K7-20251120-0004', ministryRef: 'MOI-2025-0000099', serviceId: 'pay-traffic-fines', titleAr: 'سداد المخالفات المرورية', titleEn: 'Pay traffic fines', delivery: 'delivered', ministryStatus: 'completed', paid: true, createdAt: Date.UTC(2025, 10, 20) },
      { localRef: 'K7-20251127-0001', serviceId: 'national-address', titleAr: 'تسجيل العنوان الوطني أو تحديثه', titleEn: 'Register or update your national address', delivery: 'waiting', paid: false, createdAt: Date.UTC(2025, 10, 27) },
    ],
  },
  goodbye: {},
  error: { notice: 'card-unreadable' },
};

/** A complete, contract-valid state for one screen; overrides win. */
export function fixtureState(screen: ScreenId, lang: Lang = 'ar', overrides: Partial<KioskState> = {}): KioskState {
  return { ...base(lang), ...PER_SCREEN[screen], screen, ...overrides };
}
