import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCardExpired } from '../../../drivers/card/expiry';
import { customerReceipt, statusInformationApdu, type SimTransaction } from '../../../drivers/payment/sim/messages';
import { DEMO_QID, demoSponsoredPeople } from '../../../gateway';
import { demoClaims } from '../../../gateway/demo-claims';
import { demoResidencePermit } from '../../../gateway/demo-permits';
import { SimLedger } from '../../../gateway/sim-ledger';
import { demoVisa } from '../../../gateway/demo-visas';
import { isExpired } from '../../../main/core/person';
import { permitView } from '../../../main/core/inquiry-views';
import { localDay } from '../../../offline-cache/outbox-row';
import { addDays, civilDate, civilTime, daysBetween, epochDay, KIOSK_TIME_ZONE, zonedInstant } from '../../../shared/civil-date';

// Three instants of 6 December 2026 in UTC: the last minute Doha (UTC+3) is on the 6th, the
// first minute it is on the 7th, and the last minute of the 6th in UTC (02:59 on the 7th in Doha).
const AT_2059 = Date.parse('2026-12-06T20:59:00Z');
const AT_2100 = Date.parse('2026-12-06T21:00:00Z');
const AT_2359 = Date.parse('2026-12-06T23:59:00Z');

// The machine's own zone must not matter: run these on one that is behind UTC, as a
// developer's laptop or a CI runner may be (Node re-reads TZ when it is set).
let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('the civil date in Doha', () => {
  it('turns at 21:00 UTC, not at midnight UTC nor at the machine\'s midnight', () => {
    expect(new Date(AT_2100).getDate()).toBe(6); // the machine's zone is still on the 6th
    expect(civilDate(AT_2059)).toBe('2026-12-06');
    expect(civilDate(AT_2100)).toBe('2026-12-07');
    expect(civilDate(AT_2359)).toBe('2026-12-07');
    expect(civilTime(AT_2359)).toEqual({ year: 2026, month: 12, day: 7, hour: 2, minute: 59, second: 0 });
    expect(civilTime(AT_2100).hour).toBe(0);
  });

  it('in another zone when asked, and the year turns in Doha first', () => {
    expect(KIOSK_TIME_ZONE).toBe('Asia/Qatar');
    expect(civilDate(AT_2100, 'UTC')).toBe('2026-12-06');
    expect(civilTime(Date.parse('2026-12-31T21:00:00Z')).year).toBe(2027);
    expect(civilTime(Date.parse('2026-12-31T20:59:00Z')).year).toBe(2026);
  });

  it('counts whole days across months, years and a leap day', () => {
    expect(daysBetween('2026-12-07', '2026-12-07')).toBe(0);
    expect(daysBetween('2026-12-07', '2027-01-06')).toBe(30);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-07', '2026-12-01')).toBe(-6);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(epochDay('1970-01-02')).toBe(1);
    expect(epochDay('7 December')).toBeNaN();
  });
});

