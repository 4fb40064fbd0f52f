import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MallocTotals, mallocTotals } from './soak-report';

/**
 * glibc's own account of this process's native heap (malloc_info), and optionally malloc_trim(0)
 * after it, done by gdb attached to this very process: Node has no binding for either and the
 * bench takes no native addon. Undefined when gdb is missing or cannot attach; the soak then says
 * so instead of giving the figures. A few seconds each, so only at the two snapshots.
 */
export function glibcHeap(options: { trim?: boolean } = {}): MallocTotals | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'soak-malloc-'));
  const file = join(dir, 'malloc-info.xml');
  const calls = [`call (void*)fopen("${file}","w")`, 'call (int)malloc_info(0,$1)', 'call (int)fclose($1)', ...(options.trim ? ['call (int)malloc_trim(0)'] : [])];
  try {
    const run = spawnSync('gdb', ['-p', String(process.pid), '-batch', '-nx', ...calls.flatMap((c) => ['-ex', c])], { encoding: 'utf8', timeout: 60_000 });
    if (run.error || run.status !== 0) return undefined;
    return mallocTotals(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
