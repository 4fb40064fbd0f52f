import { z } from 'zod';
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

export const AtrPattern = z.strictObject({
  /** The ATR, hex; bytes where `mask` has 0 bits are ignored. */
  value: hexBytes,
  mask: hexBytes.optional(),
});
export type AtrPattern = z.infer<typeof AtrPattern>;

export const FieldFormatSchema = z.enum(['text', 'date-yyyymmdd', 'date-dd.mm.yyyy', 'date-belpic-birth', 'sex', 'nationality']);

export const TagMapping = z.strictObject({
  tag: z.number().int().min(1).max(0xff),
  /** Several tags for one field (first names + initial) are joined with a space in tag order. */
  field: IdentityField,
  format: FieldFormatSchema.default('text'),
  /** A regex the decoded value must match, e.g. the QID rule; a mismatch means the card is not what it claims. */
  pattern: z.string().optional(),
  /** A card without this tag is refused as malformed. */
  required: z.boolean().default(false),
});
export type TagMapping = z.infer<typeof TagMapping>;

export const FileSelect = z.discriminatedUnion('by', [
  /** 00 A4 08 0C + path from the MF (file ids without the MF's 3F00). */
  z.strictObject({ by: z.literal('path'), path: hexBytes }),
  /** 00 A4 02 0C + file id, under the DF selected before (the application). */
  z.strictObject({ by: z.literal('fid'), fid: hexBytes.pipe(z.string().length(4)) }),
]);
export type FileSelect = z.infer<typeof FileSelect>;

export const CardFile = z.strictObject({
  role: z.enum(['identity', 'address']),
  select: FileSelect,
  tags: z.array(TagMapping).min(1),
  /** Fill to this size with 00 bytes in simulated images, as issued cards do. */
  paddedSize: z.number().int().min(0).max(0x7fff).optional(),
});
export type CardFile = z.infer<typeof CardFile>;

export const CardProfile = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  label: z.string().min(1),
  atr: z.array(AtrPattern).default([]),
  /** AID selected before the files (00 A4 04 0C); absent for cards read by path from the MF. */
  aid: hexBytes.optional(),
  /** Bytes per READ BINARY: 256 (Le=00) costs the fewest round trips. */
  readChunk: z.number().int().min(1).max(256).default(256),
  files: z.array(CardFile).min(1),
});
export type CardProfile = z.infer<typeof CardProfile>;
export type CardProfileInput = z.input<typeof CardProfile>;

export function parseCardProfile(input: unknown): CardProfile {
  return CardProfile.parse(input);
}
