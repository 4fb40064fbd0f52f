import { describe, expect, it } from 'vitest';
import {
  authorizationApdu,
  bmpTlv,
  CURRENCY_EUR,
  decodeBmps,
  decodePan,
  decodeTlv,
  encodeApdu,
  encodeBcd,
  encodeBmp,
  encodePan,
  encodeTlv,
  findTlv,
  parseIntermediateStatus,
  parsePrintLine,
  parseStatusInfo,
  parseTextBlock,
  registrationApdu,
  statusDateTime,
  ZvtCodecError,
} from '../../../drivers/payment';
import { ascii, h } from './fixtures';

const bytes = (u: Uint8Array) => Array.from(u);

describe('command APDUs', () => {
  it('authorization of 1.50 EUR matches the fact-sheet APDU', () => {
    expect(bytes(encodeApdu(authorizationApdu(150, CURRENCY_EUR)))).toEqual(bytes(h('06 01 0A 04 00 00 00 00 01 50 49 09 78')));
  });
  it('authorization in QAR carries BMP 49 06 34', () => {
    expect(bytes(encodeApdu(authorizationApdu(150)))).toEqual(bytes(h('06 01 0A 04 00 00 00 00 01 50 49 06 34')));
  });
  it('authorization without currency (null) leaves BMP 49 out', () => {
    expect(bytes(encodeApdu(authorizationApdu(150, null)))).toEqual(bytes(h('06 01 07 04 00 00 00 00 01 50')));
  });
  it('rejects amounts BMP 04 cannot carry', () => {
    for (const bad of [0, -1, 1.5, 1e12, Number.NaN]) {
      expect(() => authorizationApdu(bad)).toThrowError(expect.objectContaining({ code: 'invalid-amount' }));
    }
    expect(bytes(encodeApdu(authorizationApdu(999_999_999_999)).subarray(3, 10))).toEqual(bytes(h('04 99 99 99 99 99 99')));
  });
  it('registration: password, config byte 0xBA, currency, and the 06 D3 permission TLV', () => {
    expect(bytes(encodeApdu(registrationApdu({ allowTextBlocks: true })))).toEqual(
      bytes(h('06 00 0F 00 00 00 BA 49 06 34 06 06 26 04 0A 02 06 D3')),
    );
    expect(bytes(encodeApdu(registrationApdu({ currency: 978, serviceByte: 0x01 })))).toEqual(bytes(h('06 00 09 00 00 00 BA 49 09 78 03 01')));
  });
  it('rejects a password that is not 6 digits', () => {
    expect(() => registrationApdu({ password: '12' })).toThrowError(expect.objectContaining({ code: 'invalid-argument' }));
  });
});

describe('BMP and TLV', () => {
  it('encodes LLVAR lengths as F0|digit', () => {
    expect(bytes(encodeBmp(0x8b, new TextEncoder().encode('Debit Mastercard\0')))).toEqual(bytes(h(`8B F1 F7 ${ascii('Debit Mastercard')} 00`)));
  });
  it('encodes LLLVAR lengths', () => {
    expect(bytes(encodeBmp(0x3c, new Uint8Array(123)).subarray(0, 4))).toEqual([0x3c, 0xf1, 0xf2, 0xf3]);
  });
  it('refuses a fixed BMP of the wrong size', () => {
    expect(() => encodeBmp(0x04, new Uint8Array(5))).toThrow(ZvtCodecError);
  });
  it('returns the rest raw from the first unknown tag', () => {
    const out = decodeBmps(h('27 00 FE 01 02'));
    expect(out.fields.map((f) => f.tag)).toEqual([0x27]);
    expect(bytes(out.rest!)).toEqual([0xfe, 0x01, 0x02]);
  });
  it('throws a typed error for a truncated field or a bad length digit', () => {
    expect(() => decodeBmps(h('04 00 00 01'))).toThrowError(expect.objectContaining({ code: 'bad-bmp' }));
    expect(() => decodeBmps(h('22 F0 3A 11'))).toThrowError(expect.objectContaining({ code: 'bad-bmp' }));
  });
  it('TLV: BER lengths 81 and 82, two-byte tags, constructed containers', () => {
    const long = new Uint8Array(300).fill(0x41);
    const enc = encodeTlv([{ tag: 0x1f07, value: Uint8Array.of(2) }, { tag: 0x25, value: new Uint8Array(), children: [{ tag: 0x07, value: long }] }]);
    expect(bytes(enc.subarray(0, 4))).toEqual([0x1f, 0x07, 0x01, 0x02]);
    expect(bytes(enc.subarray(4, 8))).toEqual([0x25, 0x82, 0x01, 0x30]);
    expect(bytes(enc.subarray(8, 12))).toEqual([0x07, 0x82, 0x01, 0x2c]);
    const dec = decodeTlv(enc);
    expect(findTlv(dec, 0x1f07)?.value[0]).toBe(2);
    expect(findTlv(dec, 0x07)?.value).toHaveLength(300);
    expect(bytes(encodeTlv([{ tag: 0x07, value: new Uint8Array(200) }]).subarray(0, 3))).toEqual([0x07, 0x81, 0xc8]);
  });
  it('TLV: a value running past its container is a typed error', () => {
    expect(() => decodeTlv(h('07 05 41 42'))).toThrowError(expect.objectContaining({ code: 'bad-tlv' }));
  });
  it('BMP 06 uses BER lengths too', () => {
    const bmp = bmpTlv([{ tag: 0x07, value: new Uint8Array(200) }]);
    expect(bytes(bmp.subarray(0, 3))).toEqual([0x06, 0x81, 0xcb]);
    expect(decodeBmps(bmp).fields[0]?.tlv?.[0]?.value).toHaveLength(200);
  });
});

