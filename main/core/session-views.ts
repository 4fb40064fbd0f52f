import type { BeneficiaryView, FineView, FormFieldView, KioskState, PaymentView, PersonView, ServiceCategory, ServiceView } from '../contract';
import { payableHere } from './inquiry-items';
import { isExpired, maskIdNumber } from './person';
import type { CardIdentity, Fine, PaymentOutcome, SponsoredPerson } from './ports';
import type { ServiceRequest } from './request';
import type { ShopperStepOf } from './shopper';
import { feeFrom } from './services/fees';
import type { Applicant, FieldDefinition, ServiceDefinition } from './services/schema';

/**
 * Pure translations from main's own records into what the renderer may see. Personal data is
 * cut down here (masked ID number, names only), so nothing else can leak by accident.
 */

/** Nationality decides which services apply; the shopper never chooses it on screen. */
export function applicantOf(identity: CardIdentity | undefined): Applicant | undefined {
  if (!identity) return undefined;
  return identity.nationality === 'QAT' ? 'citizen' : 'resident';
}

/**
 * An unverified card (its signature or chip check failed, or it carries none) shows nothing it
 * claims about a person: it may be someone else's data on a forged chip.
 */
function personView(identity: CardIdentity, nowMs: number, verified: boolean): PersonView {
  const expired = isExpired(identity.validUntil, nowMs);
  if (!verified) return { idNumberMasked: '•'.repeat(identity.idNumber.length), expired, verified };
  return {
    givenNamesAr: identity.givenNamesAr,
    surnameAr: identity.surnameAr,
    givenNames: identity.givenNames,
    surname: identity.surname,
    idNumberMasked: maskIdNumber(identity.idNumber),
    nationality: identity.nationality,
    validUntil: identity.validUntil,
    expired,
    verified,
  };
}

/** `lacking`: the devices the service cannot complete without that are down now (main/core/availability.ts). */
function pricingOf(service: ServiceDefinition): ServiceView['pricing'] {
  switch (service.fee.kind) {
    case 'lines':
      return 'fee';
    case 'inquiry':
      return 'by-inquiry';
    case 'unknown':
      return 'unknown';
    case 'none':
      return service.inquiry ? 'read-only' : 'free';
  }
}

export function serviceView(
  service: ServiceDefinition,
  gateway: KioskState['gateway'],
  applicant: Applicant | undefined,
  cardExpired = false,
  cardUnverified = false,
  lacking: readonly string[] = [],
): ServiceView {
  const needsNetwork = !service.queueable;
  const forYou = !applicant || service.applicants.includes(applicant);
  const reachable = !(needsNetwork && gateway === 'offline');
  const cardOk = !(cardExpired && service.expiredCard === 'refused');
  // What an unverified card may do is the catalog's call, service by service (default: nothing).
  const trusted = !(cardUnverified && service.unverifiedCard !== 'allowed');
  const devicesOk = lacking.length === 0;
  const here = service.offered === 'kiosk';
  const fee = feeFrom(service);
  return {
    id: service.id,
    category: service.category,
    titleAr: service.title.ar,
    titleEn: service.title.en,
    descriptionAr: service.description.ar,
    descriptionEn: service.description.en,
    needsNetwork,
    pricing: pricingOf(service),
    ...(fee ? { feeFromCents: fee.cents, feeVaries: fee.varies } : {}),
    available: here && forYou && reachable && cardOk && trusted && devicesOk,
    unavailableReason: !here ? 'elsewhere' : !trusted ? 'card-unverified' : !forYou ? 'not-for-you' : !cardOk ? 'card-expired' : !devicesOk ? 'devices-unavailable' : !reachable ? 'needs-network' : undefined,
  };
}

function fieldView(field: FieldDefinition): FormFieldView {
  const common = { id: field.id, kind: field.kind, labelAr: field.label.ar, labelEn: field.label.en, required: field.required };
  switch (field.kind) {
    case 'text':
      return { ...common, script: field.script, maxLength: field.maxLength };
    case 'number':
      return { ...common, min: field.min, max: field.max };
    case 'select':
      return { ...common, options: field.options.map((o) => ({ value: o.value, labelAr: o.label.ar, labelEn: o.label.en })) };
    default:
      return common;
  }
}

