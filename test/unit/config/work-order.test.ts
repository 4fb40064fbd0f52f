import { createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardBinding, decodeWorkOrder, encodeWorkOrder, mintWorkOrder, rawPublicKey, verifyWorkOrder, workOrderKeyId } from '../../../main/config/work-order';

/**
 * The work-order code's bytes and its check (main/config/work-order.ts), on fixtures worked out
 * by hand: the base32 of known bytes, each block's Luhn mod 32 character, the header's fields,
 * and an Ed25519 signature by RFC 8032's first test key, verified here with node:crypto directly.
 */
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const opsKey = createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${RFC8032_SECRET}`, 'hex'), format: 'der', type: 'pkcs8' });
const keys = [{ id: workOrderKeyId(RFC8032_PUBLIC), publicKey: RFC8032_PUBLIC }];
const ISSUED = new Date('2026-12-06T20:00:00Z');
const CARD = '28463400001';
const ctx = { kioskId: 'K01', card: cardBinding(CARD), keys, maxMinutes: 480, now: ISSUED.getTime() + 10 * 60_000 };

const blocks = (code: string) => code.split(' ');

describe('work-order code bytes', () => {
  it('spells known bytes in Crockford base32 with a Luhn mod 32 check after every 4 characters', () => {
    // 0000 in block p: only the position counts, doubled: 32 - 2p.
    const zeros = blocks(encodeWorkOrder(new Uint8Array(75)));
    expect(zeros).toHaveLength(30);
    expect(zeros.slice(0, 3)).toEqual(['0000Y', '0000W', '0000T']);
    // 75 bytes of 0xff are 120 fives of 31 (Z): 31+31+31+31 (each doubled 62 = 1+30 or not) + 2.
    expect(blocks(encodeWorkOrder(new Uint8Array(75).fill(0xff)))[0]).toBe('ZZZZ2');
    // 84 21 08 42 10 is eight fives of 16 (G).
    const gs = new Uint8Array(75);
    gs.set([0x84, 0x21, 0x08, 0x42, 0x10]);
    expect(blocks(encodeWorkOrder(gs)).slice(0, 2).map((b) => b.slice(0, 4))).toEqual(['GGGG', 'GGGG']);
    expect(decodeWorkOrder(encodeWorkOrder(gs))).toEqual(Buffer.from(gs));
  });

  it('names the block a typo is in, and finds two blocks swapped', () => {
    const code = blocks(encodeWorkOrder(new Uint8Array(75).fill(0x5a)));
    const typo = [...code];
    typo[6] = `${typo[6]![0] === 'A' ? 'B' : 'A'}${typo[6]!.slice(1)}`;
    expect(() => decodeWorkOrder(typo.join(' '))).toThrow(expect.objectContaining({ code: 'work-order-malformed', block: 7 }));
    const mixed = blocks(encodeWorkOrder(new Uint8Array(75).map((_, i) => i * 7)));
    // Two neighbouring characters swapped in block 3 (they differ: 0x0e 0x15 0x1c… never repeat a five).
    expect(mixed[2]![0]).not.toBe(mixed[2]![1]);
    const swappedChars = [...mixed];
    swappedChars[2] = `${mixed[2]![1]}${mixed[2]![0]}${mixed[2]!.slice(2)}`;
    expect(() => decodeWorkOrder(swappedChars.join(' '))).toThrow(expect.objectContaining({ block: 3 }));
    const swappedBlocks = [...mixed];
    [swappedBlocks[3], swappedBlocks[4]] = [mixed[4]!, mixed[3]!];
    expect(() => decodeWorkOrder(swappedBlocks.join(' '))).toThrow(expect.objectContaining({ block: 4 }));
    // Too short: the first block missing is named.
    expect(() => decodeWorkOrder(code.slice(0, 12).join(''))).toThrow(expect.objectContaining({ block: 13 }));
    expect(() => decodeWorkOrder('')).toThrow(expect.objectContaining({ block: 1 }));
    expect(() => decodeWorkOrder(`${code.join('')}U`)).toThrow(expect.objectContaining({ code: 'work-order-malformed' }));
  });

  it('reads what a person types: any case, dashes, O for 0, I and L for 1', () => {
    const code = encodeWorkOrder(new Uint8Array(75));
    expect(decodeWorkOrder(code.toLowerCase().replace(/0/g, 'o').replace(/ /g, '-'))).toEqual(Buffer.alloc(75));
  });

  it('carries the header as specified and an Ed25519 signature over the kiosk, the card and the header', () => {
    expect(rawPublicKey(createPublicKey(opsKey))).toBe(RFC8032_PUBLIC);
    const code = mintWorkOrder(opsKey, { kioskId: 'K01', cardId: CARD, order: 12_345, issuedAt: ISSUED, minutes: 60 });
    const bytes = decodeWorkOrder(code);
    const minutes = Math.floor(ISSUED.getTime() / 60_000);
    const tag = createHash('sha256').update('moi-kiosk work-order kiosk\nK01').digest()[0]!;
    const header = Buffer.from([0x11, tag, 0x00, 0x30, 0x39, minutes >>> 24, (minutes >>> 16) & 0xff, (minutes >>> 8) & 0xff, minutes & 0xff, 0x00, 0x3c]);
    expect(bytes.subarray(0, 11).toString('hex')).toBe(header.toString('hex'));
    const card = createHash('sha256').update(`moi-kiosk technician card\n${CARD}`).digest('hex');
    const message = Buffer.concat([Buffer.from(`moi-kiosk work-order v1\nK01\n${card}\n`), header]);
    expect(verify(null, message, createPublicKey(opsKey), bytes.subarray(11))).toBe(true);
    // Ed25519 is deterministic: the same order gives the same code, byte for byte.
    expect(code).toBe(mintWorkOrder(opsKey, { kioskId: 'K01', cardId: CARD, order: 12_345, issuedAt: ISSUED, minutes: 60 }));
    expect(code).toHaveLength(30 * 6 - 1);
  });
});

describe('work-order check', () => {
  const mint = (over: Partial<Parameters<typeof mintWorkOrder>[1]> = {}) => mintWorkOrder(opsKey, { kioskId: 'K01', order: 7, issuedAt: ISSUED, minutes: 60, ...over });

  it('takes a code for this kiosk within its time, and says which key signed it', () => {
    // What the kiosk keeps of a used code: the SHA-256 of the signature, the code's last 64 bytes.
    const signatureHash = createHash('sha256').update(decodeWorkOrder(mint()).subarray(11)).digest('hex');
    expect(verifyWorkOrder(mint(), ctx)).toEqual({ order: 7, issuedAt: ISSUED.getTime(), minutes: 60, cardBound: false, keyId: keys[0]!.id, signatureHash });
    expect(verifyWorkOrder(mint({ cardId: CARD }), ctx)).toMatchObject({ cardBound: true });
    // Issued a little ahead of the kiosk's clock.
    expect(verifyWorkOrder(mint(), { ...ctx, now: ISSUED.getTime() - 4 * 60_000 })).toMatchObject({ order: 7 });
  });

  it('refuses each wrong code with its own error', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as { code: string }).code;
      }
      return 'accepted';
    };
    expect(code(() => verifyWorkOrder(mint(), { ...ctx, now: ISSUED.getTime() + 60 * 60_000 }))).toBe('work-order-expired');
    expect(code(() => verifyWorkOrder(mint(), { ...ctx, now: ISSUED.getTime() - 6 * 60_000 }))).toBe('work-order-not-yet-valid');
    expect(code(() => verifyWorkOrder(mint({ minutes: 481 }), ctx))).toBe('work-order-too-long');
    expect(code(() => verifyWorkOrder(mint({ kioskId: 'K02' }), ctx))).toBe('work-order-other-kiosk');
    expect(code(() => verifyWorkOrder(mint({ cardId: '28463400002' }), ctx))).toBe('work-order-invalid');
    const otherKey = createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${'11'.repeat(32)}`, 'hex'), format: 'der', type: 'pkcs8' });
    expect(code(() => verifyWorkOrder(mintWorkOrder(otherKey, { kioskId: 'K01', order: 7, issuedAt: ISSUED, minutes: 60 }), ctx))).toBe('work-order-invalid');
    // One bit of the header changed (a longer order), its checks made right again: the signature no longer holds.
    const forged = decodeWorkOrder(mint());
    forged[10] = 0x3d;
    expect(code(() => verifyWorkOrder(encodeWorkOrder(forged), ctx))).toBe('work-order-invalid');
    expect(code(() => verifyWorkOrder(mint(), { ...ctx, keys: [] }))).toBe('work-order-invalid');
  });
});
