import { DEMO_QID, demoSponsoredPeople, seededRandom } from './demo-data';
import type { LocalizedText, OutstandingFee, RequestChannel, RequestVisit, SponsoredPerson, StatusChange, TrackedRequest, TrackedStatus } from './schemas';

/**
 * Deterministic demo requests made through the ministry's other channels (website, Metrash,
 * other kiosks, service centres), consistent with the demo sponsorships and fines: the demo card
 * holder's vehicle registration waits for the traffic fines the fines inquiry lists. Times are
 * relative to `now`, so a demo always shows recent requests. The family member's ID card waits
 * for its fee, which the financial-claims inquiry lists under the same reference (demo-claims.ts),
 * and moves on once it is paid. Nothing here is real data.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Template {
  serviceId: string;
  title: LocalizedText;
  channel: RequestChannel;
  /** Each status with how many hours before `now` it was reached, oldest first. */
  steps: readonly [TrackedStatus, number, LocalizedText?][];
  expectedNext?: LocalizedText;
  outstandingFee?: OutstandingFee;
  /** Once the outstanding fee is paid: what the ministry says next. */
  afterPayment?: LocalizedText;
  visit?: RequestVisit;
}

const VEHICLE_REGISTRATION: LocalizedText = { ar: 'تجديد استمارة المركبة', en: 'Renew vehicle registration' };

/** A request made elsewhere: its service and name, the channel, its stages, and what else it says. */
function made(serviceId: string, title: LocalizedText, channel: RequestChannel, steps: Template['steps'], more: Omit<Template, 'serviceId' | 'title' | 'channel' | 'steps'> = {}): Template {
  return { serviceId, title, channel, steps, ...more };
}

/** Stages are given in hours before `now`; most are whole days. */
const days = (n: number) => n * 24;

/** What the demo card holder sees for themselves besides their fines-bound registration renewal. */
const DEMO_OWN: readonly Template[] = [
  made('police-clearance-certificate', { ar: 'شهادة حسن السيرة والسلوك', en: 'Police clearance certificate' }, 'app', [
    ['received', days(20)],
    ['in-review', days(19)],
    ['completed', days(17), { ar: 'صدرت الشهادة، ويمكن طباعتها من تطبيق مطراش.', en: 'The certificate was issued; it can be printed from the Metrash app.' }],
  ]),
  made('replace-driving-licence', { ar: 'بدل فاقد أو تالف لرخصة القيادة', en: 'Replace a lost or damaged driving licence' }, 'service-centre', [
    ['received', days(4)],
    ['awaiting-visit', days(2)],
  ], {
    expectedNext: { ar: 'تُسلَّم الرخصة الجديدة عند الحضور.', en: 'The new licence is handed over in person.' },
    visit: { where: 'service-centre', reason: { ar: 'الرخصة جاهزة للاستلام من مركز الخدمة الذي قُدِّم فيه الطلب.', en: 'The licence is ready to collect at the service centre where the request was made.' } },
  }),
];

/** The demo card's sponsored people, in the order demoSponsoredPeople gives them. */
const DEMO_SPONSORED: readonly (readonly Template[])[] = [
  [
    made('renew-residence-permit', { ar: 'تجديد الإقامة', en: 'Renew a residence permit' }, 'website', [
      ['received', days(3)],
      ['in-review', days(2)],
    ], { expectedNext: { ar: 'تراجع الإدارة الطلب خلال 3 أيام عمل.', en: 'The department reviews the request within 3 working days.' } }),
  ],
  [
    made('citizen-id-card', { ar: 'إصدار بطاقة شخصية للمواطنين أو تجديدها', en: 'Issue or renew a citizen ID card' }, 'service-centre', [
      ['received', 30],
      ['awaiting-payment', 29, { ar: 'لم تُدفع رسوم التجديد بعد.', en: 'The renewal fee has not been paid yet.' }],
    ], {
      expectedNext: { ar: 'تُطبع البطاقة بعد دفع الرسوم.', en: 'The card is printed once the fee is paid.' },
      outstandingFee: { amountCents: 100_00, serviceId: 'pay-financial-claims' },
      afterPayment: { ar: 'تُطبع البطاقة وتُسلَّم في مركز الخدمة.', en: 'The card is printed and handed over at the service centre.' },
    }),
    made('qatari-passport', { ar: 'إصدار جواز سفر أو تجديده', en: 'Issue or renew a Qatari passport' }, 'app', [
      ['received', days(10)],
      ['in-review', days(9)],
      ['completed', days(6), { ar: 'صدر الجواز وسُلِّم.', en: 'The passport was issued and handed over.' }],
    ]),
  ],
  [
    made('extend-visit-visa', { ar: 'تمديد تأشيرة الزيارة', en: 'Extend a visit visa' }, 'website', [
      ['received', days(8)],
      ['rejected', days(7), { ar: 'يجب أن يكون جواز السفر صالحًا 6 أشهر على الأقل.', en: 'The passport must be valid for at least 6 months.' }],
    ], { expectedNext: { ar: 'يمكن تقديم طلب جديد بجواز سفر صالح 6 أشهر على الأقل.', en: 'A new request can be made with a passport valid for at least 6 months.' } }),
  ],
];

