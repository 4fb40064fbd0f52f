import { fromHex, selectByAid, selectByPath, selectEf } from './apdu';
import { decodeIdentity, orderProfiles, type CardFiles } from './decode';
import { CardError, isCardError } from './errors';
import type { Identity } from './identity';
import type { CardFile, CardProfile } from './profiles/schema';
import { readBinaryFile, transmitOk, type ApduTransport } from './transmit';

/** Answers to a first SELECT that mean "not this kind of card", so the next profile is tried. */
const NOT_THIS_CARD = new Set(['file-not-found', 'wrong-p1p2', 'ins-not-supported', 'cla-not-supported', 'function-not-supported', 'sw']);

function selectCommand(file: CardFile) {
  return file.select.by === 'path' ? selectByPath(fromHex(file.select.path)) : selectEf(parseInt(file.select.fid, 16));
}

/** Reads every file of one profile. The first SELECT doubles as the recognition test. */
export async function readProfileFiles(transport: ApduTransport, profile: CardProfile): Promise<CardFiles> {
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
    }
  };
  if (profile.aid) {
    await probe(() => transmitOk(transport, selectByAid(fromHex(profile.aid!)), `SELECT ${profile.name} application`));
    first = false;
  }
  for (const file of profile.files) {
    await probe(() => transmitOk(transport, selectCommand(file), `SELECT ${profile.name} ${file.role} file`));
    first = false;
    files[file.role] = await readBinaryFile(transport, { chunk: profile.readChunk });
  }
  return files;
}

export interface ReadResult {
  identity: Identity;
  profile: CardProfile;
}

/**
 * Tries the profiles (ATR matches first) until one's files can be selected, then decodes them.
 * A card that no profile can select is 'unknown-card'.
 */
export async function readIdentity(transport: ApduTransport, profiles: readonly CardProfile[], atr: Uint8Array): Promise<ReadResult> {
  if (profiles.length === 0) throw new CardError('unknown-card', 'no card profiles configured');
  for (const profile of orderProfiles(profiles, atr)) {
    let files: CardFiles;
    try {
      files = await readProfileFiles(transport, profile);
    } catch (err) {
      if (isCardError(err, 'unknown-card')) continue;
      throw err;
    }
    return { identity: decodeIdentity(profile, files), profile };
  }
  throw new CardError('unknown-card', `card not recognised (tried: ${profiles.map((p) => p.name).join(', ')})`);
}
