import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Each start of the kiosk on this machine, kept in the data folder (`starts.json`, written by
 * temp file and rename), so the kiosk can tell a crash loop from a restart: a run that never
 * marked itself clean ended in a crash (kill -9, an abort, a watchdog kill, a failed start).
 * After `crashes` crashes within `windowMs` the kiosk starts in safe mode — the out-of-service
 * screen, no devices touched, still reporting — instead of looping until systemd's start limit
 * gives up on it. A safe-mode run ends itself cleanly after `safeModeMs`, and the next start
 * tries service again once the crashes have aged out of the window.
 * It is a JSON file rather than a table on purpose: the database may be what crashes.
 */
export interface CrashLoopRule {
  crashes: number;
  windowMs: number;
  safeModeMs: number;
}

export const START_JOURNAL_FILE = 'starts.json';
const KEEP = 32;

const Run = z.strictObject({ at: z.number(), pid: z.number(), mode: z.enum(['normal', 'safe']), clean: z.boolean(), crashed: z.boolean().optional() });
const Journal = z.strictObject({ starts: z.number().int().nonnegative(), crashes: z.number().int().nonnegative(), runs: z.array(Run) });
type Journal = z.infer<typeof Journal>;

export interface StartDecision {
  mode: 'normal' | 'safe';
  /** Crashes within the rule's window before this start. */
  recentCrashes: number;
  /** Over the life of this data folder: what the `kiosk.starts` and `kiosk.crashes` gauges report. */
  starts: number;
  crashes: number;
  /** Call on a clean stop (SIGTERM, a safe-mode run ending itself, a maintenance restart). */
  markClean(): void;
}

function read(file: string): Journal {
  if (!existsSync(file)) return { starts: 0, crashes: 0, runs: [] };
  const parsed = Journal.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  // A damaged journal counts as no history: refusing to start over it would be a crash loop of its own.
  return parsed.success ? parsed.data : { starts: 0, crashes: 0, runs: [] };
}

function write(file: string, journal: Journal): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(journal), { mode: 0o600 });
  renameSync(temp, file);
}

export function recordStart(dataDir: string, rule: CrashLoopRule, now: number = Date.now(), pid: number = process.pid): StartDecision {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, START_JOURNAL_FILE);
  let journal: Journal;
  try {
    journal = read(file);
  } catch {
    journal = { starts: 0, crashes: 0, runs: [] };
  }
  const last = journal.runs.at(-1);
  if (last && !last.clean && !last.crashed) {
    last.crashed = true;
    journal.crashes += 1;
  }
  const recentCrashes = journal.runs.filter((r) => r.crashed && r.at >= now - rule.windowMs).length;
  const mode: StartDecision['mode'] = recentCrashes >= rule.crashes ? 'safe' : 'normal';
  journal.starts += 1;
  journal.runs = [...journal.runs, { at: now, pid, mode, clean: false }].slice(-KEEP);
  write(file, journal);
  return {
    mode,
    recentCrashes,
    starts: journal.starts,
    crashes: journal.crashes,
    markClean() {
      const current = read(file);
      const run = current.runs.findLast((r) => r.pid === pid && r.at === now);
      if (!run) return;
      run.clean = true;
      write(file, current);
    },
  };
}
