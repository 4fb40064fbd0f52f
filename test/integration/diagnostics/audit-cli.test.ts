import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;
const tmp = useTempDir();

async function kioskctl(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))) as Record<string, string>;
  try {
    const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function kioskWithVisit() {
  const { db, path } = tmp.db();
  const log = new AuditLog(db);
  log.append({ actor: '290••••••77', action: 'enter', detail: { card: 'technician' } });
  log.append({ actor: '290••••••77', action: 'selftest', detail: { device: 'printer', result: 'passed' } });
  log.append({ actor: '290••••••77', action: 'exit', detail: { how: 'card-removed', back: 'in-service' } });
  db.close();
  return path;
}

describe('kioskctl diag audit', () => {
  it('prints the entries and a chain that holds (exit 0)', async () => {
    const path = kioskWithVisit();
    const { code, stdout } = await kioskctl(['diag', 'audit', '--db', path, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { verification: { ok: boolean; entries: number }; entries: { seq: number; action: string; actor: string }[] };
    expect(out.verification).toMatchObject({ ok: true, entries: 3 });
    expect(out.entries.map((e) => e.action)).toEqual(['enter', 'selftest', 'exit']);
    expect(out.entries.every((e) => e.actor === '290••••••77')).toBe(true);
  });

  it('fails naming the entry someone edited in the SQLite file with another tool', async () => {
    const path = kioskWithVisit();
    const raw = new Database(path);
    raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{"device":"printer","result":"failed"}' WHERE seq = 2`);
    raw.close();
    const { code, stdout, stderr } = await kioskctl(['diag', 'audit', '--db', path, '--json']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('kioskctl diag audit: audit chain broken at entry 2 (hash-mismatch): the log was changed after it was written');
    expect(JSON.parse(stdout).verification).toEqual({ ok: false, entries: 1, from: { seq: 0, hash: '0'.repeat(64) }, broken: { seq: 2, reason: 'hash-mismatch' } });
  });

  it('says where no database is', async () => {
    const { code, stderr } = await kioskctl(['diag', 'audit', '--db', join(tmp.dir(), 'none.db')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no kiosk database at/);
  });

  it('hashes a PIN read from stdin', async () => {
    const child = execFile(process.execPath, [KIOSKCTL, 'diag', 'pin-hash']);
    child.stdin!.end('246810\n');
    const out = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', () => resolve(text));
    });
    expect(out.trim()).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
  });
});
