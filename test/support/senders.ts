import { spawnSync } from 'node:child_process';
import { newSenderId } from '../../offline-cache';

/** A pid that existed a moment ago and no longer does: a real process that has exited. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/**
 * How another process's sender id reads: this process's, with another pid (or host, or boot).
 * A test "crashes" a sender by giving it the pid of a process that has exited.
 */
export function senderIdLike(change: { pid?: number; host?: string; boot?: string }, label = 'kioskctl-drain'): string {
  let id = newSenderId(label);
  if (change.pid !== undefined) id = id.replace(/:(\d+)\//, `:${change.pid}/`);
  if (change.host !== undefined) id = id.replace(/@[^:]*:/, `@${change.host}:`);
  if (change.boot !== undefined) id = id.replace(/\/([0-9a-f]*)#/, `/${change.boot}#`);
  return id;
}

/** The sender id of a process that was killed. */
export const goneSenderId = (label = 'kiosk') => senderIdLike({ pid: deadPid() }, label);