describe('what the kiosk dates with it', () => {
  it('days left of a residence permit: one fewer from 21:00 UTC', () => {
    const left = (ms: number) => permitView({ status: 'valid', validUntil: '2026-12-10', idNumberMasked: '356••••••71' }, ms).daysLeft;
    expect(left(AT_2059)).toBe(4);
    expect(left(AT_2100)).toBe(3);
    expect(left(AT_2359)).toBe(3);
  });

  it('a card valid until the 6th is expired from 21:00 UTC on the 6th, in main and in the reader', () => {
    for (const expired of [(ms: number) => isExpired('2026-12-06', ms), (ms: number) => isCardExpired('2026-12-06', new Date(ms))]) {
      expect(expired(AT_2059)).toBe(false);
      expect(expired(AT_2100)).toBe(true);
      expect(expired(AT_2359)).toBe(true);
    }
  });

  it('the day in a local reference is Doha\'s', () => {
    expect(localDay(AT_2059)).toBe('20261206');
    expect(localDay(AT_2100)).toBe('20261207');
    expect(localDay(AT_2359)).toBe('20261207');
  });

  it('the simulator\'s today: the demo visitor\'s visa ends 21 days after the day in Doha', () => {
    const visitorUntil = (ms: number) => demoSponsoredPeople(DEMO_QID, new Date(ms))[2]!.documentValidUntil;
    expect(visitorUntil(AT_2059)).toBe('2026-12-27');
    expect(visitorUntil(AT_2100)).toBe('2026-12-28');
    expect(visitorUntil(AT_2359)).toBe('2026-12-28');
    const visitor = demoSponsoredPeople(DEMO_QID, new Date(AT_2100))[2]!;
    expect(demoVisa(DEMO_QID, visitor.id, new Date(AT_2100))?.validUntil).toBe('2026-12-28');
  });

  it('the simulator\'s permits are counted from the day in Doha', () => {
    // A QID whose own permit the simulator derives: its last day is a fixed number of days from today.
    const until = (ms: number) => demoResidencePermit('28435600123', undefined, new Date(ms))!.validUntil;
    expect(daysBetween('2026-12-06', until(AT_2059))).toBe(daysBetween('2026-12-07', until(AT_2100)));
    expect(until(AT_2100)).toBe(addDays(until(AT_2059), 1));
    expect(until(AT_2359)).toBe(until(AT_2100));
  });

  it('the ministry numbers a request by Doha\'s year', () => {
    const ledger = new SimLedger();
    const body = (localRef: string) => ({
      serviceId: 'national-address',
      applicant: { idNumber: DEMO_QID },
      payload: { zone: 1 },
      submittedAt: '2026-12-31T23:59:00+03:00',
      localRef,
      kioskId: 'K01',
    });
    const before = ledger.submit('1f1c1d52-3b0e-4e43-9d6a-0f1c2b3a4d5e', body('K01-20261231-000001'), new Date('2026-12-31T20:59:00Z'));
    const after = ledger.submit('2f1c1d52-3b0e-4e43-9d6a-0f1c2b3a4d5e', body('K01-20270101-000001'), new Date('2026-12-31T21:00:00Z'));
    expect((before.body as { ministryRef: string }).ministryRef).toMatch(/^MOI-2026-/);
    expect((after.body as { ministryRef: string }).ministryRef).toMatch(/^MOI-2027-/);
  });

  it('the terminal simulator\'s clock reads Doha\'s time', () => {
    const sale: SimTransaction = {
      resultCode: 0, amountCents: 10_000, currency: 634, trace: 1, receiptNo: 1, turnoverNo: 1, at: new Date(AT_2100),
      panMasked: '4242', expiry: '2812', cardType: 10, cardName: 'Visa', authCode: '318204', terminalId: '52500001', receiptLines: [],
    };
    expect(customerReceipt(sale, 'QAR').map((l) => l.text)).toContain('2026-12-07 00:00:00');
    // BMP 0D (MMDD) = 12 07, BMP 0C (HHMMSS) = 00 00 00 in BCD.
    const bytes = Buffer.from(statusInformationApdu(sale).data).toString('hex');
    expect(bytes).toContain('0d1207');
    expect(bytes).toContain('0c000000');
  });
});

describe('a wall-clock reading in Doha', () => {
  it('names the instant three hours before the same reading in UTC', () => {
    expect(zonedInstant('2026-12-07T00:00:00')).toBe(AT_2100);
    expect(zonedInstant('2026-12-06T23:59')).toBe(AT_2059);
    expect(zonedInstant('2026-12-07T02:59:00')).toBe(AT_2359);
    expect(zonedInstant('2026-12-07T00:00:00', 'UTC')).toBe(Date.parse('2026-12-07T00:00:00Z'));
    expect(zonedInstant('--12-07T00:00:00')).toBeNaN();
  });

  it('in a zone with summer time, on both sides of the change', () => {
    expect(zonedInstant('2026-03-08T01:30:00', 'America/New_York')).toBe(Date.parse('2026-03-08T06:30:00Z'));
    expect(zonedInstant('2026-03-08T03:30:00', 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
  });
});

describe('the simulator\'s financial claims', () => {
  it('are dated back from the day in Doha', () => {
    const issued = (ms: number) => demoClaims(DEMO_QID, undefined, new Date(ms))!.map((c) => c.issuedOn);
    expect(issued(AT_2100)).toEqual(issued(AT_2059).map((d) => addDays(d, 1)));
    expect(issued(AT_2359)).toEqual(issued(AT_2100));
  });
});
