import { DownloadHTTPError, DownloadLengthMismatchError, ExpiredMetadataError } from 'tuf-js/dist/error';
import { BundleError, type BundleErrorCode } from '../bundle/errors';

/**
 * tuf-js's failures as BundleError codes. tuf-js wraps snapshot and targets failures in a plain
 * RuntimeError whose message embeds the original one, so the message is read as well as the
 * class; the patterns are those of tuf-js 5.0.x's TrustedMetadataStore and @tufjs/models 4.1.x
 * (pinned), and the attack tests hold each one to its code.
 */
const PATTERNS: [RegExp, BundleErrorCode][] = [
  [/fetch failed|Failed to download|answered \d{3}|does not exist|ECONNREFUSED|ECONNRESET|aborted|timeout/i, 'repository-unreachable'],
  [/is expired/, 'metadata-expired'],
  [/is less than current version/, 'metadata-rollback'],
  [/does not match snapshot version|doesn't match timestamp|Missing file .* in new snapshot/, 'metadata-mismatch'],
  [/Expected hash|Expected length/, 'metadata-mismatch'],
  [/signed by \d+\/\d+ keys|Expected version \d+, got \d+|Expected '\w+', got/, 'metadata-untrusted'],
];

export function toBundleError(err: unknown, during: 'metadata' | 'target'): BundleError {
  if (err instanceof BundleError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const wrap = (code: BundleErrorCode, text: string) => new BundleError(code, text, { cause: err });
  if (during === 'target') {
    if (err instanceof DownloadLengthMismatchError) return wrap('target-tampered', `a bundle part came with more bytes than its signed length (endless data): ${message}`);
    if (err instanceof DownloadHTTPError) return wrap('repository-unreachable', `a bundle part could not be downloaded: ${message}`);
    if (/Expected hash|Expected length/.test(message)) return wrap('target-tampered', `a bundle part differs from its signed hash or length: ${message}`);
  }
  if (err instanceof ExpiredMetadataError) return wrap('metadata-expired', `the repository's metadata has expired (a frozen or stale repository): ${message}`);
  if (err instanceof DownloadLengthMismatchError || /Max length reached/.test(message)) return wrap('metadata-untrusted', `metadata larger than allowed (endless data): ${message}`);
  for (const [pattern, code] of PATTERNS) if (pattern.test(message)) return wrap(code, `${during === 'target' ? 'bundle part' : 'repository metadata'} refused: ${message}`);
  return wrap(during === 'target' ? 'target-tampered' : 'metadata-untrusted', `${during === 'target' ? 'bundle part' : 'repository metadata'} refused: ${message}`);
}