/** Templates other card holders' requests are drawn from. */
const OTHERS: readonly Template[] = [...DEMO_OWN, ...DEMO_SPONSORED.flat()];

/** The ministry reference of a sponsored person's demo request (the claims inquiry quotes it for a fee). */
export const demoRequestRef = (idNumber: string, personId: string, index: number) => refOf(`${idNumber}#${personId}#${index}`);

function refOf(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return `MOI-2026-${String((h >>> 0) % 10_000_000).padStart(7, '0')}`;
}

const FEE_PAID_NOTE: LocalizedText = { ar: 'دُفعت الرسوم.', en: 'The fee was paid.' };

/** `feesPaidAt`: when a request's outstanding fee was paid (ms), by its ministry reference. */
function build(t: Template, ref: string, now: number, feesPaidAt?: ReadonlyMap<string, number>): TrackedRequest {
  const history: StatusChange[] = t.steps.map(([status, hoursAgo, note]) => ({ status, at: new Date(now - hoursAgo * HOUR_MS).toISOString(), ...(note ? { note } : {}) }));
  const paidAt = t.outstandingFee ? feesPaidAt?.get(ref) : undefined;
  // A paid fee: the request goes on to review, and waits for nothing from the person.
  if (paidAt !== undefined) history.push({ status: 'in-review', at: new Date(Math.max(paidAt, Date.parse(history.at(-1)!.at) + 1000)).toISOString(), note: FEE_PAID_NOTE });
  const expectedNext = paidAt !== undefined ? t.afterPayment : t.expectedNext;
  return {
    ministryRef: ref,
    channel: t.channel,
    serviceId: t.serviceId,
    title: t.title,
    submittedAt: history[0]!.at,
    history,
    ...(expectedNext ? { expectedNext } : {}),
    ...(t.outstandingFee && paidAt === undefined ? { outstandingFee: t.outstandingFee } : {}),
    ...(t.visit ? { visit: t.visit } : {}),
  };
}

/**
 * The demo card's registration renewal, made on the website: it waits for the card holder's
 * unpaid fines (`unpaidCents`), and goes to review once they are paid (at `finesPaidAt`).
 */
function registrationRenewal(now: number, unpaidCents: number, finesPaidAt: number | undefined): TrackedRequest {
  const received = now - 6 * DAY_MS;
  const history: StatusChange[] = [
    { status: 'received', at: new Date(received).toISOString() },
    { status: 'awaiting-payment', at: new Date(received + 2 * HOUR_MS).toISOString(), note: { ar: 'توجد مخالفات مرورية غير مدفوعة.', en: 'There are unpaid traffic fines.' } },
  ];
  const base = { ministryRef: refOf(`${DEMO_QID}#registration`), channel: 'website' as const, serviceId: 'renew-vehicle-registration', title: VEHICLE_REGISTRATION, submittedAt: history[0]!.at };
  if (unpaidCents > 0) {
    return { ...base, history, expectedNext: { ar: 'تُجدَّد الاستمارة بعد سداد المخالفات.', en: 'The registration is renewed once the fines are paid.' }, outstandingFee: { amountCents: unpaidCents, serviceId: 'pay-traffic-fines' } };
  }
  history.push({ status: 'in-review', at: new Date(Math.max(finesPaidAt ?? now, received + 3 * HOUR_MS)).toISOString() });
  return { ...base, history, expectedNext: { ar: 'تُراجع الإدارة الطلب بعد سداد المخالفات.', en: 'The department reviews the request now that the fines are paid.' } };
}

export interface DemoRequestsInput {
  idNumber: string;
  now?: Date;
  /** The card holder's unpaid fines today, in dirham (the simulator's ledger knows). */
  unpaidFinesCents: number;
  /** When the card holder last paid fines, ms since epoch. */
  finesPaidAt?: number;
  /** When each paid request fee was paid (a financial claim quoting the request's reference), ms. */
  feesPaidAt?: ReadonlyMap<string, number>;
}

/** Requests made elsewhere: the card holder's own, and one list per person they sponsor. */
export function demoRequests(input: DemoRequestsInput): { own: TrackedRequest[]; sponsored: { person: SponsoredPerson; requests: TrackedRequest[] }[] } {
  const now = (input.now ?? new Date()).getTime();
  const people = demoSponsoredPeople(input.idNumber, new Date(now));
  if (input.idNumber === DEMO_QID) {
    return {
      own: [registrationRenewal(now, input.unpaidFinesCents, input.finesPaidAt), ...DEMO_OWN.map((t, i) => build(t, refOf(`${DEMO_QID}#own${i}`), now))],
      sponsored: people.map((person, p) => ({ person, requests: (DEMO_SPONSORED[p] ?? []).map((t, i) => build(t, demoRequestRef(DEMO_QID, person.id, i), now, input.feesPaidAt)) })),
    };
  }
  let seed = 0;
  for (const c of input.idNumber) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) >>> 0;
  const random = seededRandom(seed);
  const pick = (key: string, most: number) => Array.from({ length: Math.floor(random() * (most + 1)) }, (_, i) => build(OTHERS[Math.floor(random() * OTHERS.length)]!, refOf(`${input.idNumber}#${key}#${i}`), now));
  return { own: pick('own', 2), sponsored: people.map((person) => ({ person, requests: pick(person.id, 1) })) };
}
