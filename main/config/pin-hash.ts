import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../shared/coded-error';

/**
 * The technician PIN is configured as a scrypt hash (never the PIN itself):
 * `scrypt$N$r$p$<salt base64url>$<hash base64url>`. `kioskctl diag pin-hash` makes one. A PIN is
 * short, so the cost is what makes a stolen configuration expensive to try PINs against; the
 * kiosk's lockout is what protects the door itself.
 */
const FORMAT = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{32,256})$/;

export type PinHashErrorCode = 'pin-hash-invalid' | 'pin-invalid';

export class PinHashError extends CodedError<PinHashErrorCode> {
  override readonly name = 'PinHashError';
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const PIN_PATTERN = /^\d{4,12}$/;

/** Checks a configured hash's shape; the config loader calls this so a bad one stops the kiosk at start. */
export function parsePinHash(text: string): Parsed {
  const m = FORMAT.exec(text);
  const N = Number(m?.[1]);
  if (!m || N < 1024 || (N & (N - 1)) !== 0) throw new PinHashError('pin-hash-invalid', 'the technician PIN hash is not scrypt$N$r$p$salt$hash with N a power of two of at least 1024 (make one with `kioskctl diag pin-hash`)');
  return { N, r: Number(m[2]), p: Number(m[3]), salt: Buffer.from(m[4]!, 'base64url'), hash: Buffer.from(m[5]!, 'base64url') };
}

function derive(pin: string, salt: Buffer, length: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, length, { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPin(pin: string, cost = { N: 16_384, r: 8, p: 1 }): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new PinHashError('pin-invalid', 'a technician PIN is 4 to 12 digits');
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, 32, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** A verifier for one configured hash: scrypt off the event loop's thread, compared in constant time. */
export function pinVerifier(configured: string): (pin: string) => Promise<boolean> {
  const parsed = parsePinHash(configured);
  return async (pin) => {
    if (!PIN_PATTERN.test(pin)) return false;
    const candidate = await derive(pin, parsed.salt, parsed.hash.length, parsed);
    return timingSafeEqual(candidate, parsed.hash);
  };
}
