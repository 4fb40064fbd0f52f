import { describe, expect, it } from 'vitest';
import {
  encodeCommandApdu,
  encodeResponseApdu,
  fromHex,
  parseCommandApdu,
  parseResponseApdu,
  readBinary,
  selectByAid,
  selectByPath,
  selectEf,
  toHex,
} from '../../../drivers/card/apdu';
import { CardError } from '../../../drivers/card/errors';
import { h } from './helpers';

describe('encodeCommandApdu', () => {
  it('case 1: header only', () => {
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c }))).toBe('00A4000C');
  });
  it('case 2 short: Le, with 256 as 00', () => {
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 0xf4 }))).toBe('00B00000F4');
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 }))).toBe('00B0000000');
  });
  it('case 3 short: Lc + data', () => {
    expect(toHex(encodeCommandApdu(selectByPath(h('DF01 4031'))))).toBe('00A4080C04DF014031');
  });
  it('case 4 short: Lc + data + Le', () => {
    expect(toHex(encodeCommandApdu(selectEf(0x0101, true)))).toBe('00A40200020101' + '00');
  });
  it('case 2 extended: 00 + two Le bytes, 65536 as 0000', () => {
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 1000 }))).toBe('00B00000' + '0003E8');
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 65536 }))).toBe('00B00000' + '000000');
  });
  it('case 3/4 extended when data exceeds 255 bytes: Le is two bytes after an extended Lc', () => {
    const data = new Uint8Array(300).fill(0xab);
    const c3 = encodeCommandApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data });
    expect(toHex(c3.subarray(0, 7))).toBe('00D60000' + '00012C');
    expect(c3.length).toBe(7 + 300);
    const c4 = encodeCommandApdu({ cla: 0, ins: 0x2a, p1: 0x9e, p2: 0x9a, data, ne: 512 });
    expect(toHex(c4.subarray(c4.length - 2))).toBe('0200');
    expect(c4.length).toBe(7 + 300 + 2);
  });
  it('forced extended form for small lengths', () => {
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 16 }, { extended: true }))).toBe('00B00000000010');
  });
  it('rejects a header field that is not a byte', () => {
    expect(() => encodeCommandApdu({ cla: 0x100, ins: 0, p1: 0, p2: 0 })).toThrow(CardError);
  });
});

describe('parseCommandApdu (round trip)', () => {
  const cases = [
    { cla: 0, ins: 0xa4, p1: 0, p2: 0x0c },
    { cla: 0, ins: 0xb0, p1: 1, p2: 2, ne: 256 },
    { cla: 0, ins: 0xb0, p1: 1, p2: 2, ne: 17 },
    { cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: h('D634000001494401') },
    { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: h('D634000001494401'), ne: 256 },
    { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4000 },
    { cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(400).fill(1) },
    { cla: 0, ins: 0x2a, p1: 0, p2: 0, data: new Uint8Array(400).fill(2), ne: 65536 },
  ];
  for (const c of cases) {
    it(`${toHex(encodeCommandApdu(c)).slice(0, 24)}…`, () => {
      expect(parseCommandApdu(encodeCommandApdu(c))).toEqual(c);
    });
  }
  it('Lc that does not match the body is wrong-length (6700)', () => {
    const err = (() => {
      try {
        parseCommandApdu(h('00A4040C05D634'));
      } catch (e) {
        return e as CardError;
      }
    })();
    expect(err).toBeInstanceOf(CardError);
    expect(err?.code).toBe('wrong-length');
    expect(err?.sw).toBe(0x6700);
  });
  it('fewer than 4 bytes is wrong-length', () => {
    expect(() => parseCommandApdu(h('00A4'))).toThrow(/too short/);
  });
});

describe('responses', () => {
  it('splits data and SW1SW2', () => {
    expect(parseResponseApdu(h('0102039000'))).toEqual({ data: h('010203'), sw: 0x9000 });
    expect(parseResponseApdu(h('6A82'))).toEqual({ data: new Uint8Array(0), sw: 0x6a82 });
  });
  it('a response shorter than a status word is malformed-data', () => {
    expect(() => parseResponseApdu(h('90'))).toThrow(expect.objectContaining({ code: 'malformed-data' }));
  });
  it('encodes what it parses', () => {
    expect(toHex(encodeResponseApdu(h('AABB'), 0x6282))).toBe('AABB6282');
  });
});

describe('command constructors', () => {
  it('SELECT by AID without FCI is 00 A4 04 0C', () => {
    expect(toHex(encodeCommandApdu(selectByAid(h('D634000001494401'))))).toBe('00A4040C08D634000001494401');
  });
  it('READ BINARY puts the 15-bit offset in P1P2', () => {
    expect(toHex(encodeCommandApdu(readBinary(0x1f4, 0xf4)))).toBe('00B001F4F4');
    expect(() => readBinary(0x8000, 1)).toThrow(CardError);
  });
  it('hex helpers accept spaces and colons and reject odd input', () => {
    expect(toHex(fromHex('3b:9a 96'))).toBe('3B9A96');
    expect(() => fromHex('ABC')).toThrow(CardError);
  });
});
