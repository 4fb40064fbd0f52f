/**
 * The one shape of the kiosk's typed errors: a `code` a caller branches on (and tests, logs and
 * the renderer's texts key on), and a message a person understands. Every layer may import this
 * file, the renderer included, so it imports nothing itself.
 */
export class CodedError<C extends string = string> extends Error {
  // Set by each subclass as a literal: a bundler's minifier renames classes, and logs name the error.
  override readonly name: string = 'CodedError';

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The code of anything thrown, if it has one: a CodedError, a Node system error (`ENOENT`,
 * `EADDRINUSE`), a better-sqlite3 error (`SQLITE_CONSTRAINT_UNIQUE`). A numeric `code` (a child
 * process's exit status) is not an error code and gives undefined.
 */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
