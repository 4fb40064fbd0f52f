import { describe, expect, it } from 'vitest';
import { approved, identity, makeKiosk, tick } from '../../support/core-fakes';

async function atReview(k: ReturnType<typeof makeKiosk>) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-residence-permit' });
  await tick();
  await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
  await k.core.dispatch({ type: 'setField', fieldId: 'years', value: 'y1' });
  await k.core.dispatch({ type: 'setField', fieldId: 'delivery', value: 'pickup' });
  await k.core.dispatch({ type: 'submitForm' });
}

describe('the review before any payment', () => {
  it('shows every answer by its label in both languages, and for whom', async () => {
    const k = makeKiosk();
    await atReview(k);
    const review = k.at('confirm');
    expect(review.beneficiaryChangeable).toBe(true);
    expect(review.beneficiary).toMatchObject({ relation: 'employee', nameEn: 'Rajesh Kumar' });
    expect(review.answers).toEqual([
      { fieldId: 'years', labelAr: 'مدة التجديد', labelEn: 'Renewal period', valueAr: 'سنة واحدة', valueEn: '1 year' },
      { fieldId: 'delivery', labelAr: 'طريقة الاستلام', labelEn: 'How to receive it', valueAr: 'الاستلام من مركز الخدمة', valueEn: 'Collect at a service centre' },
    ]);
  });

  it('changes one answer and comes straight back to the review with the new fees', async () => {
    const k = makeKiosk();
    await atReview(k);
    const before = k.at('confirm').amountCents;
    await k.core.dispatch({ type: 'editAnswer', fieldId: 'delivery' });
    expect(k.at('form').form).toMatchObject({ editing: 'delivery', values: { years: 'y1', delivery: 'pickup' } });
    await k.core.dispatch({ type: 'setField', fieldId: 'delivery', value: 'post' });
    await k.core.dispatch({ type: 'submitForm' });
    const review = k.at('confirm');
    expect(review.answers.find((a) => a.fieldId === 'delivery')?.valueEn).toBe('Delivery by post');
    expect(review.amountCents).toBe(before + 2_000);
    // The edit is over: the form opens from the start next time.
    await k.core.dispatch({ type: 'back' });
    expect(k.at('form').form.editing).toBeUndefined();
  });

  it('"back" while changing an answer keeps the reviewed one, even after a refused value', async () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'national-address' });
    for (const [fieldId, value] of Object.entries({ zone: '51', street: '340', building: '12', mobile: '55123456' })) {
      await k.core.dispatch({ type: 'setField', fieldId, value });
    }
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm').beneficiaryChangeable).toBe(false);
    await k.core.dispatch({ type: 'editAnswer', fieldId: 'zone' });
    expect(await k.core.dispatch({ type: 'setField', fieldId: 'zone', value: '120' })).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
    await k.core.dispatch({ type: 'back' });
    expect(k.at('confirm').answers.find((a) => a.fieldId === 'zone')?.valueEn).toBe('51');
    await k.core.dispatch({ type: 'submitRequest' });
    await tick();
    expect(k.enqueued[0]?.payload).toMatchObject({ fields: { zone: '51' } });
    // The free text fields a shopper typed (e-mail, mobile) stay off paper; numbers are printed.
    expect(k.printed[0]?.answers?.map((a) => a.labelEn)).toEqual(['Zone number', 'Street number', 'Building number']);
  });

  it('chooses someone else from the review, keeps the answers and reprices', async () => {
    const k = makeKiosk();
    await atReview(k);
    await k.core.dispatch({ type: 'changeBeneficiary' });
    expect(k.step().screen).toBe('beneficiary');
    // Back from there is back to the review, not to the list of services.
    await k.core.dispatch({ type: 'back' });
    expect(k.at('confirm').beneficiary.id).toBe('SP-emp');
    await k.core.dispatch({ type: 'changeBeneficiary' });
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'self' });
    const review = k.at('confirm');
    expect(review.beneficiary.relation).toBe('self');
    expect(review.answers.map((a) => a.valueEn)).toEqual(['1 year', 'Collect at a service centre']);
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(review.amountCents));
    await tick();
    expect(k.enqueued[0]?.payload).toEqual({ beneficiary: 'self', fields: { years: 'y1', delivery: 'pickup' } });
  });

  it('prints for whom (masked) and the main answers on the receipt', async () => {
    const k = makeKiosk();
    await atReview(k);
    const amount = k.at('confirm').amountCents;
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(amount));
    await tick();
    expect(k.printed[0]).toMatchObject({
      beneficiary: { nameEn: 'Rajesh Kumar' },
      answers: [
        { labelAr: 'مدة التجديد', valueAr: 'سنة واحدة' },
        { labelEn: 'How to receive it', valueEn: 'Collect at a service centre' },
      ],
    });
    expect(k.printed[0]?.beneficiary?.idNumberMasked).not.toMatch(/\d{6}/);
  });

  it('refuses changing answers anywhere but on the review, and unknown fields', async () => {
    const k = makeKiosk();
    await atReview(k);
    expect(await k.core.dispatch({ type: 'editAnswer', fieldId: 'price' })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    await k.core.dispatch({ type: 'back' });
    expect(await k.core.dispatch({ type: 'editAnswer', fieldId: 'years' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await k.core.dispatch({ type: 'changeBeneficiary' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
  });
});

describe('after a payment that took nothing', () => {
  it('a declined card goes back to the same review under a new request id, answers kept', async () => {
    const k = makeKiosk();
    await atReview(k);
    const amount = k.at('confirm').amountCents;
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish({ result: 'declined', code: 0x05, reason: 'declined' });
    await tick();
    expect(k.at('result').payment?.phase).toBe('declined');
    expect(await k.core.dispatch({ type: 'payAgain' })).toEqual({ ok: true });
    expect(k.at('confirm')).toMatchObject({ amountCents: amount, beneficiary: { id: 'SP-emp' } });
    expect(k.at('confirm').answers.map((a) => a.fieldId)).toEqual(['years', 'delivery']);
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(amount));
    await tick();
    expect(k.at('result').payment?.phase).toBe('approved');
    expect(k.enqueued).toHaveLength(1);
  });

  it('refuses paying again once the payment went through', async () => {
    const k = makeKiosk();
    await atReview(k);
    const amount = k.at('confirm').amountCents;
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(amount));
    await tick();
    expect(await k.core.dispatch({ type: 'payAgain' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
  });
});
