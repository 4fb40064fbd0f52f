import { fromHex } from './apdu';
import { CardError } from './errors';
import { decodeField, encodeField } from './fields';
import { ADDRESS_FIELDS, Identity, type Address, type IdentityField } from './identity';
import type { CardFile, CardProfile } from './profiles/schema';
import { encodeSimpleTlv, parseSimpleTlv, type TlvElement } from './tlv';

type FileRole = CardFile['role'];
export type CardFiles = Partial<Record<FileRole, Uint8Array>>;

export function atrMatches(profile: CardProfile, atr: Uint8Array): boolean {
  return profile.atr.some((p) => {
    const value = fromHex(p.value);
    const mask = p.mask ? fromHex(p.mask) : undefined;
    if (value.length !== atr.length) return false;
    return value.every((v, i) => ((atr[i]! ^ v) & (mask ? mask[i]! : 0xff)) === 0);
  });
}

/** Profiles whose ATR pattern matches come first; the rest keep their order and are tried by SELECT. */
export function orderProfiles(profiles: readonly CardProfile[], atr: Uint8Array): CardProfile[] {
  const hit = profiles.filter((p) => atrMatches(p, atr));
  return [...hit, ...profiles.filter((p) => !hit.includes(p))];
}

/** Turns the raw files read from a card into an Identity, validating every field the profile names. */
export function decodeIdentity(profile: CardProfile, files: CardFiles): Identity {
  const fields = new Map<IdentityField, string>();
  for (const file of profile.files) {
    const bytes = files[file.role];
    // Signature, certificate and photo files carry no fields: they only check the others.
    if (!bytes || file.tags.length === 0) continue;
    const byTag = new Map<number, Uint8Array>();
    for (const el of parseSimpleTlv(bytes)) if (!byTag.has(el.tag)) byTag.set(el.tag, el.value);
    for (const m of file.tags) {
      const raw = byTag.get(m.tag);
      const value = raw === undefined ? undefined : decodeField(m.format, raw, m.field);
      if (value === undefined) {
        if (m.required) throw new CardError('malformed-data', `card field ${m.field} is missing from the ${file.role} file`);
        continue;
      }
      if (m.pattern !== undefined && !new RegExp(m.pattern).test(value)) {
        throw new CardError('malformed-data', `card field ${m.field} does not have the form the ${profile.name} profile expects`);
      }
      const before = fields.get(m.field);
      fields.set(m.field, before === undefined ? value : `${before} ${value}`);
    }
  }
  const identity: Record<string, unknown> = { profile: profile.name };
  const address: Address = {};
  for (const [k, v] of fields) {
    if (ADDRESS_FIELDS.has(k)) address[k as keyof Address] = v;
    else identity[k] = v;
  }
  if (Object.keys(address).length > 0) identity.address = address;
  const parsed = Identity.safeParse(identity);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new CardError('malformed-data', `card data does not form a valid identity (fields: ${where})`);
  }
  return parsed.data;
}

/** The inverse, for simulated cards: each field goes to the first tag that names it. */
export function encodeCardFiles(profile: CardProfile, identity: Identity): CardFiles {
  const flat: Partial<Record<IdentityField, string>> = { ...identity, ...identity.address };
  const out: CardFiles = {};
  for (const file of profile.files) {
    if (file.tags.length === 0) continue;
    const elements: TlvElement[] = [{ tag: 0x00, value: Uint8Array.of(0x01) }];
    const done = new Set<IdentityField>();
    for (const m of file.tags) {
      const value = flat[m.field];
      if (value === undefined || done.has(m.field)) continue;
      done.add(m.field);
      elements.push({ tag: m.tag, value: encodeField(m.format, value) });
    }
    const tlv = encodeSimpleTlv(elements.sort((a, b) => a.tag - b.tag));
    const size = Math.max(tlv.length, file.paddedSize ?? 0);
    const padded = new Uint8Array(size);
    padded.set(tlv);
    out[file.role] = padded;
  }
  return out;
}
