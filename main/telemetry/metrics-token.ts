import { createHash, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { CodedError, errorCode } from '../../shared/coded-error';

/**
 * The management port's bearer token. Loopback and the Host check keep the mall's network and
 * rebinding pages out, but not the machine's other accounts: every other loopback door of the
 * kiosk asks for a secret, and the metrics tell an attacker there when the kiosk is unattended,
 * out of service or has a technician at it. The fleet's collector on the kiosk presents the
 * token (Prometheus: `authorization: {credentials_file: …}`), read from a file that is never
 * in a command line or a unit's Environment=. Optional: without the setting the endpoint stays
 * open to local accounts, as a development machine wants.
 */
export class MetricsTokenError extends CodedError<'metrics-token-invalid'> {
  override readonly name = 'MetricsTokenError';
}

// RFC 6750's b64token; 32 characters at least, so a guess is never worth the try.
const TOKEN = /^[A-Za-z0-9\-._~+/]{32,512}=*$/;

/** Reads the token file, refusing one others may read or write, or a token too short to be a secret. */
export function readMetricsToken(path: string): string {
  let text: string;
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new MetricsTokenError('metrics-token-invalid', `the metrics token ${path} is not a regular file`);
      if ((st.mode & 0o027) !== 0) throw new MetricsTokenError('metrics-token-invalid', `the metrics token ${path} has mode ${(st.mode & 0o777).toString(8)}: others may not touch it nor its group write it (0600, 0400 or 0440)`);
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof MetricsTokenError) throw err;
    throw new MetricsTokenError('metrics-token-invalid', `cannot read the metrics token ${path}: ${errorCode(err) ?? 'error'}`, { cause: err });
  }
  // One trailing newline is what `echo` or an editor leaves; anything else is not a token.
  const token = text.replace(/\r?\n$/, '');
  if (!TOKEN.test(token)) throw new MetricsTokenError('metrics-token-invalid', `the metrics token ${path} is not 32 to 512 token characters (A-Z a-z 0-9 - . _ ~ + /)`);
  return token;
}

/** Whether the request carries `Authorization: Bearer <token>`; compared in constant time. */
export function bearerAllowed(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (given === undefined) return false;
  // Digests, so the comparison takes as long whatever the length given.
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}
