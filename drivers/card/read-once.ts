import { CardError } from './errors';
import type { Identity } from './identity';
import { builtInProfiles, findProfile } from './profiles';
import type { CardProfile } from './profiles/schema';
import { CardReaderService, type CardLog } from './reader-service';

export interface ReadCardOnceOptions {
  readerPattern?: string;
  /** Restrict to one profile by name; default: all built-in profiles. */
  profile?: string;
  /** How long to wait for a card (and for the read). Default 10 s. */
  timeoutMs?: number;
  profiles?: readonly CardProfile[];
  log?: CardLog;
}

/**
 * Waits for a card in a matching reader, reads it, returns the identity. Used by the CLI and by
 * diagnostics; fails with 'reader-unavailable' at once when pcscd is not running, and with
 * 'timeout' when no card is read in time.
 */
export async function readCardOnce(opts: ReadCardOnceOptions = {}): Promise<Identity> {
  const all = opts.profiles ?? builtInProfiles;
  const profiles = opts.profile ? [findProfile(opts.profile, all)] : all;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const service = new CardReaderService({ readerPattern: opts.readerPattern, profiles, log: opts.log, retryMs: 60_000 });
  try {
    return await new Promise<Identity>((resolve, reject) => {
      const timer = setTimeout(() => {
        const where = opts.readerPattern ? ` matching "${opts.readerPattern}"` : '';
        if (service.readerNames.length === 0) reject(new CardError('reader-unavailable', `no card reader${where} found`));
        else reject(new CardError('timeout', `no card was read within ${timeoutMs} ms (is a card inserted in ${service.readerNames.join(', ')}?)`));
      }, timeoutMs);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      service.on('identity', ({ identity }) => done(() => resolve(identity)));
      service.on('read-error', ({ error }) => done(() => reject(error)));
      service.start();
      if (!service.pcscConnected) done(() => reject(new CardError('reader-unavailable', 'card reader unavailable: pcscd is not running')));
    });
  } finally {
    await service.stop();
  }
}
