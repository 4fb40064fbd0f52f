import { parseCardProfile, type CardProfile } from './schema';

/**
 * The ministry's own ID card. Its real chip layout is not public, so this one is designed here
 * and implemented by the simulator; it is kept deliberately cheap to read (five APDUs):
 *
 * - ATR 3B 9A 96 40 0A 80 31 80 66 "MOI-QA": T=0, historical bytes in compact TLV.
 * - Application AID D6 34 00 00 01 49 44 01: a national-registration RID (category D, ISO 3166
 *   numeric 634 = Qatar) + PIX "ID" version 1. Invented for this project.
 * - EF 0101 identity and EF 0102 address under that application, in the same simple TLV as the
 *   Belgian eID (tag 00 = file version first, 00 padding), text UTF-8, dates YYYYMMDD.
 */
export const MINISTRY_AID = 'D6 34 00 00 01 49 44 01';
export const MINISTRY_ATR = '3B 9A 96 40 0A 80 31 80 66 4D 4F 49 2D 51 41';

export const ministryProfile: CardProfile = parseCardProfile({
  name: 'ministry',
  label: 'Ministry ID card (QID)',
  atr: [{ value: MINISTRY_ATR }],
  aid: MINISTRY_AID,
  readChunk: 256,
  files: [
    {
      role: 'identity',
      select: { by: 'fid', fid: '0101' },
      tags: [
        { tag: 0x01, field: 'idNumber', pattern: '^[23]\\d{10}$', required: true },
        { tag: 0x02, field: 'documentNumber', pattern: '^[0-9A-Z]{6,12}$' },
        { tag: 0x03, field: 'surname' },
        { tag: 0x04, field: 'givenNames' },
        { tag: 0x05, field: 'surnameAr' },
        { tag: 0x06, field: 'givenNamesAr' },
        { tag: 0x07, field: 'nationality', format: 'nationality' },
        { tag: 0x08, field: 'birthDate', format: 'date-yyyymmdd' },
        { tag: 0x09, field: 'birthPlace' },
        { tag: 0x0a, field: 'sex', format: 'sex' },
        { tag: 0x0b, field: 'validFrom', format: 'date-yyyymmdd' },
        { tag: 0x0c, field: 'validUntil', format: 'date-yyyymmdd' },
      ],
    },
    {
      role: 'address',
      select: { by: 'fid', fid: '0102' },
      tags: [
        { tag: 0x01, field: 'street' },
        { tag: 0x02, field: 'postalCode' },
        { tag: 0x03, field: 'municipality' },
      ],
      paddedSize: 128,
    },
  ],
});
