import { z } from 'zod';
import { CardError } from '../errors';
import { IdentityField } from '../identity';

/**
 * A card profile is data: how to recognise a card (ATR patterns, or simply whether its files can
 * be selected) and where each identity field lives. New layouts can arrive as JSON in the signed
 * configuration and go through `parseCardProfile`.
 */
const hexBytes = z
  .string()
  .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^([0-9A-F]{2})+$/, 'expected hex bytes'));

const AtrPattern = z.strictObject({
  /** The ATR, hex; bytes where `mask` has 0 bits are ignored. */
  value: hexBytes,
  mask: hexBytes.optional(),
});

const FieldFormatSchema = z.enum(['text', 'date-yyyymmdd', 'date-dd.mm.yyyy', 'date-belpic-birth', 'sex', 'nationality', 'role']);

const TagMapping = z.strictObject({
  tag: z.number().int().min(1).max(0xff),
  /** Several tags for one field (first names + initial) are joined with a space in tag order. */
  field: IdentityField,
  format: FieldFormatSchema.default('text'),
  /** A regex the decoded value must match, e.g. the QID rule; a mismatch means the card is not what it claims. */
  pattern: z.string().optional(),
  /** A card without this tag is refused as malformed. */
  required: z.boolean().default(false),
});

const FileSelect = z.discriminatedUnion('by', [
  /** 00 A4 08 0C + path from the MF (file ids without the MF's 3F00). */
  z.strictObject({ by: z.literal('path'), path: hexBytes }),
  /** 00 A4 02 0C + file id, under the DF selected before (the application). */
  z.strictObject({ by: z.literal('fid'), fid: hexBytes.pipe(z.string().length(4)) }),
  /**
   * READ BINARY with a short EF identifier (P1 = 80|sfi): selects and reads in one APDU, under the
   * DF selected before. `fid` is the same EF's file id, for readers that select explicitly.
   */
  z.strictObject({ by: z.literal('sfi'), sfi: z.number().int().min(1).max(30), fid: hexBytes.pipe(z.string().length(4)) }),
]);

/**
 * identity, address: simple-TLV data files. The rest only exist to check them: the signature
 * files and the signer's certificate (Belgian RRN scheme), the photo whose hash the identity
 * file carries.
 */
const FileRole = z.enum(['identity', 'address', 'identity-signature', 'address-signature', 'signer-certificate', 'photo']);

export const CardFile = z.strictObject({
  role: FileRole,
  select: FileSelect,
  /** Identity fields in the file; none for the files that only check others. */
  tags: z.array(TagMapping).default([]),
  /** Fill to this size with 00 bytes in simulated images, as issued cards do. */
  paddedSize: z.number().int().min(0).max(0x7fff).optional(),
  /** The file's size as issued, when the layout fixes it: the read stops there without asking past the end. */
  size: z.number().int().min(1).max(0x8000).optional(),
  /** The file tells its own size (ber: it is one BER-TLV object), so the read stops at its end. */
  announces: z.enum(['ber']).optional(),
  /** A card without this file (6A82 on its SELECT) is still read; what checks it then says `unsigned`. */
  optional: z.boolean().default(false),
});
export type CardFile = z.infer<typeof CardFile>;

/**
 * How the card's data is signed, so a forged card is told apart from a genuine one.
 * - cms: the identity file is a CMS SignedData (RFC 5652) whose content is the TLV, signed by a
 *   document signer whose certificate it carries, chained to an anchor.
 * - belpic-rrn: the Belgian National Register scheme: the identity-signature file signs the
 *   identity file, the address-signature file signs the address (trailing 00s removed) followed by
 *   the identity signature, both with the key of the signer-certificate file; the identity file's
 *   photo hash tag must match the photo file.
 */
const Authentication = z.strictObject({
  scheme: z.enum(['cms', 'belpic-rrn']),
  /** The chip answers INTERNAL AUTHENTICATE with the key whose SubjectPublicKeyInfo is at this tag of the signed identity. */
  chip: z.strictObject({ keyTag: z.number().int().min(1).max(0xff), challengeLength: z.number().int().min(8).max(64).default(8) }).optional(),
  /** belpic-rrn: the identity file's tag holding the photo's hash (SHA-1, -256 or -384 by its length). */
  photoHashTag: z.number().int().min(1).max(0xff).optional(),
  /**
   * Production trust anchors, PEM. The simulators' test roots are never listed here: the kiosk
   * adds them only with simulation on. (Later, signed config bundles can carry anchors too.)
   */
  anchors: z.array(z.string().includes('-----BEGIN CERTIFICATE-----')).default([]),
});
export type Authentication = z.infer<typeof Authentication>;

const PinPolicy = z.strictObject({
  /**
   * never: the profile's files are free to read (a 6982 is an error); always: VERIFY before the
   * first file; on-demand: only when the card answers 6982 (security status not satisfied), so
   * cards without a PIN cost no extra round trip.
   */
  when: z.enum(['never', 'always', 'on-demand']).default('never'),
  /** VERIFY P2: the PIN's reference on the card. */
  reference: z.number().int().min(0).max(0xff).default(0x01),
  format: z.enum(['iso9564-2', 'ascii']).default('iso9564-2'),
  minLength: z.number().int().min(4).max(12).default(4),
  maxLength: z.number().int().min(4).max(12).default(12),
});

export const CardProfile = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  label: z.string().min(1),
  atr: z.array(AtrPattern).default([]),
  /** AID selected before the files (00 A4 04 0C); absent for cards read by path from the MF. */
  aid: hexBytes.optional(),
  /** Bytes per READ BINARY: 256 (Le=00) costs the fewest round trips. */
  readChunk: z.number().int().min(1).max(65536).default(256),
  /** The card takes extended-length APDUs: a whole file in one READ BINARY (Le = 00 00 00). */
  extendedLength: z.boolean().default(false),
  pin: PinPolicy.default({ when: 'never', reference: 1, format: 'iso9564-2', minLength: 4, maxLength: 12 }),
  /** Every card of this profile is a technician card (the identity's own `role` can say so too). */
  role: z.enum(['citizen', 'technician']).default('citizen'),
  files: z.array(CardFile).min(1),
  /** Absent: the card's data is not signed, and every read of it is `unsigned`. */
  authentication: Authentication.optional(),
}).refine((p) => p.extendedLength || p.readChunk <= 256, { message: 'readChunk above 256 needs extendedLength', path: ['readChunk'] })
  .refine((p) => p.pin.minLength <= p.pin.maxLength, { message: 'pin.minLength is above pin.maxLength', path: ['pin'] });
export type CardProfile = z.infer<typeof CardProfile>;

/** Validates a profile (shipped JSON, or one delivered by configuration); a bad one is 'invalid-profile'. */
export function parseCardProfile(input: unknown): CardProfile {
  const parsed = CardProfile.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  const name = typeof input === 'object' && input !== null && 'name' in input ? ` "${String(input.name)}"` : '';
  throw new CardError('invalid-profile', `card profile${name} is not valid: ${issues}`);
}

/** The same from JSON text (a configuration file). */
export function parseCardProfileJson(text: string): CardProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CardError('invalid-profile', 'card profile is not valid JSON');
  }
  return parseCardProfile(raw);
}
