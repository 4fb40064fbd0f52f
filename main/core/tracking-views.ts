import type { PersonRequestsView, RequestActionView, TrackedRequestView } from '../contract';
import type { PersonRequests, TrackedRecord } from './ports';
import type { ServiceDefinition } from './services/schema';

/**
 * "My requests" as the screen shows it: names from the catalog (the ministry's when the kiosk
 * does not know the service), the one reference to keep, and what can be done now. Whether a fee
 * can be paid here is main's call (`payableHere`: the service is one this kiosk runs now, for
 * this person); the screen only offers what this says.
 */

/** Where the ministry takes what the kiosk cannot: its website, the Metrash app, a service centre. */
const ELSEWHERE = ['website', 'app', 'service-centre'] as const;

type Relation = PersonRequestsView['relation'];
export type PayableHere = (serviceId: string, relation: Relation) => boolean;

function actionOf(r: TrackedRecord, relation: Relation, payableHere: PayableHere): RequestActionView | undefined {
  const fee = r.outstandingFee;
  if (fee) {
    return payableHere(fee.serviceId, relation)
      ? { kind: 'pay-here', amountCents: fee.amountCents, serviceId: fee.serviceId }
      : { kind: 'pay-elsewhere', amountCents: fee.amountCents, where: [...ELSEWHERE] };
  }
  if (r.visit) return { kind: 'visit', where: r.visit.where, reasonAr: r.visit.reason.ar, reasonEn: r.visit.reason.en };
  return undefined;
}

function requestView(r: TrackedRecord, relation: Relation, catalog: readonly ServiceDefinition[], payableHere: PayableHere): TrackedRequestView {
  const title = catalog.find((s) => s.id === r.serviceId)?.title ?? r.title ?? { ar: r.serviceId, en: r.serviceId };
  const action = actionOf(r, relation, payableHere);
  return {
    reference: r.ministryRef ?? r.localRef ?? r.serviceId,
    ...(r.ministryRef && r.localRef ? { localRef: r.localRef } : {}),
    channel: r.channel,
    serviceId: r.serviceId,
    titleAr: title.ar,
    titleEn: title.en,
    submittedAt: r.submittedAt,
    history: r.history.map((h) => ({ status: h.status, at: h.at, ...(h.note ? { noteAr: h.note.ar, noteEn: h.note.en } : {}) })),
    ...(r.expectedNext ? { nextAr: r.expectedNext.ar, nextEn: r.expectedNext.en } : {}),
    ...(action ? { action } : {}),
  };
}

export function personRequestsViews(people: readonly PersonRequests[], catalog: readonly ServiceDefinition[], payableHere: PayableHere): PersonRequestsView[] {
  return people.map((p) => {
    const relation: Relation = p.personId === 'self' ? 'self' : (p.person?.relation ?? 'sponsored');
    const who = p.person
      ? { nameAr: `${p.person.givenNamesAr} ${p.person.surnameAr}`, nameEn: `${p.person.givenNames} ${p.person.surname}`, idNumberMasked: p.person.idNumberMasked }
      : p.idNumberMasked
        ? { idNumberMasked: p.idNumberMasked }
        : {};
    return { id: p.personId, relation, ...who, requests: p.requests.map((r) => requestView(r, relation, catalog, payableHere)) };
  });
}
