import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../main/config';
import { hashPin, parsePinHash, pinVerifier } from '../../../main/config/pin-hash';

const cost = { N: 1024, r: 8, p: 1 };

describe('technician PIN hash', () => {
  it('verifies the PIN it was made from and no other', async () => {
    const hash = await hashPin('246810', cost);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(hash).not.toContain('246810');
    const verify = pinVerifier(hash);
    expect(await verify('246810')).toBe(true);
    expect(await verify('246811')).toBe(false);
    expect(await verify('24681')).toBe(false);
    expect(await verify('abc')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPin('1234', cost)).not.toBe(await hashPin('1234', cost));
  });

  it('refuses a PIN that is not 4 to 12 digits, and a malformed or weak hash', async () => {
    await expect(hashPin('12a4', cost)).rejects.toMatchObject({ code: 'pin-invalid' });
    expect(() => parsePinHash('sha256$abc')).toThrow(expect.objectContaining({ code: 'pin-hash-invalid' }));
    const weak = (await hashPin('1234', cost)).replace('scrypt$1024$', 'scrypt$1000$');
    expect(() => parsePinHash(weak)).toThrow(/power of two/);
  });

  it('stops the kiosk at start on a bad hash in the environment, naming the variable', () => {
    expect(() => loadSettings({ env: { KIOSK_TECHNICIAN_PIN_HASH: 'letmein' } })).toThrow(/KIOSK_TECHNICIAN_PIN_HASH=letmein is not a valid technician.pinHash/);
  });

  it('refuses a technician idle time no longer than a shopper’s', () => {
    expect(() => loadSettings({ env: { KIOSK_TECHNICIAN_IDLE_MS: '60000' } })).toThrow(/KIOSK_TECHNICIAN_IDLE_MS=60000 .*longer than a shopper's idle time \(80000 ms\)/);
    expect(loadSettings({ env: {} }).technician).toEqual({ maxTries: 5, lockoutMs: 900_000, idleMs: 600_000, workOrder: { required: false, keys: [], maxMinutes: 480 } });
  });
});
