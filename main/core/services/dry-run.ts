import { computeFees, FeeError, totalOf } from './fees';
import { validateForm } from './fields';
import type { FieldDefinition, ServiceDefinition } from './schema';

/**
 * A dry run of the catalog before a kiosk keeps it: for every service, every beneficiary it
 * offers and every choice its select fields allow, a valid form is filled in as a shopper would
 * and the fee is computed. A catalog the schema accepts can still strand a shopper (a duration
 * with no price, a fee line naming a field the form lacks); the health gate rolls such a
 * bundle back before the first shopper meets it.
 */
export interface DryRunProblem {
  service: string;
  beneficiary: string;
  values: Record<string, string>;
  reason: string;
}

/** The most form variants tried per service: the shipped services need at most 6. */
const MAX_VARIANTS = 256;

/** A value a shopper could type into each kind of field, valid by its own rules. */
function sampleValue(field: FieldDefinition): string[] {
  switch (field.kind) {
    case 'text':
      return [field.script === 'arabic' ? 'اختبار' : 'Test'];
    case 'number':
      return [String(field.min), String(field.max)];
    case 'qid':
      return ['28412345678'];
    case 'phone':
      return ['55123456'];
    case 'email':
      return ['test@example.qa'];
    case 'plate':
      return ['123456'];
    case 'select':
      return field.options.map((o) => o.value);
  }
}

function variants(fields: readonly FieldDefinition[]): Record<string, string>[] {
  let forms: Record<string, string>[] = [{}];
  for (const field of fields) {
    const next: Record<string, string>[] = [];
    for (const form of forms) for (const value of sampleValue(field)) if (next.length < MAX_VARIANTS) next.push({ ...form, [field.id]: value });
    forms = next;
  }
  return forms;
}

export function dryRunCatalog(services: readonly ServiceDefinition[]): DryRunProblem[] {
  const problems: DryRunProblem[] = [];
  for (const service of services) {
    for (const beneficiary of service.beneficiaries) {
      for (const values of variants(service.fields)) {
        const invalid = Object.entries(validateForm(service.fields, values));
        if (invalid.length > 0) {
          problems.push({ service: service.id, beneficiary, values, reason: `a valid answer is refused: ${invalid.map(([f, e]) => `${f} ${e}`).join(', ')}` });
          continue;
        }
        try {
          const fees = computeFees(service, beneficiary, values);
          if (service.fee.kind === 'lines' && fees.some((f) => !Number.isSafeInteger(f.amountCents))) throw new FeeError('not-a-number', 'a fee is not a whole number of cents');
          totalOf(fees);
        } catch (err) {
          problems.push({ service: service.id, beneficiary, values, reason: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  }
  return problems;
}
