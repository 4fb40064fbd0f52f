import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout kioskctl runs from; builds live beside it (data lives in main/config's data folder). */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const rendererDist = join(repoRoot, 'dist', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when its output is missing or older than what it is built from: its sources, the contract, shared/. */
export function ensureRendererBuilt(log: (line: string) => void = () => {}): void {
  const index = join(rendererDist, 'index.html');
  const sources = Math.max(...[['renderer'], ['main', 'contract'], ['shared']].map((parts) => newestMtime(join(repoRoot, ...parts))));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the renderer…');
  execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}
