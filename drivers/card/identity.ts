import { z } from 'zod';

/**
 * What the kiosk knows about the person after reading their card. Absent fields are omitted,
 * never empty strings. Dates are ISO (YYYY-MM-DD); a birth date may be a bare year, as some
 * cards carry only that for people whose day of birth is unknown.
 */
const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date must be YYYY-MM-DD');
const text = z.string().min(1).max(200);

export const Address = z.strictObject({
  street: text.optional(),
  postalCode: z.string().min(1).max(20).optional(),
  municipality: text.optional(),
});
export type Address = z.infer<typeof Address>;

export const Identity = z.strictObject({
  /** Name of the card profile that read it (`ministry`, `belpic`). */
  profile: z.string().min(1),
  /** The national ID number; its exact form is checked by the profile (QID: ^[23]\d{10}$). */
  idNumber: z.string().regex(/^[0-9A-Z]{4,20}$/, 'ID number must be 4-20 digits or capital letters'),
  documentNumber: z.string().regex(/^[0-9A-Z-]{1,20}$/).optional(),
  surname: text.optional(),
  givenNames: text.optional(),
  surnameAr: text.optional(),
  givenNamesAr: text.optional(),
  /** ISO 3166-1 alpha-3. */
  nationality: z.string().regex(/^[A-Z]{3}$/, 'nationality must be ISO 3166 alpha-3').optional(),
  birthDate: z.union([isoDate, z.string().regex(/^\d{4}$/)]).optional(),
  birthPlace: text.optional(),
  sex: z.enum(['M', 'F', 'X']).optional(),
  validFrom: isoDate.optional(),
  validUntil: isoDate.optional(),
  address: Address.optional(),
  /** Set by cards that say who holds them; a technician card opens diagnostics instead of a session. */
  role: z.enum(['citizen', 'technician']).optional(),
});
export type Identity = z.infer<typeof Identity>;

/** The keys a profile may fill from a card file (address parts live under `address`). */
export const IdentityField = z.enum([
  'idNumber',
  'documentNumber',
  'surname',
  'givenNames',
  'surnameAr',
  'givenNamesAr',
  'nationality',
  'birthDate',
  'birthPlace',
  'sex',
  'validFrom',
  'validUntil',
  'street',
  'postalCode',
  'municipality',
  'role',
]);
export type IdentityField = z.infer<typeof IdentityField>;

export const ADDRESS_FIELDS: ReadonlySet<IdentityField> = new Set(['street', 'postalCode', 'municipality']);
