import { describe, expect, it } from 'vitest';
import { berObjectSize, readBinaryFile } from '../../../drivers/card/read-binary';
import { h, ScriptedTransport } from './helpers';

/** `n` bytes counting up from `from` (mod 256), as hex: each byte says where it sits in the file. */
const bytesOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ((from + i) & 0xff).toString(16).padStart(2, '0')).join('');
const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('readBinaryFile: where a file ends', () => {
  it('a short answer with 9000 in the middle of a file is not the end: read on at the next offset', async () => {
    // A card that caps every answer at 40 bytes: 100-byte file, then 6B00 past the end.
    const t = new ScriptedTransport([
      ['00B0000000', `${bytesOf(40)}9000`],
      ['00B0002800', `${bytesOf(40, 40)}9000`],
      ['00B0005000', `${bytesOf(20, 80)}9000`],
      ['00B0006400', '6B00'],
    ]);
    expect(await readBinaryFile(t)).toEqual(counting(100));
    expect(t.remaining).toBe(0);
  });
  it('an empty answer with 9000 ends the file', async () => {
    const t = new ScriptedTransport([
      ['00B0000000', `${bytesOf(30)}9000`],
      ['00B0001E00', '9000'],
    ]);
    expect(await readBinaryFile(t)).toEqual(counting(30));
  });
  it('6282 ends the file and its data is kept', async () => {
    const t = new ScriptedTransport([
      ['00B0000000', `${bytesOf(64)}9000`],
      ['00B0004000', `${bytesOf(10, 64)}6282`],
    ]);
    expect(await readBinaryFile(t)).toEqual(counting(74));
  });
  it('6Cxx names the bytes left: the resend with Le=xx ends the file (no further READ BINARY)', async () => {
    const t = new ScriptedTransport([
      ['00B00000F4', `${bytesOf(0xf4)}9000`],
      ['00B000F4F4', '6C10'],
      ['00B000F410', `${bytesOf(0x10, 0xf4)}9000`],
    ]);
    expect(await readBinaryFile(t, { chunk: 0xf4 })).toEqual(counting(0xf4 + 0x10));
  });
  it('6B00 when the file ends exactly on a chunk boundary', async () => {
    const t = new ScriptedTransport([
      ['00B00000F4', `${bytesOf(0xf4)}9000`],
      ['00B000F4F4', '6B00'],
    ]);
    expect((await readBinaryFile(t, { chunk: 0xf4 })).length).toBe(0xf4);
  });
  it('61xx inside a short answer: the pieces are joined, then the read goes on', async () => {
    const t = new ScriptedTransport([
      ['00B0000000', `${bytesOf(16)}6110`],
      ['00C0000010', `${bytesOf(16, 16)}9000`],
      ['00B0002000', `${bytesOf(8, 32)}9000`],
      ['00B0002800', '6B00'],
    ]);
    expect(await readBinaryFile(t)).toEqual(counting(40));
  });
  it('a file of many blocks: 1,000 bytes in 0xF4 blocks with the BELPIC 6Cxx at the end', async () => {
    const script: Array<[string, string]> = [];
    let at = 0;
    for (; at + 0xf4 <= 1000; at += 0xf4) {
      script.push([`00B0${at.toString(16).padStart(4, '0')}F4`, `${bytesOf(0xf4, at)}9000`]);
    }
    const left = 1000 - at;
    script.push([`00B0${at.toString(16).padStart(4, '0')}F4`, `6C${left.toString(16).padStart(2, '0')}`]);
    script.push([`00B0${at.toString(16).padStart(4, '0')}${left.toString(16).padStart(2, '0')}`, `${bytesOf(left, at)}9000`]);
    expect(await readBinaryFile(new ScriptedTransport(script), { chunk: 0xf4 })).toEqual(counting(1000));
  });
});

