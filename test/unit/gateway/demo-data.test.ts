import { describe, expect, it } from 'vitest';
import { DEMO_QID, demoFines, Fine, OFFENCES } from '../../../gateway';

const ARABIC = /[\u0600-\u06FF]/;
const qids = Array.from({ length: 400 }, (_, i) => `${i % 2 ? 2 : 3}${String(1_000_000_000 + i * 7_919_113).slice(0, 10)}`);

describe('demo fines', () => {
  it('gives the demo card two fines, 800 QAR in total', () => {
    const fines = demoFines(DEMO_QID);
    expect(fines).toHaveLength(2);
    expect(fines.reduce((sum, f) => sum + f.amountCents, 0)).toBe(800_00);
    expect(fines.map((f) => f.offence.en)).toEqual(['Speeding', 'Parking in a prohibited place']);
  });

  it('is deterministic per QID and gives each person 0 to 3 valid fines', () => {
    const counts = new Set<number>();
    for (const qid of qids) {
      const fines = demoFines(qid);
      expect(demoFines(qid)).toEqual(fines);
      counts.add(fines.length);
      for (const f of fines) {
        expect(Fine.safeParse(f).success).toBe(true);
        expect(f.offence.ar).toMatch(ARABIC);
        expect(f.place?.ar).toMatch(ARABIC);
      }
      expect(fines.map((f) => f.date)).toEqual(fines.map((f) => f.date).sort());
    }
    expect([...counts].sort()).toEqual([0, 1, 2, 3]);
  });

  it('uses every offence kind, with ids unique across people that do not reveal the QID', () => {
    const all = qids.flatMap(demoFines);
    expect(new Set(all.map((f) => f.offence.en))).toEqual(new Set(OFFENCES.map((o) => o.offence.en)));
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    for (const qid of qids.slice(0, 50)) for (const f of demoFines(qid)) expect(f.id).not.toContain(qid.slice(-5));
  });
});
