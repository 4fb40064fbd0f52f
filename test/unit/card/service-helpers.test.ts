import { describe, expect, it } from 'vitest';
import { isServiceGone, pcscCode, pcscToCardError } from '../../../drivers/card/pcsc';
import { readerMatcher } from '../../../drivers/card/reader-service';

describe('readerMatcher', () => {
  it('no pattern matches every reader', () => {
    expect(readerMatcher()('anything')).toBe(true);
  });
  it('a plain pattern is a case-insensitive substring', () => {
    const m = readerMatcher('virtual pcd 00 01');
    expect(m('Virtual PCD 00 01')).toBe(true);
    expect(m('Virtual PCD 00 00')).toBe(false);
    expect(m('Virtual PCD B 00 01')).toBe(false);
  });
  it('/regex/flags is a regular expression', () => {
    const m = readerMatcher('/^(ACS|Identiv) .*CCID/i');
    expect(m('ACS ACR39U ICC Reader CCID 00 00')).toBe(true);
    expect(m('identiv uTrust CCID')).toBe(true);
    expect(m('Virtual PCD 00 00')).toBe(false);
  });
});

describe('PC/SC errors', () => {
  const err = (code: string) => new Error(`SCardTransmit error: something.(0x${code})`);
  it('reads the code pcsclite puts in its messages', () => {
    expect(pcscCode(err('80100069'))).toBe(0x80100069);
    expect(pcscCode(new Error('no code'))).toBeUndefined();
  });
  it.each([
    ['80100069', 'card-removed'],
    ['8010000c', 'card-removed'],
    ['80100068', 'card-removed'],
    ['80100066', 'card-mute'],
    ['80100016', 'card-mute'],
    ['8010000b', 'reader-busy'],
    ['8010001d', 'reader-unavailable'],
    ['80100013', 'reader-unavailable'],
    ['80100017', 'reader-unavailable'],
    ['8010000a', 'timeout'],
    ['80100099', 'card-mute'],
  ])('0x%s -> %s', (code, expected) => {
    const e = pcscToCardError(err(code), 'transmit');
    expect(e.code).toBe(expected);
    expect(e.cause).toBeInstanceOf(Error);
  });
  it('pcscd gone (no service, stopped, socket closed) means a new context is needed', () => {
    expect(isServiceGone(err('8010001d'))).toBe(true);
    expect(isServiceGone(err('8010001e'))).toBe(true);
    expect(isServiceGone(err('80100013'))).toBe(true);
    expect(isServiceGone(err('80100069'))).toBe(false);
  });
  it('pcscd not running has the message the CLI prints', () => {
    expect(pcscToCardError(err('8010001d'), 'x').message).toBe('card reader unavailable: pcscd is not running');
  });
});