function fineView(f: Fine): FineView {
  return {
    id: f.id,
    date: f.date,
    offenceAr: f.offence.ar,
    offenceEn: f.offence.en,
    placeAr: f.place?.ar,
    placeEn: f.place?.en,
    plate: f.plate,
    amountCents: f.amountCents,
    ...(f.claim
      ? {
          claim: {
            kind: f.claim.kind,
            departmentAr: f.claim.department.ar,
            departmentEn: f.claim.department.en,
            payableHere: payableHere(f),
            elsewhere: f.claim.payableAt.filter((p): p is Exclude<typeof p, 'kiosk'> => p !== 'kiosk'),
          },
        }
      : {}),
  };
}

export function paymentView(outcome: PaymentOutcome): PaymentView {
  switch (outcome.result) {
    case 'approved':
      return { phase: 'approved', cardType: outcome.cardType, panMasked: outcome.panMasked, authCode: outcome.authCode };
    case 'declined':
      return { phase: 'declined', reason: outcome.reason };
    case 'aborted':
      return { phase: 'aborted' };
    case 'unknown':
      return { phase: 'failed', reason: outcome.reason };
  }
}

export function sponsoredView(p: SponsoredPerson): BeneficiaryView {
  return {
    id: p.id,
    relation: p.relation,
    nameAr: `${p.givenNamesAr} ${p.surnameAr}`.trim(),
    nameEn: `${p.givenNames} ${p.surname}`.trim(),
    idNumberMasked: p.idNumberMasked,
  };
}

/**
 * The card holder greeted by name, and the services with main's verdict for them right now. A
 * service the kiosk's devices cannot complete now is left out: the shopper sees only what can
 * be finished here (the state's `offer` says why the list is shorter).
 */
export function welcomeStep(
  identity: CardIdentity,
  catalog: readonly ServiceDefinition[],
  gateway: KioskState['gateway'],
  nowMs: number,
  verified: boolean,
  lacking: (service: ServiceDefinition) => readonly string[] = () => [],
  category?: ServiceCategory,
): ShopperStepOf<'welcome'> {
  const person = personView(identity, nowMs, verified);
  const applicant = applicantOf(identity);
  // What is served elsewhere is listed whatever the kiosk's devices can do: it says where to go.
  const listed = catalog.filter((s) => s.offered === 'elsewhere' || lacking(s).length === 0);
  // Most used first, then in catalog order (a stable sort keeps it).
  const rank = (s: ServiceDefinition) => s.featured ?? Number.POSITIVE_INFINITY;
  const services = [...listed].sort((a, b) => rank(a) - rank(b)).map((s) => serviceView(s, gateway, applicant, person.expired, !verified));
  const featured = services.filter((v) => v.available && listed.find((s) => s.id === v.id)?.featured !== undefined).map((v) => v.id);
  // A category that lost its last service (a device went down) falls back to the categories.
  const open = category && services.some((s) => s.category === category) ? { category } : {};
  return { screen: 'welcome', person, services, featured, ...open };
}

/** The form as main holds it: every field, what was typed, and main's verdict on each value. */
export function formStep(request: ServiceRequest, service: ServiceView): ShopperStepOf<'form'> {
  const editing = request.editing;
  return {
    screen: 'form',
    service,
    form: { fields: request.service.fields.map(fieldView), values: { ...request.values }, errors: request.errors, ...(editing ? { editing } : {}) },
  };
}

export function finesStep(request: ServiceRequest): ShopperStepOf<'fines'> {
  return {
    screen: 'fines',
    flow: request.flow === 'claims' ? 'claims' : 'fines',
    ...(request.beneficiary.relation !== 'self' ? { beneficiary: request.beneficiary } : {}),
    fines: request.fines.map(fineView),
    readOnly: !request.pricedByInquiry,
    selectedFineIds: [...request.selected],
    amountCents: request.total(),
  };
}

export function confirmStep(request: ServiceRequest, service: ServiceView, beneficiaryChangeable: boolean): ShopperStepOf<'confirm'> {
  return {
    screen: 'confirm',
    flow: request.flow,
    service,
    beneficiary: request.beneficiary,
    beneficiaryChangeable,
    answers: request.flow === 'form' ? request.answers() : [],
    fees: request.fees(),
    amountCents: request.total(),
    fineCount: request.flow === 'form' ? 0 : request.selected.size,
  };
}
