import { decodeBmps } from '../zvt/bmp';
import { CURRENCY_QAR, ackApdu, nackApdu } from '../zvt/commands';
import { decodeBcdNumber } from '../zvt/fields';
import { RESULT_ABORT } from '../zvt/result-codes';
import type { LedgerEntry } from './ledger';
import { type SimTransaction, abortMessageApdu, completionApdu, customerReceipt, intermediateStatusApdu, printLineApdu, statusInformationApdu } from './messages';
import { DECLINE_CODES } from './scenarios';
import { Interrupted, type SimContext } from './context';

/** The money-moving conversations of the simulated terminal, one function per ZVT command. */

function readAmount(data: Uint8Array, fallbackCurrency: number): { amountCents?: number; currency: number; receiptNo?: number } {
  const out: { amountCents?: number; currency: number; receiptNo?: number } = { currency: fallbackCurrency };
  try {
    for (const f of decodeBmps(data).fields) {
      if (f.tag === 0x04) out.amountCents = decodeBcdNumber(f.value);
      if (f.tag === 0x49) out.currency = decodeBcdNumber(f.value);
      if (f.tag === 0x87) out.receiptNo = decodeBcdNumber(f.value);
    }
  } catch {
    return { currency: fallbackCurrency };
  }
  return out;
}

export async function authorization(ctx: SimContext, data: Uint8Array): Promise<void> {
  const { amountCents, currency } = readAmount(data, ctx.opts.currency);
  if (!amountCents) {
    await ctx.send(nackApdu(0x9a)); // protocol error: no usable amount
    return;
  }
  const scenario = ctx.scenario;
  if (scenario === 'silent-before-ack') return; // a hung terminal: the ECR must treat it as unknown
  await ctx.send(ackApdu());
  try {
    if (currency !== ctx.opts.currency) return await finishAbort(ctx, 0x6f, 'declined', amountCents);
    if (scenario === 'silent') return; // never finishes: the ECR must time out and report 'unknown'
    await step(ctx, 0x0a); // insert card
    if (scenario === 'abort-by-shopper') return await finishAbort(ctx, RESULT_ABORT, 'aborted', amountCents);
    if (scenario === 'card-unreadable') {
      await step(ctx, 0x0c);
      return await finishAbort(ctx, DECLINE_CODES[scenario]!, 'declined', amountCents);
    }
    await step(ctx, 0x01); // PIN
    if (scenario === 'silent-after-pin') return;
    if (scenario === 'slow-status') for (let i = 0; i < 5; i++) await step(ctx, 0x0e, ctx.opts.stepDelayMs * 5);
    await step(ctx, 0x04); // waiting for host
    if (scenario.startsWith('decline')) {
      const code = DECLINE_CODES[scenario] ?? ctx.opts.declineCode;
      await step(ctx, 0x1d); // declined
      if (scenario === 'decline-status') {
        await ctx.sendAndWait(statusInformationApdu({ ...newTransaction(ctx, amountCents, currency), resultCode: code }));
      }
      return await finishAbort(ctx, code, 'declined', amountCents);
    }
    // The host approved: book first, as a real terminal does, then tell the ECR. From here on an
    // ECR abort is refused: the money has moved, only a reversal can undo it.
    const t = newTransaction(ctx, amountCents, currency);
    book(ctx, t, 'sale');
    await printReceipt(ctx, t);
    await ctx.sendAndWait(statusInformationApdu(t), false);
    if (scenario === 'silent-after-approval') return;
    await ctx.send(completionApdu([]));
    ctx.emit({ type: 'sale-end', outcome: 'approved', amountCents, resultCode: 0 });
    // The ECR's 80 00 to the completion is awaited but not required: the sale is booked.
    await ctx.sendAndWaitAck().catch(() => undefined);
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
    if (err.why === 'abort') {
      await ctx.send(ackApdu());
      await finishAbort(ctx, RESULT_ABORT, 'aborted', amountCents);
    } else ctx.emit({ type: 'sale-end', outcome: 'abandoned', amountCents });
  }
}

/** 06 20: replays the last booking (04 0F and print lines) or says there is none. */
export async function repeatReceipt(ctx: SimContext): Promise<void> {
  const last = ctx.ledger.last;
  try {
    if (!last) {
      await ctx.send(abortMessageApdu(0x83));
      await ctx.sendAndWaitAck();
      return;
    }
    const t = fromLedger(ctx, last);
    await printReceipt(ctx, t);
    await ctx.sendAndWait(statusInformationApdu(t), false);
    await ctx.sendAndWait(completionApdu([]), false);
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  }
}