describe('PAN', () => {
  it('decodes E as a masked digit and drops F padding', () => {
    expect(decodePan(h('EE EE EE EE EE EE 47 71'))).toBe('************4771');
    expect(decodePan(h('EE EE EE EE EE EE 47 1F'))).toBe('************471');
  });
  it('masks a clear PAN down to the last four digits', () => {
    expect(decodePan(h('45 11 22 33 44 55 66 77'))).toBe('************6677');
  });
  it('round-trips through encodePan', () => {
    expect(decodePan(encodePan('************1234'))).toBe('************1234');
    expect(bytes(encodePan('*****'))).toEqual([0xee, 0xee, 0xef]);
  });
});

describe('status information (04 0F)', () => {
  it('parses the Worldline VALINA capture from the fact sheet', () => {
    const data = h(
      `27 00 04 00 00 00 00 01 54 0B 00 00 87 0C 22 51 47 0D 04 16 22 F0 F8 EE EE EE EE EE EE 47 71
       29 29 00 16 12 87 00 87 8A 2E 8B F1 F7 ${ascii('Debit Mastercard')} 00`,
    );
    const info = parseStatusInfo(data);
    expect(info).toMatchObject({
      resultCode: 0,
      amountCents: 154,
      trace: 87,
      time: '225147',
      date: '0416',
      panMasked: '************4771',
      terminalId: '29001612',
      receiptNo: 87,
      cardType: 0x2e,
      cardName: 'Debit Mastercard',
    });
    expect(info.unparsed).toBeUndefined();
    expect(statusDateTime(info)).toBe('--04-16T22:51:47');
  });
  it('reads auth code, full date, currency, host result and a TLV container', () => {
    const data = h(`27 05 49 06 34 3B ${ascii('A00042  ')} AA 26 11 28 0C 14 03 22 A0 05 06 04 1F 07 01 02`);
    const info = parseStatusInfo(data);
    expect(info).toMatchObject({ resultCode: 5, currency: 634, authCode: 'A00042', fullDate: '261128', hostResultCode: 5 });
    expect(findTlv(info.tlv!, 0x1f07)?.value[0]).toBe(2);
    expect(statusDateTime(info)).toBe('2026-11-28T14:03:22');
  });
  it('shows a binary auth code as hex', () => {
    expect(parseStatusInfo(h('3B 00 01 02 03 04 05 06 07')).authCode).toBe('0001020304050607');
  });
  it('throws a typed error on bad BCD in a numeric field', () => {
    expect(() => parseStatusInfo(h('0B 00 0A 00'))).toThrowError(expect.objectContaining({ code: 'bad-bcd' }));
  });
});

describe('intermediate status (04 FF)', () => {
  const cases: [string, string][] = [
    ['0A', 'insert-card'],
    ['01', 'enter-pin'],
    ['02', 'enter-pin'],
    ['15', 'wrong-pin'],
    ['04', 'waiting-for-host'],
    ['0B', 'remove-card'],
    ['0C', 'card-not-readable'],
    ['0E', 'please-wait'],
    ['17', 'please-wait'],
    ['4B', 'remove-card'],
    ['5D', 'remove-card'],
    ['F2', 'processing'],
  ];
  for (const [code, prompt] of cases) {
    it(`maps ${code} to ${prompt}`, () => {
      expect(parseIntermediateStatus(h(code)).prompt).toBe(prompt);
    });
  }
  it('uses the terminal display text from TLV 24/07 and reads the timeout byte', () => {
    const tlv = bmpTlv([{ tag: 0x24, value: new Uint8Array(), children: [{ tag: 0x07, value: new TextEncoder().encode('Karte bitte') }] }]);
    const s = parseIntermediateStatus(Uint8Array.from([0xff, 0x0a, ...tlv]));
    expect(s).toMatchObject({ code: 0xff, timeoutSec: 10, text: 'Karte bitte', prompt: 'processing' });
  });
  it('falls back to a standard text', () => {
    expect(parseIntermediateStatus(h('0A')).text).toBe('Insert card');
  });
});

describe('print messages', () => {
  it('06 D1: attribute bits and text', () => {
    expect(parsePrintLine(Uint8Array.from([0x40, ...new TextEncoder().encode('TOTAL')]))).toMatchObject({ text: 'TOTAL', centred: true, lastLine: false });
    expect(parsePrintLine(Uint8Array.from([0x80, 0x41]))).toMatchObject({ text: 'A', lastLine: true });
    expect(parsePrintLine(Uint8Array.from([0x30, 0x41]))).toMatchObject({ doubleWidth: true, doubleHeight: true });
    expect(parsePrintLine(h('FF 02'))).toMatchObject({ lineFeed: true, text: '' });
  });
  it('06 D3: receipt type, text lines and end marker', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const data = bmpTlv([
      { tag: 0x1f07, value: Uint8Array.of(2) },
      { tag: 0x25, value: new Uint8Array(), children: [{ tag: 0x07, value: enc('Kundenbeleg') }, { tag: 0x07, value: enc('EUR 1,50') }] },
      { tag: 0x09, value: new Uint8Array() },
    ]);
    expect(parseTextBlock(data)).toEqual({ receiptType: 'customer', lines: ['Kundenbeleg', 'EUR 1,50'], endOfReceipt: true });
  });
});

describe('BCD', () => {
  it('pads and refuses too many digits', () => {
    expect(bytes(encodeBcd(634, 2))).toEqual([0x06, 0x34]);
    expect(() => encodeBcd(12345, 2)).toThrowError(expect.objectContaining({ code: 'bad-bcd' }));
  });
});
