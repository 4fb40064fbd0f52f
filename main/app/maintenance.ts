import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskDatabase } from '../../offline-cache/db';
import { AuditLog } from '../../offline-cache/audit-log';
import { compact, pruneFinished, type PruneCounts } from '../../offline-cache/retention';
import type { KioskSettings } from '../config';
import { writeFileAtomic } from '../config/bundle/atomic-file';
import type { Logger } from '../core/ports';
import type { RotatingLogFile } from './log-file';
import { errorCode } from '../../shared/coded-error';

/**
 * The daily maintenance window (issue 13): once a day, inside the configured local-time window
 * and only while nobody is using the kiosk, finished data older than `keepDays` is removed (less,
 * if the database is still above `maxDatabaseBytes`), the database is compacted, old log files
 * go, and then — if asked — the kiosk restarts itself: it exits with RESTART_EXIT_CODE, which
 * systemd's Restart=always starts again and the start journal counts as a clean stop. What was
 * done today is kept in `maintenance.json`, so the restarted kiosk does not do it again.
 */
export type MaintenanceSettings = KioskSettings['maintenance'];

/** EX_TEMPFAIL: "try again", the unit's SuccessExitStatus, so the journal does not call it a failure. */
export const RESTART_EXIT_CODE = 75;
export const MAINTENANCE_FILE = 'maintenance.json';

interface Done {
  /** The local day (YYYY-MM-DD) of the window the last cleanup / restart belonged to. */
  cleanup?: string;
  restart?: string;
}

const DAY_MS = 86_400_000;

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Whether `nowMs` is inside the window that opens every day at `start` (local HH:MM) for
 * `minutes`, and the day the open window started on (a window may cross midnight).
 */
export function windowAt(nowMs: number, start: string, minutes: number): { open: boolean; day: string } {
  const [h, m] = start.split(':').map(Number) as [number, number];
  for (const back of [0, 1]) {
    const opened = new Date(nowMs - back * DAY_MS);
    opened.setHours(h, m, 0, 0);
    const from = opened.getTime();
    if (nowMs >= from && nowMs < from + minutes * 60_000) return { open: true, day: localDay(from) };
  }
  return { open: false, day: localDay(nowMs) };
}

export interface MaintenanceOptions {
  db: KioskDatabase;
  dataDir: string;
  databasePath: string;
  settings: MaintenanceSettings;
  log: Logger;
  /** Nobody is being served and nothing is settling: the kiosk may be stopped now. */
  idle(): boolean;
  /** Ends the process for the restart (the shell's clean stop with RESTART_EXIT_CODE); absent: no restart. */
  restart?: () => void;
  logFile?: RotatingLogFile;
  now?: () => number;
  /** Between two looks at the clock; the first comes `firstCheckMs` after start. */
  checkEveryMs?: number;
  firstCheckMs?: number;
}

export interface Maintenance {
  /** Looks at the clock and the kiosk now, does what is due; returns what it did. */
  check(): { cleaned?: PruneCounts & { auditEntries: number; keepDays: number; databaseBytes: number }; restarting?: boolean };
  close(): void;
}

export function startMaintenance(opts: MaintenanceOptions): Maintenance {
  const now = opts.now ?? Date.now;
  const file = join(opts.dataDir, MAINTENANCE_FILE);
  const read = (): Done => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Done;
    } catch {
      return {};
    }
  };
  const record = (done: Done) => writeFileAtomic(file, Buffer.from(JSON.stringify(done)));
  const databaseBytes = () => ['', '-wal'].reduce((sum, s) => sum + (statSync(opts.databasePath + s, { throwIfNoEntry: false })?.size ?? 0), 0);

  const cleanup = (t: number) => {
    const { keepDays, maxDatabaseBytes } = opts.settings;
    let days = keepDays;
    const total: PruneCounts = { requests: 0, payments: 0, paymentEvents: 0, printJobs: 0 };
    // Audit entries keep their own retention, whatever the database's size: only those the
    // gateway acknowledged go, the newest of them staying as the anchor the chain verifies from.
    const auditEntries = new AuditLog(opts.db).prune(t - opts.settings.auditKeepDays * DAY_MS, t).pruned;
    for (;;) {
      const counts = pruneFinished(opts.db, t - days * DAY_MS);
      for (const k of Object.keys(total) as (keyof PruneCounts)[]) total[k] += counts[k];
      compact(opts.db);
      // Still too big: keep fewer days of finished data, down to one.
      if (databaseBytes() <= maxDatabaseBytes || days <= 1) break;
      days = Math.max(1, Math.floor(days / 2));
    }
    const logsRemoved = opts.logFile?.prune(t) ?? 0;
    const bytes = databaseBytes();
    opts.log.info('maintenance-cleanup', { ...total, auditEntries, keepDays: days, databaseBytes: bytes, logsRemoved });
    if (bytes > maxDatabaseBytes) opts.log.warn('database-above-limit', { databaseBytes: bytes, maxDatabaseBytes });
    return { ...total, auditEntries, keepDays: days, databaseBytes: bytes };
  };

  const check: Maintenance['check'] = () => {
    const t = now();
    const window = windowAt(t, opts.settings.windowStart, opts.settings.windowMinutes);
    if (!window.open || !opts.idle()) return {};
    const done = read();
    const out: ReturnType<Maintenance['check']> = {};
    try {
      if (done.cleanup !== window.day) {
        out.cleaned = cleanup(t);
        done.cleanup = window.day;
        record(done);
      }
    } catch (err) {
      // Tried once a window: a failing cleanup must not turn into a loop of VACUUMs.
      opts.log.error('maintenance-failed', { code: errorCode(err) ?? 'error' });
      done.cleanup = window.day;
      record(done);
    }
    if (opts.settings.restart && opts.restart && done.restart !== window.day && opts.idle()) {
      done.restart = window.day;
      record(done);
      opts.log.info('maintenance-restart', { day: window.day });
      out.restarting = true;
      opts.restart();
    }
    return out;
  };

  const first = setTimeout(() => check(), opts.firstCheckMs ?? 5_000);
  const every = setInterval(() => check(), opts.checkEveryMs ?? 60_000);
  first.unref();
  every.unref();
  return {
    check,
    close() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