/** 06 30: cancels a sale of today by receipt number; B4 when it was already reversed. */
export async function reversal(ctx: SimContext, data: Uint8Array): Promise<void> {
  const { receiptNo } = readAmount(data.subarray(3), ctx.opts.currency);
  if (receiptNo === undefined) {
    await ctx.send(nackApdu(0x9a));
    return;
  }
  await ctx.send(ackApdu());
  try {
    const sale = ctx.ledger.findSale(receiptNo);
    if (!sale || sale.reversed) {
      await ctx.send(abortMessageApdu(sale ? 0xb4 : 0xb5));
      await ctx.sendAndWaitAck().catch(() => undefined);
      return;
    }
    await ctx.pause();
    const t = { ...newTransaction(ctx, sale.amountCents, sale.currency), originalTrace: sale.trace };
    ctx.ledger.bookReversal(sale, toEntry(t, 'reversal'));
    ctx.emit({ type: 'booked', kind: 'reversal', trace: t.trace, receiptNo: t.receiptNo, amountCents: t.amountCents });
    await printReceipt(ctx, t);
    await ctx.sendAndWait(statusInformationApdu(t), false);
    await ctx.sendAndWait(completionApdu([]), false);
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  }
}

/** 06 31: pays an amount back to the card presented. */
export async function refund(ctx: SimContext, data: Uint8Array): Promise<void> {
  const { amountCents, currency } = readAmount(data.subarray(3), ctx.opts.currency);
  if (!amountCents) {
    await ctx.send(nackApdu(0x9a));
    return;
  }
  await ctx.send(ackApdu());
  try {
    await step(ctx, 0x0a);
    const t = newTransaction(ctx, amountCents, currency);
    book(ctx, t, 'refund');
    await ctx.sendAndWait(statusInformationApdu(t), false);
    await ctx.sendAndWait(completionApdu([]), false);
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  }
}

/** 06 50: reports the day's net total (sales not reversed, less refunds). */
export async function endOfDay(ctx: SimContext): Promise<void> {
  const entries = ctx.ledger.entries;
  const total = entries.reduce((sum, e) => sum + (e.kind === 'sale' && !e.reversed ? e.amountCents : e.kind === 'refund' ? -e.amountCents : 0), 0);
  const t = { ...newTransaction(ctx, Math.max(total, 0), ctx.opts.currency), receiptLines: [{ attr: 0x40, text: 'END OF DAY' }, { attr: 0x80, text: `TOTAL ${(total / 100).toFixed(2)}` }] };
  try {
    await printReceipt(ctx, t);
    await ctx.sendAndWait(statusInformationApdu(t), false);
    await ctx.sendAndWait(completionApdu([]), false);
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
  }
}

/** Intermediate status only when the ECR asked for it (config bit 0x08); the pause happens anyway. */
async function step(ctx: SimContext, status: number, pauseMs?: number): Promise<void> {
  if (ctx.configByte & 0x08) await ctx.sendAndWait(intermediateStatusApdu(status));
  await ctx.pause(pauseMs);
}

/** Print lines only when the ECR prints payment receipts (0x02) and wants them as print messages (0x80). */
async function printReceipt(ctx: SimContext, t: SimTransaction): Promise<void> {
  if ((ctx.configByte & 0x82) !== 0x82) return;
  for (const line of t.receiptLines) await ctx.sendAndWait(printLineApdu(line.attr, line.text), false);
}

async function finishAbort(ctx: SimContext, code: number, outcome: 'declined' | 'aborted', amountCents: number): Promise<void> {
  await ctx.send(abortMessageApdu(code));
  ctx.emit({ type: 'sale-end', outcome, amountCents, resultCode: code });
  await ctx.sendAndWaitAck().catch(() => undefined);
}

function book(ctx: SimContext, t: SimTransaction, kind: 'sale' | 'refund'): void {
  ctx.ledger.book(toEntry(t, kind));
  if (kind === 'sale') ctx.remember(t);
  ctx.emit({ type: 'booked', kind, trace: t.trace, receiptNo: t.receiptNo, amountCents: t.amountCents });
}

function toEntry(t: SimTransaction, kind: LedgerEntry['kind']): LedgerEntry {
  return {
    kind,
    trace: t.trace,
    receiptNo: t.receiptNo,
    amountCents: t.amountCents,
    currency: t.currency,
    at: t.at.toISOString(),
    ...(t.originalTrace !== undefined && { originalTrace: t.originalTrace }),
  };
}

function newTransaction(ctx: SimContext, amountCents: number, currency: number): SimTransaction {
  const { trace, receiptNo } = ctx.nextNumbers();
  return transaction(ctx, { amountCents, currency, trace, receiptNo, at: ctx.opts.clock() });
}

function fromLedger(ctx: SimContext, e: LedgerEntry): SimTransaction {
  const t = transaction(ctx, { amountCents: e.amountCents, currency: e.currency, trace: e.trace, receiptNo: e.receiptNo, at: new Date(e.at) });
  return e.originalTrace === undefined ? t : { ...t, originalTrace: e.originalTrace };
}

function transaction(ctx: SimContext, f: { amountCents: number; currency: number; trace: number; receiptNo: number; at: Date }): SimTransaction {
  const base = {
    resultCode: 0,
    ...f,
    turnoverNo: f.trace,
    panMasked: '************1234',
    expiry: '2912',
    cardType: 10,
    cardName: 'Visa',
    authCode: `A${String(f.trace).padStart(5, '0')}`,
    terminalId: ctx.opts.terminalId,
  };
  return { ...base, receiptLines: customerReceipt(base, f.currency === CURRENCY_QAR ? 'QAR' : String(f.currency)) };
}
