/** Frames from the team's ZVT fact sheet (captured or cross-checked against open implementations). */
export const h = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/), (x) => parseInt(x, 16));
export const ascii = (s: string): string => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');

export const FRAME_FIXTURES: { name: string; apdu: string; frame: string }[] = [
  { name: 'authorization 1.50 EUR with currency', apdu: '06 01 0A 04 00 00 00 00 01 50 49 09 78', frame: '10 02 06 01 0A 04 00 00 00 00 01 50 49 09 78 10 03 DE 53' },
  { name: 'authorization 1.50 without currency', apdu: '06 01 07 04 00 00 00 00 01 50', frame: '10 02 06 01 07 04 00 00 00 00 01 50 10 03 DC 9D' },
  { name: 'authorization 10.00 (DLE stuffing)', apdu: '06 01 07 04 00 00 00 00 10 00', frame: '10 02 06 01 07 04 00 00 00 00 10 10 00 10 03 62 91' },
  { name: '80 00 acknowledgement', apdu: '80 00 00', frame: '10 02 80 00 00 10 03 F5 1F' },
  { name: '06 0F completion', apdu: '06 0F 00', frame: '10 02 06 0F 00 10 03 C6 33' },
  { name: '06 1E abort 6C', apdu: '06 1E 01 6C', frame: '10 02 06 1E 01 6C 10 03 C9 F2' },
  { name: '06 B0 ECR abort', apdu: '06 B0 00', frame: '10 02 06 B0 00 10 03 43 F3' },
  { name: '05 01 status enquiry (Ingenico capture)', apdu: '05 01 03 12 34 56', frame: '10 02 05 01 03 12 34 56 10 03 E0 43' },
  {
    name: '06 0F with software version (ecrterm test)',
    apdu: `06 0F 0B F0 F0 F7 ${ascii('2.14.15')} 00`,
    frame: `10 02 06 0F 0B F0 F0 F7 ${ascii('2.14.15')} 00 10 03 B1 11`,
  },
  // CRC 0x0610 goes out as 10 06 and is not stuffed.
  { name: '05 01 empty (CRC holds a DLE)', apdu: '05 01 00', frame: '10 02 05 01 00 10 03 10 06' },
];
