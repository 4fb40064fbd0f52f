import { crc16Kermit } from './crc';

export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const DLE = 0x10;
export const NAK = 0x15;

/** The largest legal APDU: CLASS INSTR FF lo hi + 65535 data bytes. */
export const MAX_APDU_BYTES = 5 + 0xffff;

/**
 * Wraps an APDU for the serial link: DLE STX, APDU with each DLE doubled, DLE ETX, then the CRC
 * low byte first. The CRC covers the unstuffed APDU plus ETX and is itself never stuffed.
 */
export function encodeFrame(apdu: Uint8Array): Uint8Array {
  let dles = 0;
  for (const b of apdu) if (b === DLE) dles++;
  const out = new Uint8Array(2 + apdu.length + dles + 2 + 2);
  let i = 0;
  out[i++] = DLE;
  out[i++] = STX;
  for (const b of apdu) {
    out[i++] = b;
    if (b === DLE) out[i++] = DLE;
  }
  out[i++] = DLE;
  out[i++] = ETX;
  const crc = frameCrc(apdu);
  out[i++] = crc & 0xff;
  out[i++] = crc >>> 8;
  return out;
}

export function frameCrc(apdu: Uint8Array): number {
  return crc16Kermit(Uint8Array.of(ETX), crc16Kermit(apdu));
}
