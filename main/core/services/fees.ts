import { CodedError } from '../../../shared/coded-error';
import type { Amount, Beneficiary, FeeLine, ServiceDefinition } from './schema';

/** One line of what the shopper pays, as main computed it from the catalog and the form. */
export interface ComputedFee {
  labelAr: string;
  labelEn: string;
  amountCents: number;
}

export class FeeError extends CodedError<'missing-value' | 'not-a-number' | 'no-rate'> {
  override readonly name = 'FeeError';
}

function amountOf(amount: Amount, values: Readonly<Record<string, string>>, beneficiary: Beneficiary): number {
  if ('perUnitOf' in amount) {
    const raw = values[amount.perUnitOf];
    if (raw === undefined || !/^\d+$/.test(raw)) throw new FeeError('not-a-number', `fee needs a whole number in ${amount.perUnitOf}`);
    return amount.cents * Number(raw);
  }
  if ('byValueOf' in amount) {
    const raw = values[amount.byValueOf];
    const rate = raw === undefined ? undefined : amount.values[raw];
    const cents = typeof rate === 'object' ? rate[beneficiary] : rate;
    if (cents === undefined) throw new FeeError('missing-value', `no rate for the value of ${amount.byValueOf} and ${beneficiary}`);
    return cents;
  }
  if ('byBeneficiary' in amount) {
    const cents = amount.byBeneficiary[beneficiary];
    if (cents === undefined) throw new FeeError('no-rate', `no rate for ${beneficiary}`);
    return cents;
  }
  return amount.cents;
}

const applies = (line: FeeLine, values: Readonly<Record<string, string>>) => !line.when || values[line.when.field] === line.when.equals;

/**
 * The fee of a catalog service for validated form values. Inquiry-priced services (fines) are
 * priced from the inquiry instead and get no lines here. Integer cents throughout.
 */
export function computeFees(service: ServiceDefinition, beneficiary: Beneficiary, values: Readonly<Record<string, string>>): ComputedFee[] {
  if (service.fee.kind !== 'lines') return [];
  return service.fee.lines
    .filter((line) => applies(line, values))
    .map((line) => ({ labelAr: line.label.ar, labelEn: line.label.en, amountCents: amountOf(line.amount, values, beneficiary) }))
    .filter((line) => line.amountCents > 0);
}

export const totalOf = (fees: readonly ComputedFee[]) => fees.reduce((sum, f) => sum + f.amountCents, 0);

/**
 * What the menu's tile says before any answer: the least the service can cost and whether the
 * answers can make it more (a longer permit, delivery, dependants). Undefined for no catalog fee.
 */
export function feeFrom(service: ServiceDefinition): { cents: number; varies: boolean } | undefined {
  if (service.fee.kind !== 'lines') return undefined;
  const rates = (rate: number | Readonly<Record<string, number>>): number[] =>
    typeof rate === 'number' ? [rate] : service.beneficiaries.map((b) => rate[b]).filter((c): c is number => c !== undefined);
  let cents = 0;
  let varies = false;
  for (const line of service.fee.lines) {
    const amount = line.amount;
    let options: number[];
    if ('perUnitOf' in amount) {
      const field = service.fields.find((f) => f.id === amount.perUnitOf);
      options = [amount.cents * Math.max(0, field?.kind === 'number' ? field.min : 0), Number.POSITIVE_INFINITY];
    } else if ('byValueOf' in amount) options = Object.values(amount.values).flatMap(rates);
    else if ('byBeneficiary' in amount) options = rates(amount.byBeneficiary);
    else options = [amount.cents];
    if (line.when) options = [0, ...options];
    const least = options.length ? Math.min(...options) : 0;
    cents += least;
    varies ||= options.some((o) => o !== least);
  }
  return { cents, varies };
}
