import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFUSED, safeAttributes } from '../../../main/telemetry/attributes';
import demo from '../../../drivers/card/sim/demo-identity.json';

describe('telemetry attributes: codes only, nothing personal', () => {
  it('keeps codes from the fixed keys', () => {
    expect(safeAttributes({ device: 'printer', status: 'userError', reason: 'paper-out', service: 'pay-traffic-fines', code: 'card-mute', version: '20261201.3' })).toEqual({
      device: 'printer',
      status: 'userError',
      reason: 'paper-out',
      service: 'pay-traffic-fines',
      code: 'card-mute',
      version: '20261201.3',
    });
  });

  it('refuses every value of the demo identity, whichever key it is put under', () => {
    const refused: string[] = [];
    const values = [demo.idNumber, demo.documentNumber, demo.surname, demo.givenNames, demo.birthPlace, demo.nationality, demo.sex, demo.address.municipality, `${demo.givenNames} ${demo.surname}`, demo.surnameAr, demo.givenNamesAr, demo.birthDate.replaceAll('-', ''), demo.address.street, '4111111111111111', '5213 **** **** 1234'];
    for (const value of values) {
      const out = safeAttributes({ code: value, service: value }, (k) => refused.push(k));
      expect(out).toEqual({ code: REFUSED, service: REFUSED });
    }
    expect(refused).toHaveLength(values.length * 2);
  });

  it('allows only the closed set of a closed key', () => {
    expect(safeAttributes({ device: 'printer', status: 'offline', outcome: 'completed' })).toEqual({ device: 'printer', status: 'offline', outcome: 'completed' });
    expect(safeAttributes({ device: 'ahmed', status: 'Ahmed', outcome: 'ok' })).toEqual({ device: REFUSED, status: REFUSED, outcome: REFUSED });
  });

  it('drops keys outside the list (a name, an id number), telling which key but not its value', () => {
    const heard: string[] = [];
    expect(safeAttributes({ idNumber: 'x', name: 'y', device: 'terminal' }, (k) => heard.push(k))).toEqual({ device: 'terminal' });
    expect(heard).toEqual(['idNumber', 'name']);
  });

  it('never lets an 11-digit ID number through, embedded in anything', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z-]{0,20}$/), fc.stringMatching(/^[23]\d{10}$/), fc.stringMatching(/^[a-z-]{0,20}$/), (pre, qid, post) => {
        const out = safeAttributes({ code: `${pre}${qid}${post}`, reason: `${pre}${qid}${post}` });
        return out.code === REFUSED && out.reason === REFUSED;
      }),
    );
  });
});
