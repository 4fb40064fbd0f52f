import { parseCardProfile, type CardProfile } from './schema';

/**
 * The Belgian eID (BELPIC) as public proof on a real-world card: files read by path from the MF
 * without a PIN, READ BINARY in 0xF4 blocks as eid-mw's tokend does. The ATR list is a hint
 * only; a card whose ATR is unknown is still tried by selecting DF01/4031.
 * Source: /work/shared/reference/belpic.md.
 */
export const BELPIC_ATR = '3B 98 13 40 0A A5 03 01 01 01 AD 13 11';

export const belpicProfile: CardProfile = parseCardProfile({
  name: 'belpic',
  label: 'Belgian eID',
  atr: [
    { value: '3B 98 00 40 00 A5 03 01 01 01 AD 13 00', mask: 'FF FF 00 FF 00 FF FF FF FF FF FF FF 00' },
    { value: '3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00' },
  ],
  readChunk: 0xf4,
  files: [
    {
      role: 'identity',
      select: { by: 'path', path: 'DF014031' },
      tags: [
        { tag: 0x01, field: 'documentNumber' },
        { tag: 0x03, field: 'validFrom', format: 'date-dd.mm.yyyy' },
        { tag: 0x04, field: 'validUntil', format: 'date-dd.mm.yyyy' },
        { tag: 0x06, field: 'idNumber', pattern: '^\\d{11}$', required: true },
        { tag: 0x07, field: 'surname' },
        { tag: 0x08, field: 'givenNames' },
        { tag: 0x09, field: 'givenNames' },
        { tag: 0x0a, field: 'nationality', format: 'nationality' },
        { tag: 0x0b, field: 'birthPlace' },
        { tag: 0x0c, field: 'birthDate', format: 'date-belpic-birth' },
        { tag: 0x0d, field: 'sex', format: 'sex' },
      ],
    },
    {
      role: 'address',
      select: { by: 'path', path: 'DF014033' },
      tags: [
        { tag: 0x01, field: 'street' },
        { tag: 0x02, field: 'postalCode' },
        { tag: 0x03, field: 'municipality' },
      ],
      paddedSize: 121,
    },
  ],
});
