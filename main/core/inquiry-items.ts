import type { Fine, FinancialClaim } from './ports';

/**
 * What a priced inquiry lists (traffic fines, financial claims) as the one kind of item the
 * selection, the amount, the payment and the receipt are built from: a claim is a fine with its
 * kind, department and where it can be paid. The shopper picks ids; main checks each pick here.
 */

export function claimItem(c: FinancialClaim): Fine {
  return { id: c.id, date: c.issuedOn, offence: c.description, amountCents: c.amountCents, claim: { kind: c.kind, department: c.department, payableAt: c.payableAt } };
}

/** A traffic fine is always payable here; a claim only when the ministry lists a kiosk among its places. */
export const payableHere = (item: Fine): boolean => !item.claim || item.claim.payableAt.includes('kiosk');

export type SelectionProblem = 'unknown-item' | 'duplicate-item' | 'not-payable-here';

/** Why a selection sent by the renderer cannot stand; undefined when every id is one listed, once, and payable here. */
export function selectionProblem(items: readonly Fine[], ids: readonly string[]): SelectionProblem | undefined {
  const byId = new Map(items.map((f) => [f.id, f]));
  if (new Set(ids).size !== ids.length) return 'duplicate-item';
  for (const id of ids) {
    const item = byId.get(id);
    if (!item) return 'unknown-item';
    if (!payableHere(item)) return 'not-payable-here';
  }
  return undefined;
}
