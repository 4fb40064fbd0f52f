import { fromHex, selectByAid, selectByPath, selectEf } from './apdu';
import { decodeIdentity, orderProfiles, type CardFiles } from './decode';
import { CardError, isCardError } from './errors';
import type { Identity } from './identity';
import { askTriesLeft, type PinPrompt } from './pin-verify';
import type { CardFile, CardProfile } from './profiles/schema';
import { readBinaryFile } from './read-binary';
import { transmitOk, type ApduTransport } from './transmit';
import { profileAnchors, type TrustAnchors } from './trust/anchors';
import type { Authenticity } from './trust/authenticity';
import { authenticateCard } from './trust/authenticate';

/** Answers to a first SELECT that mean "not this kind of card", so the next profile is tried. */
const NOT_THIS_CARD = new Set(['file-not-found', 'wrong-p1p2', 'ins-not-supported', 'cla-not-supported', 'function-not-supported', 'sw']);

/**
 * fast: what the profile allows (SFI reads, its chunk size, extended length). naive: SELECT each
 * file explicitly and read it in 256-byte chunks, the baseline the benchmark compares against.
 */
export type ReadStrategy = 'fast' | 'naive';

export interface ReadOptions {
  strategy?: ReadStrategy;
  /** Asked when the card needs its PIN; without it a PIN-protected card ends in 'security-status'. */
  onPin?: PinPrompt;
  /** Anchors the card's signatures are checked against; default: the profile's production anchors. */
  anchors?: TrustAnchors;
  /** The clock certificates' validity is checked with. */
  now?: Date;
}

function selectCommand(file: CardFile) {
  switch (file.select.by) {
    case 'path':
      return selectByPath(fromHex(file.select.path));
    case 'fid':
    case 'sfi':
      return selectEf(parseInt(file.select.fid, 16));
  }
}

async function readFile(transport: ApduTransport, profile: CardProfile, file: CardFile, strategy: ReadStrategy): Promise<Uint8Array> {
  if (strategy === 'naive') return readBinaryFile(transport, { chunk: 256 });
  const sfi = file.select.by === 'sfi' ? file.select.sfi : undefined;
  return readBinaryFile(transport, { chunk: profile.readChunk, extended: profile.extendedLength, sfi, size: file.size, announces: file.announces });
}

/** Reads every file of one profile. The first command that reaches the card doubles as the recognition test. */
async function readProfileFiles(transport: ApduTransport, profile: CardProfile, opts: ReadOptions = {}): Promise<CardFiles> {
  const strategy = opts.strategy ?? 'fast';
  const files: CardFiles = {};
  let first = true;
  const probe = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (err) {
      if (first && isCardError(err) && NOT_THIS_CARD.has(err.code)) {
        throw new CardError('unknown-card', `not a ${profile.label}: ${err.message}`, err.sw, { cause: err });
      }
      throw err;
    } finally {
      first = false;
    }
  };
  let pinDone = false;
  const pin = async () => {
    if (pinDone) return;
    pinDone = true;
    if (!opts.onPin) throw new CardError('security-status', `this ${profile.label} needs its PIN before it can be read`);
    // Asking for the tries left first lets the PIN pad show them before the shopper types.
    const state = await askTriesLeft(transport, profile);
    if (state.verified) return;
    await opts.onPin({ profile, triesLeft: state.triesLeft, transport });
  };
  if (profile.aid) await probe(() => transmitOk(transport, selectByAid(fromHex(profile.aid!)), `SELECT ${profile.name} application`));
  if (profile.pin.when === 'always') await pin();
  for (const file of profile.files) {
    const needsSelect = strategy === 'naive' || file.select.by !== 'sfi';
    if (needsSelect) {
      try {
        await probe(() => transmitOk(transport, selectCommand(file), `SELECT ${profile.name} ${file.role} file`));
      } catch (err) {
        if (file.optional && isCardError(err, 'file-not-found')) continue;
        throw err;
      }
    }
    try {
      files[file.role] = await probe(() => readFile(transport, profile, file, strategy));
    } catch (err) {
      if (!(profile.pin.when === 'on-demand' && !pinDone && isCardError(err, 'security-status'))) throw err;
      await pin();
      // The failed read may have left no EF selected; select again unless the SFI read does it.
      if (needsSelect) await transmitOk(transport, selectCommand(file), `SELECT ${profile.name} ${file.role} file`);
      files[file.role] = await readFile(transport, profile, file, strategy);
    }
  }
  return files;
}

export interface ReadResult {
  identity: Identity;
  profile: CardProfile;
  authenticity: Authenticity;
  /** Why the card is not verified (names certificates and checks, never personal data). */
  authenticityReason?: string;
}

/**
 * Tries the profiles (ATR matches first) until one's files can be selected, then decodes them.
 * A card that no profile can select is 'unknown-card'.
 */
export async function readIdentity(transport: ApduTransport, profiles: readonly CardProfile[], atr: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  if (profiles.length === 0) throw new CardError('unknown-card', 'no card profiles configured');
  for (const profile of orderProfiles(profiles, atr)) {
    let files: CardFiles;
    try {
      files = await readProfileFiles(transport, profile, opts);
    } catch (err) {
      if (isCardError(err, 'unknown-card')) continue;
      throw err;
    }
    const anchors = (opts.anchors ?? profileAnchors)(profile);
    const checked = await authenticateCard(transport, profile, files, { anchors, now: opts.now ?? new Date() });
    return { identity: decodeIdentity(profile, checked.files), profile, authenticity: checked.authenticity, authenticityReason: checked.reason };
  }
  throw new CardError('unknown-card', `card not recognised (tried: ${profiles.map((p) => p.name).join(', ')})`);
}
