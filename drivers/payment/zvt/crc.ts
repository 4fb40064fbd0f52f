/**
 * CRC-16/KERMIT (poly 0x1021 reflected = 0x8408, init 0, no xorout), the ZVT serial checksum.
 * Not XMODEM: the two share the polynomial but differ in bit order, and only KERMIT matches
 * captured terminal frames.
 */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc16Kermit(data: Uint8Array, crc = 0): number {
  let c = crc & 0xffff;
  for (const byte of data) c = (c >>> 8) ^ TABLE[(c ^ byte) & 0xff]!;
  return c;
}
