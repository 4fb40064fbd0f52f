import { describe, expect, it } from 'vitest';
import { readBinary, selectEf } from '../../../drivers/card/apdu';
import { transmitApdu, transmitOk } from '../../../drivers/card/transmit';
import { h, ScriptedTransport } from './helpers';

describe('transmitApdu: T=0 mechanics', () => {
  it('61xx is followed by GET RESPONSE with Le=xx', async () => {
    const t = new ScriptedTransport([
      ['00A40200020101 00', '610E'],
      ['00C000000E', '620C8002007E820101830201019000'],
    ]);
    const res = await transmitApdu(t, selectEf(0x0101, true));
    expect(res.sw).toBe(0x9000);
    expect(res.data).toEqual(h('620C8002007E82010183020101'));
    expect(t.remaining).toBe(0);
  });
  it('GET RESPONSE repeats while the card says 61xx, concatenating the data', async () => {
    const t = new ScriptedTransport([
      ['00A40200020101 00', '6104'],
      ['00C0000004', '010203046102'],
      ['00C0000002', '05069000'],
    ]);
    const res = await transmitApdu(t, selectEf(0x0101, true));
    expect(res.data).toEqual(h('010203040506'));
    expect(res.sw).toBe(0x9000);
  });
  it('6100 asks for 256 bytes (Le=00)', async () => {
    const big = 'AB'.repeat(256);
    const t = new ScriptedTransport([
      ['00A40200020101 00', '6100'],
      ['00C0000000', `${big}9000`],
    ]);
    expect((await transmitApdu(t, selectEf(0x0101, true))).data.length).toBe(256);
  });
  it('6Cxx re-sends the same command with Le=xx', async () => {
    const t = new ScriptedTransport([
      ['00B00000F4', '6C79'],
      ['00B0000079', `${'00'.repeat(0x79)}9000`],
    ]);
    const res = await transmitApdu(t, readBinary(0, 0xf4));
    expect(res.data.length).toBe(0x79);
    expect(res.sw).toBe(0x9000);
    expect(res.lengthNamed).toBe(true);
  });
  it('6Cxx answering a GET RESPONSE is retried with the exact length', async () => {
    const t = new ScriptedTransport([
      ['00A40200020101 00', '610E'],
      ['00C000000E', '6C0D'],
      ['00C000000D', `${'11'.repeat(13)}9000`],
    ]);
    expect((await transmitApdu(t, selectEf(0x0101, true))).data.length).toBe(13);
  });
  it('a card stuck in 61xx is cut off as malformed-data once more than any APDU can carry (64 KiB) came', async () => {
    let rounds = 0;
    // One byte and "one more waiting", for ever.
    const stuck = { transmit: async () => (rounds++, Uint8Array.of(0x00, 0x61, 0x01)) };
    await expect(transmitApdu(stuck, selectEf(0x0101, true))).rejects.toMatchObject({ code: 'malformed-data' });
    expect(rounds).toBe(65_537);
  });
  it('transmitOk turns an error status into a typed error', async () => {
    const t = new ScriptedTransport([['00A4020C020101', '6A82']]);
    await expect(transmitOk(t, selectEf(0x0101), 'SELECT identity')).rejects.toMatchObject({ code: 'file-not-found', sw: 0x6a82 });
  });
});
