import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The kiosk's log lines kept in the data folder (`logs/kiosk.log`) for the technician who reads
 * them on site, beside whatever the service manager keeps (journald under systemd). A file that
 * would pass `maxBytes` is rotated (kiosk.log → kiosk.log.1 → … → kiosk.log.<maxFiles>, the
 * oldest dropped), and the maintenance window removes rotated files older than `maxAgeDays`, so
 * the logs never fill the disk the journals need.
 */
export interface LogFileSettings {
  maxBytes: number;
  maxFiles: number;
  maxAgeDays: number;
}

export const LOG_DIR = 'logs';
const NAME = 'kiosk.log';

export class RotatingLogFile {
  readonly path: string;
  private size: number;

  constructor(
    readonly dir: string,
    private readonly settings: LogFileSettings,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.path = join(dir, NAME);
    this.size = statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
  }

  /** Appends one line; a write the disk refuses is dropped (the log must never stop the kiosk). */
  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.settings.maxBytes) this.rotate();
      appendFileSync(this.path, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      // Disk full or the folder gone: stderr (journald) still has the line.
    }
  }

  private rotate(): void {
    const max = this.settings.maxFiles;
    rmSync(`${this.path}.${max}`, { force: true });
    for (let i = max - 1; i >= 1; i--) {
      const from = `${this.path}.${i}`;
      if (statSync(from, { throwIfNoEntry: false })) renameSync(from, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.size = 0;
  }

  /** Removes rotated files last written before `maxAgeDays` ago; returns how many went. */
  prune(nowMs: number): number {
    const before = nowMs - this.settings.maxAgeDays * 86_400_000;
    let removed = 0;
    for (const file of readdirSync(this.dir)) {
      if (!/^kiosk\.log\.\d+$/.test(file)) continue;
      const path = join(this.dir, file);
      if ((statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < before) {
        rmSync(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}
