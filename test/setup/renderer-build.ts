import { ensureRendererBuilt } from '../../main/cli/paths';

/** Builds the renderer once before e2e tests when the build is missing or stale. */
export function setup(): void {
  ensureRendererBuilt((line) => console.log(line));
}
