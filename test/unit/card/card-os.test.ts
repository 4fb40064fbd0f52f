import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../drivers/card/apdu';
import { Identity } from '../../../drivers/card/identity';
import { CardOs } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import demo from '../../../drivers/card/sim/demo-identity.json';

const identity = Identity.parse(demo);
function card(kind: 'ministry' | 'belpic' = 'ministry'): (apdu: string) => string {
  const os = new CardOs(kind === 'ministry' ? ministryCardImage(identity, { t0: true }) : belpicCardImage({ ...identity, profile: 'belpic' }));
  return (apdu) => toHex(os.handle(fromHex(apdu)));
}
const sw = (res: string) => res.slice(-4);

describe('CardOs SELECT', () => {
  it('by AID, then EF by file id, no FCI (P2=0C)', () => {
    const c = card();
    expect(c('00A4040C08D634000001494401')).toBe('9000');
    expect(c('00A4020C020101')).toBe('9000');
  });
  it('a right-truncated AID selects the application; an unknown AID is 6A82', () => {
    const c = card();
    expect(c('00A4040C05D634000001')).toBe('9000');
    expect(c('00A4040C05A000000177')).toBe('6A82');
  });
  it('EF not in the current DF is 6A82', () => {
    expect(card()('00A4020C020101')).toBe('6A82');
  });
  it('by path from the MF, with or without 3F00 (eid-mw / commons-eid)', () => {
    const c = card('belpic');
    expect(c('00A4080C04DF014031')).toBe('9000');
    expect(c('00A4080C063F00DF014033')).toBe('9000');
    expect(c('00A4080C04DF014039')).toBe('6A82');
  });
  it('by path step by step: MF, DF, EF', () => {
    const c = card('belpic');
    expect(c('00A4000C023F00')).toBe('9000');
    expect(c('00A4010C02DF01')).toBe('9000');
    expect(c('00A4020C024031')).toBe('9000');
    expect(c('00B0000001')).toBe('009000');
  });
  it('with FCP wanted (P2=00) the T=0 card answers 61xx, GET RESPONSE returns the FCP', () => {
    const c = card();
    expect(c('00A4040C08D634000001494401')).toBe('9000');
    const first = c('00A40200020101');
    expect(first.slice(0, 2)).toBe('61');
    const len = parseInt(first.slice(2), 16);
    const fcp = c(`00C00000${len.toString(16).padStart(2, '0')}`);
    expect(fcp.slice(0, 2)).toBe('62'); // FCP template
    expect(fcp).toContain('83020101'); // file id
    expect(sw(fcp)).toBe('9000');
  });
  it('GET RESPONSE with a too-long Le gets 6Cxx; without anything pending 6985', () => {
    const c = card();
    c('00A4040C08D634000001494401');
    const len = parseInt(c('00A40200020101').slice(2), 16);
    expect(c('00C00000FF')).toBe(`6C${len.toString(16).toUpperCase().padStart(2, '0')}`);
    expect(c('00C0000001').slice(-4)).toBe(`61${(len - 1).toString(16).toUpperCase().padStart(2, '0')}`);
    const fresh = card();
    expect(fresh('00C0000010')).toBe('6985');
  });
  it('bad P2 is 6A86; bad Lc is 6700', () => {
    const c = card();
    expect(c('00A4040408D634000001494401')).toBe('6A86');
    expect(c('00A4020C030101')).toBe('6700');
  });
});

describe('CardOs READ BINARY', () => {
  it('without a current EF is 6986', () => {
    expect(card()('00B0000010')).toBe('6986');
  });
  it('reads at offsets; 6B00 at and past the end', () => {
    const c = card('belpic');
    c('00A4080C04DF014033');
    const all = c('00B0000079'); // 121 bytes, padded address file
    expect(sw(all)).toBe('9000');
    expect(all.length).toBe((121 + 2) * 2);
    expect(c('00B0000410')).toBe(all.slice(8, 8 + 32) + '9000');
    expect(c('00B0007901')).toBe('6B00');
    expect(c('00B0010001')).toBe('6B00');
  });
  it('BELPIC image answers a too-long Le with 6Cxx (exact length)', () => {
    const c = card('belpic');
    c('00A4080C04DF014033');
    expect(c('00B00000F4')).toBe('6C79');
    expect(c('00B0007000')).toBe('6C09');
  });
  it('ministry image answers a too-long Le with the short rest and 9000', () => {
    const c = card();
    c('00A4040C08D634000001494401');
    c('00A4020C020101');
    // The EF is one DER object: its header says how long it is.
    const size = 4 + parseInt(c('00B0000004').slice(4, 8), 16);
    const res = c(`00B0${(size - 10).toString(16).padStart(4, '0')}20`);
    expect(sw(res)).toBe('9000');
    expect(res.length).toBe((10 + 2) * 2);
  });
  it('SFI of a missing EF is 6A82, unknown INS 6D00, proprietary CLA 6E00', () => {
    const c = card();
    c('00A4040C08D634000001494401');
    expect(c('00B0820000')).toBe('6A82');
    expect(c('00CA9F7F00')).toBe('6D00');
    expect(c('80A4040C08D634000001494401')).toBe('6E00');
  });
  it('reset returns to the MF with nothing selected', () => {
    const os = new CardOs(ministryCardImage(identity));
    os.handle(fromHex('00A4040C08D634000001494401'));
    os.handle(fromHex('00A4020C020101'));
    os.reset();
    expect(toHex(os.handle(fromHex('00B0000001')))).toBe('6986');
  });
});