describe('readBinaryFile: the fast path when the size is known', () => {
  it("the profile's size: Le asks exactly for it and one answer ends the read", async () => {
    const t = new ScriptedTransport([['00B08100E8', `${bytesOf(232)}9000`]]);
    expect(await readBinaryFile(t, { sfi: 1, size: 232 })).toEqual(counting(232));
  });
  it("the profile's size with a card that caps answers: read on until the size is in, never past it", async () => {
    const t = new ScriptedTransport([
      ['00B0810064', `${bytesOf(60)}9000`],
      ['00B0003C28', `${bytesOf(40, 60)}9000`],
    ]);
    expect(await readBinaryFile(t, { sfi: 1, size: 100 })).toEqual(counting(100));
  });
  it('a DER object announces its size: one extended READ BINARY is enough', async () => {
    const der = `3082012C${bytesOf(300)}`; // SEQUENCE, 300 content bytes: 304 in all
    const t = new ScriptedTransport([['00B08100008000', `${der}9000`]]);
    const file = await readBinaryFile(t, { sfi: 1, extended: true, announces: 'ber' });
    expect(file.length).toBe(304);
  });
  it('a DER object read by a card that caps answers: read on to the announced end', async () => {
    const der = `3082012C${bytesOf(300)}`;
    const first = der.slice(0, 200 * 2);
    const rest = der.slice(200 * 2);
    const t = new ScriptedTransport([
      ['00B08100008000', `${first}9000`],
      ['00B000C868', `${rest}9000`], // 104 bytes left: a short APDU is enough
    ]);
    expect((await readBinaryFile(t, { sfi: 1, extended: true, announces: 'ber' })).length).toBe(304);
  });
  it('a file that ends before the size it announced is malformed-data', async () => {
    const t = new ScriptedTransport([
      ['00B0000000', `3082012C${bytesOf(50)}9000`],
      ['00B00036FA', '6B00'], // 250 of the announced 304 bytes still to come
    ]);
    await expect(readBinaryFile(t, { announces: 'ber' })).rejects.toMatchObject({ code: 'malformed-data' });
  });
});

describe('readBinaryFile: extended length where supported', () => {
  it('a card that refuses extended APDUs (6700) is read in short ones', async () => {
    const t = new ScriptedTransport([
      ['00B08100008000', '6700'],
      ['00B0810000', `${bytesOf(256)}9000`],
      ['00B0010000', `${bytesOf(44, 256)}9000`],
      ['00B0012C00', '6B00'],
    ]);
    expect(await readBinaryFile(t, { sfi: 1, extended: true })).toEqual(counting(300));
  });
});

describe('readBinaryFile: broken cards', () => {
  it('6B00 at offset 0 is an error, not an empty file', async () => {
    await expect(readBinaryFile(new ScriptedTransport([['00B0000000', '6B00']]))).rejects.toMatchObject({ code: 'wrong-p1p2' });
  });
  it('security status (6982) is reported as such', async () => {
    await expect(readBinaryFile(new ScriptedTransport([['00B0000000', '6982']]))).rejects.toMatchObject({ code: 'security-status' });
  });
  it('more bytes than asked is malformed-data', async () => {
    await expect(readBinaryFile(new ScriptedTransport([['00B0000010', `${bytesOf(17)}9000`]]), { chunk: 16 })).rejects.toMatchObject({ code: 'malformed-data' });
  });
  it('refuses files beyond maxSize', async () => {
    const t = new ScriptedTransport([
      ['00B0000010', `${bytesOf(16)}9000`],
      ['00B0001010', `${bytesOf(16)}9000`],
    ]);
    await expect(readBinaryFile(t, { chunk: 16, maxSize: 32 })).rejects.toMatchObject({ code: 'malformed-data' });
  });
  it('a card that answers one byte at a time for ever is cut off at the 32 KiB offset limit', async () => {
    const card = { transmit: async () => h('AA9000') };
    await expect(readBinaryFile(card, { chunk: 1 })).rejects.toMatchObject({ code: 'malformed-data' });
  });
});

describe('berObjectSize', () => {
  it.each([
    ['3000', 2],
    ['307F', 0x81],
    ['308180', 3 + 0x80],
    ['3082012C', 4 + 300],
    ['7F2181FF', 4 + 0xff], // two-byte tag
    ['30830100 00', 5 + 0x10000],
  ])('%s -> %i', (head, size) => expect(berObjectSize(h(head))).toBe(size));
  it.each(['', '30', '3080', '3082 01', '3084 01000000', '7F'])('%s: no size', (head) => expect(berObjectSize(h(head))).toBeUndefined());
});
