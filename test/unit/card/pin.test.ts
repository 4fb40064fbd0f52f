import { describe, expect, it } from 'vitest';
import { toHex } from '../../../drivers/card/apdu';
import { decodePinBlock, encodePinBlock } from '../../../drivers/card/pin';
import { askTriesLeft, verifyCommandBytes, verifyPin } from '../../../drivers/card/pin-verify';
import { belpicProfile, ministryProfile } from '../../../drivers/card/profiles';
import { ScriptedTransport } from './helpers';

const rules = { format: 'iso9564-2', minLength: 4, maxLength: 12 } as const;

describe('ISO 9564 format-2 PIN block (belpic.md)', () => {
  it('PIN 1234 -> 24 12 34 FF FF FF FF FF', () => {
    expect(toHex(encodePinBlock('1234', rules))).toBe('241234FFFFFFFFFF');
  });
  it('odd length and 12 digits', () => {
    expect(toHex(encodePinBlock('12345', rules))).toBe('2512345FFFFFFFFF');
    expect(toHex(encodePinBlock('123456789012', rules))).toBe('2C123456789012FF');
  });
  it('VERIFY carries the block with reference 01 (case 3)', () => {
    expect(toHex(verifyCommandBytes(belpicProfile, '1234'))).toBe('0020000108241234FFFFFFFFFF');
  });
  it('the card side decodes what the kiosk encodes, and refuses anything else', () => {
    expect(decodePinBlock(encodePinBlock('98765', rules))).toBe('98765');
    expect(decodePinBlock(Uint8Array.of(0x24, 0x12, 0x34, 0xff, 0xff, 0xff, 0xff, 0xfe))).toBeUndefined();
    expect(decodePinBlock(Uint8Array.of(0x14, 0x12, 0x34, 0xff, 0xff, 0xff, 0xff, 0xff))).toBeUndefined();
    expect(decodePinBlock(Uint8Array.of(0x24, 0x1a, 0x34, 0xff, 0xff, 0xff, 0xff, 0xff))).toBeUndefined();
  });
  it('a PIN that breaks the rules is pin-format, and the message does not echo it', () => {
    for (const bad of ['12a4', '123', '1234567890123', '', '١٢٣٤']) {
      let err: unknown;
      try {
        encodePinBlock(bad, rules);
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'pin-format' });
      if (bad) expect((err as Error).message).not.toContain(bad);
    }
  });
});

describe('VERIFY answers', () => {
  it('tries left: 63C3 -> 3, 9000 -> already verified, 6983 -> pin-blocked, 63C0 -> pin-blocked', async () => {
    expect(await askTriesLeft(new ScriptedTransport([['00200001', '63C3']]), ministryProfile)).toEqual({ verified: false, triesLeft: 3 });
    expect(await askTriesLeft(new ScriptedTransport([['00200001', '9000']]), ministryProfile)).toEqual({ verified: true });
    await expect(askTriesLeft(new ScriptedTransport([['00200001', '6983']]), ministryProfile)).rejects.toMatchObject({ code: 'pin-blocked' });
    await expect(askTriesLeft(new ScriptedTransport([['00200001', '63C0']]), ministryProfile)).rejects.toMatchObject({ code: 'pin-blocked' });
    expect(await askTriesLeft(new ScriptedTransport([['00200001', '6A86']]), ministryProfile)).toEqual({ verified: false });
  });
  it('verifyPin: ok, wrong with tries left, blocked (6983 and 63C0)', async () => {
    const cmd = '0020000108241234FFFFFFFFFF';
    expect(await verifyPin(new ScriptedTransport([[cmd, '9000']]), ministryProfile, '1234')).toEqual({ result: 'ok' });
    expect(await verifyPin(new ScriptedTransport([[cmd, '63C2']]), ministryProfile, '1234')).toEqual({ result: 'wrong', triesLeft: 2 });
    expect(await verifyPin(new ScriptedTransport([[cmd, '63C0']]), ministryProfile, '1234')).toEqual({ result: 'blocked' });
    expect(await verifyPin(new ScriptedTransport([[cmd, '6983']]), ministryProfile, '1234')).toEqual({ result: 'blocked' });
    await expect(verifyPin(new ScriptedTransport([[cmd, '6A80']]), ministryProfile, '1234')).rejects.toMatchObject({ code: 'wrong-data' });
  });
  it('the command bytes holding the PIN block are wiped once sent', async () => {
    let seen: Uint8Array | undefined;
    const transport = {
      async transmit(command: Uint8Array) {
        seen = command;
        expect(toHex(command)).toBe('0020000108241234FFFFFFFFFF');
        return Uint8Array.of(0x90, 0x00);
      },
    };
    await verifyPin(transport, ministryProfile, '1234');
    expect(Array.from(seen!).every((b) => b === 0)).toBe(true);
  });
  it('a badly formed PIN never reaches the card', async () => {
    const t = new ScriptedTransport([]);
    await expect(verifyPin(t, ministryProfile, '12')).rejects.toMatchObject({ code: 'pin-format' });
    expect(t.sent).toEqual([]);
  });
});
