import { addDays, civilDate, daysBetween } from '../../shared/civil-date';
import type { BeneficiaryView, PermitView, ResidencyView, ServiceView, VisaView } from '../contract';
import type { ResidencePermit, ResidencyEligibility, Visa } from './ports';
import type { ShopperStepOf } from './shopper';

/**
 * The read-only inquiries' answers as the renderer sees them, with what to do next decided here
 * from the ministry's dates and the kiosk's own catalog: the screen only says it.
 */

/** services.md §4: renewal opens 90 days before the last day; 90 days of grace follow it. */
const RENEWAL_WINDOW_DAYS = 90;
const GRACE_DAYS = 90;

/** Whole days from today in Doha to an ISO day (negative once it has passed). */
const daysUntil = (isoDate: string, nowMs: number): number => daysBetween(civilDate(nowMs), isoDate);

/** What the holder should do now, from the permit's last day (the ministry's status only for a cancelled one). */
export function permitView(permit: ResidencePermit, nowMs: number): PermitView {
  const daysLeft = daysUntil(permit.validUntil, nowMs);
  const base = { status: permit.status, validUntil: permit.validUntil, idNumberMasked: permit.idNumberMasked, daysLeft };
  if (permit.status === 'cancelled') return { ...base, next: 'service-centre' };
  if (daysLeft > RENEWAL_WINDOW_DAYS) return { ...base, next: 'nothing-yet', renewFrom: addDays(permit.validUntil, -RENEWAL_WINDOW_DAYS) };
  if (daysLeft >= 0) return { ...base, next: 'renew-now' };
  return { ...base, next: daysLeft >= -GRACE_DAYS ? 'renew-in-grace' : 'renew-late', graceUntil: addDays(permit.validUntil, GRACE_DAYS) };
}

export function permitStep(service: ServiceView, beneficiary: BeneficiaryView, permit: ResidencePermit, nowMs: number): ShopperStepOf<'permit'> {
  return { screen: 'permit', service, beneficiary, permit: permitView(permit, nowMs) };
}

/**
 * What a sponsor can do about a visitor's visa: only a family visit visa can be extended
 * (services.md #12), and only before it ends; `extendableHere` says whether this kiosk's
 * extension service is open to this card holder now (otherwise the website, Metrash or a centre).
 */
export function visaView(visa: Visa, nowMs: number, extendableHere: boolean): VisaView {
  const daysLeft = daysUntil(visa.validUntil, nowMs);
  const base = { visaNumber: visa.visaNumber, type: visa.type, status: visa.status, validUntil: visa.validUntil, passportMasked: visa.passportMasked, daysLeft };
  if (visa.status === 'cancelled') return { ...base, next: 'cancelled' };
  if (visa.status === 'expired' || daysLeft < 0) return { ...base, next: 'ended' };
  if (visa.type !== 'family-visit') return { ...base, next: 'leave-by' };
  return { ...base, next: extendableHere ? 'extend-here' : 'extend-elsewhere' };
}

export function visaStep(service: ServiceView, beneficiary: BeneficiaryView, visa: Visa, nowMs: number, extendableHere: boolean): ShopperStepOf<'visa'> {
  return { screen: 'visa', service, beneficiary, visa: visaView(visa, nowMs, extendableHere) };
}

/**
 * What the card holder can do about permanent residency: apply (always elsewhere: the application
 * needs the smart ID card on the ministry's website), or first renew the residence permit (here
 * when `renewableHere`), or else wait for the day the years are reached.
 */
export function residencyView(eligibility: ResidencyEligibility, renewableHere: boolean): ResidencyView {
  const { status, reasons, residenceYears, requiredYears, eligibleFrom } = eligibility;
  const base = { status, reasons: [...reasons], residenceYears, requiredYears, ...(eligibleFrom ? { eligibleFrom } : {}) };
  if (status === 'eligible') return { ...base, next: 'apply-online' };
  if (reasons.includes('residence-permit-not-valid')) return { ...base, next: renewableHere ? 'renew-permit-here' : 'renew-permit-elsewhere' };
  return { ...base, next: 'wait' };
}

export function residencyStep(service: ServiceView, eligibility: ResidencyEligibility, renewableHere: boolean): ShopperStepOf<'residency'> {
  return { screen: 'residency', service, eligibility: residencyView(eligibility, renewableHere) };
}
