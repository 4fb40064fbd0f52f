import type { AnswerView, BeneficiaryView, FeeLineView, FieldErrorCode, RequestFlow } from '../contract';
import type { Fine } from './ports';
import { computeFees } from './services/fees';
import { validateField, validateForm } from './services/fields';
import type { ServiceDefinition } from './services/schema';

/**
 * The request a shopper is building: which service, for whom, what they typed or picked, and
 * therefore what it costs. Main keeps it; the renderer only ever sees views of it.
 */
export class ServiceRequest {
  readonly values: Record<string, string> = {};
  errors: Record<string, FieldErrorCode> = {};
  fines: Fine[] = [];
  selected = new Set<string>();
  /** The shopper has seen the review: choosing again for whom comes back to it. */
  reviewed = false;
  /** The field being changed from the review, and its value before, to put back on "back". */
  private edit?: { fieldId: string; before: string | undefined };

  constructor(
    /** Names this request in the payment journal: it can be paid once, whatever happens. */
    readonly id: string,
    readonly service: ServiceDefinition,
    /** Who it is for: the card holder, or someone the ministry lists as sponsored by them. */
    readonly beneficiary: BeneficiaryView,
  ) {}

  /** A live inquiry lists fines (or financial claims) first; otherwise the shopper fills in the service's form. */
  get flow(): RequestFlow {
    if (this.service.inquiry === 'financial-claims') return 'claims';
    return this.service.inquiry ? 'fines' : 'form';
  }

  get pricedByInquiry(): boolean {
    return this.service.fee.kind === 'inquiry';
  }

  hasField(fieldId: string): boolean {
    return this.service.fields.some((f) => f.id === fieldId);
  }

  /** Records one typed value and re-checks it, so the shopper sees a problem next to its field. */
  setField(fieldId: string, value: string): void {
    const field = this.service.fields.find((f) => f.id === fieldId);
    if (!field) return;
    this.values[fieldId] = value.trim();
    const error = validateField(field, this.values[fieldId]);
    if (error) this.errors = { ...this.errors, [fieldId]: error };
    else {
      const { [fieldId]: _gone, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  get editing(): string | undefined {
    return this.edit?.fieldId;
  }

  /** The review asked to change one answer: remember it, so leaving without a new one restores it. */
  beginEdit(fieldId: string): boolean {
    if (!this.hasField(fieldId)) return false;
    this.edit = { fieldId, before: this.values[fieldId] };
    return true;
  }

  /** Back to the review without a new answer: the answer the shopper reviewed stands again. */
  cancelEdit(): void {
    if (!this.edit) return;
    const { fieldId, before } = this.edit;
    this.edit = undefined;
    if (before === undefined) delete this.values[fieldId];
    else this.setField(fieldId, before);
  }

  endEdit(): void {
    this.edit = undefined;
  }

  /**
   * The same request under a new id, for another payment attempt after one that took nothing:
   * the journal names each attempt once, and the shopper keeps every answer and selection.
   */
  again(id: string): ServiceRequest {
    const next = new ServiceRequest(id, this.service, this.beneficiary);
    Object.assign(next.values, this.values);
    next.fines = this.fines;
    next.selected = new Set(this.selected);
    next.reviewed = this.reviewed;
    return next;
  }

  /** Carries what was typed into a request for another beneficiary of the same service. */
  takeValuesFrom(previous: ServiceRequest): void {
    if (previous.service.id !== this.service.id) return;
    for (const [fieldId, value] of Object.entries(previous.values)) this.setField(fieldId, value);
  }

  /** Every answer given, in form order, as the review and the receipt show it. */
  answers(): AnswerView[] {
    const out: AnswerView[] = [];
    for (const field of this.service.fields) {
      const value = this.values[field.id];
      if (value === undefined || value === '') continue;
      const option = field.kind === 'select' ? field.options.find((o) => o.value === value) : undefined;
      out.push({ fieldId: field.id, labelAr: field.label.ar, labelEn: field.label.en, valueAr: option?.label.ar ?? value, valueEn: option?.label.en ?? value });
    }
    return out;
  }

  /**
   * The answers a receipt prints: choices, numbers, plates and short texts. A typed ID number,
   * mobile, e-mail or free text stays off paper that may be left at the kiosk.
   */
  receiptAnswers(): AnswerView[] {
    const printable = new Set(
      this.service.fields.filter((f) => f.kind === 'select' || f.kind === 'number' || f.kind === 'plate' || (f.kind === 'text' && f.maxLength <= 40)).map((f) => f.id),
    );
    return this.answers().filter((a) => printable.has(a.fieldId));
  }

  /** True when every field is valid; otherwise every error is recorded for the screen. */
  validate(): boolean {
    this.errors = validateForm(this.service.fields, this.values);
    return Object.keys(this.errors).length === 0;
  }

  fees(): FeeLineView[] {
    if (this.pricedByInquiry) {
      return this.fines.filter((f) => this.selected.has(f.id)).map((f) => ({ labelAr: f.offence.ar, labelEn: f.offence.en, amountCents: f.amountCents }));
    }
    return computeFees(this.service, this.beneficiary.relation, this.values);
  }

  total(): number {
    return this.fees().reduce((sum, f) => sum + f.amountCents, 0);
  }

  /** What the ministry receives: ids and values only; the applicant travels separately. */
  payload(): Record<string, unknown> {
    const sponsored = this.beneficiary.relation !== 'self';
    const ids = this.fines.filter((f) => this.selected.has(f.id)).map((f) => f.id);
    // A sponsored person's claims are named by the ministry's id for that person, never a QID.
    if (this.flow === 'claims') return { claimIds: ids, ...(sponsored ? { beneficiaryId: this.beneficiary.id } : {}) };
    if (this.pricedByInquiry) return { fineIds: ids };
    return {
      beneficiary: this.beneficiary.relation,
      ...(sponsored ? { beneficiaryId: this.beneficiary.id } : {}),
      fields: { ...this.values },
    };
  }

  /**
   * For whom the kiosk keeps the request beside the payload (which goes once the ministry has
   * it): the sponsored person the payload names, by the ministry's opaque id and masked number.
   */
  recordedFor(): { id: string; idNumberMasked?: string } | undefined {
    // Read from the payload itself, so the two never disagree on whom a request names.
    const named = this.payload().beneficiaryId;
    if (typeof named !== 'string') return undefined;
    const masked = this.beneficiary.idNumberMasked;
    return masked === undefined ? { id: named } : { id: named, idNumberMasked: masked };
  }
}
