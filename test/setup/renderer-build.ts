import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the renderer once before e2e tests when the build is missing or older than its sources. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function setup(): void {
  const out = 'dist/renderer/index.html';
  const stale = !existsSync(out) || statSync(out).mtimeMs < Math.max(newestMtime('renderer'), newestMtime('main/contract'));
  if (stale) execFileSync('npm', ['run', 'build:renderer'], { stdio: 'inherit' });
}
