import { describe, expect, it } from 'vitest';
import { DEMO_NO_VISA_SPONSOR_QID, DEMO_QID, demoSponsoredPeople, maskPassport, maskQid, SponsoredPerson } from '../../../gateway';

const ARABIC_ONLY = /^[\u0600-\u06FF ]+$/;
const LATIN_ONLY = /^[A-Za-z' -]+$/;
const TODAY = new Date('2026-11-28T08:00:00Z');
const qids = Array.from({ length: 400 }, (_, i) => `${i % 2 ? 2 : 3}${String(1_000_000_000 + i * 7_919_113).slice(0, 10)}`);

describe('demo sponsored people', () => {
  it('gives the demo card an employee, a family member and a visitor whose visa ends soon', () => {
    const people = demoSponsoredPeople(DEMO_QID, TODAY);
    expect(people.map((p) => [p.relation, p.givenNames, p.surname, p.givenNamesAr, p.surnameAr])).toEqual([
      ['employee', 'Rajesh', 'Kumar', 'راجيش', 'كومار'],
      ['family', 'Maryam', 'Al-Kuwari', 'مريم', 'الكواري'],
      ['visitor', 'Fatima', 'Ahmed', 'فاطمة', 'أحمد'],
    ]);
    const visitor = people[2]!;
    expect(visitor.documentValidUntil).toBe('2026-12-19');
    expect(visitor.idNumberMasked).toBe('••••••67');
    expect(people[0]!.idNumberMasked).toBe('356••••••71');
  });

  it('gives the no-visa sponsor one visitor listed without a last day, the demo card’s people unchanged', () => {
    const people = demoSponsoredPeople(DEMO_NO_VISA_SPONSOR_QID, TODAY);
    expect(people.map((p) => [p.relation, p.givenNames, p.surname, p.givenNamesAr, p.surnameAr, p.idNumberMasked])).toEqual([['visitor', 'Aisha', 'Hassan', 'عائشة', 'حسن', '••••••82']]);
    expect(people[0]!.documentValidUntil).toBeUndefined();
    expect(SponsoredPerson.safeParse(people[0]).success).toBe(true);
    expect(people[0]!.id).not.toContain(DEMO_NO_VISA_SPONSOR_QID.slice(-5));
    expect(demoSponsoredPeople(DEMO_QID, TODAY).filter((p) => p.relation === 'visitor')).toHaveLength(1);
  });

  it('keeps the demo visitor’s visa in the near future whatever the day', () => {
    for (const today of [new Date(), new Date('2030-02-28T23:59:00Z')]) {
      const until = Date.parse(demoSponsoredPeople(DEMO_QID, today)[2]!.documentValidUntil!);
      expect(until - today.getTime()).toBeGreaterThan(7 * 86_400_000);
      expect(until - today.getTime()).toBeLessThan(60 * 86_400_000);
    }
  });

  it('is deterministic per QID and gives each person 0 to 2 valid people, names in both scripts', () => {
    const counts = new Set<number>();
    const relations = new Set<string>();
    for (const qid of qids) {
      const people = demoSponsoredPeople(qid, TODAY);
      expect(demoSponsoredPeople(qid, TODAY)).toEqual(people);
      counts.add(people.length);
      for (const p of people) {
        relations.add(p.relation);
        expect(SponsoredPerson.safeParse(p).success).toBe(true);
        expect(`${p.givenNamesAr} ${p.surnameAr}`).toMatch(ARABIC_ONLY);
        expect(`${p.givenNames} ${p.surname}`).toMatch(LATIN_ONLY);
        expect(p.id).not.toContain(qid.slice(-5));
      }
    }
    expect([...counts].sort()).toEqual([0, 1, 2]);
    expect([...relations].sort()).toEqual(['employee', 'family', 'visitor']);
    const ids = qids.flatMap((q) => demoSponsoredPeople(q, TODAY).map((p) => p.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('masks a QID to its first three and last two digits, a passport to its last two', () => {
    expect(maskQid('28463400123')).toBe('284••••••23');
    expect(maskPassport('48213567')).toBe('••••••67');
  });
});
