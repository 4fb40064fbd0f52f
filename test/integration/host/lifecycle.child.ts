import { writeFileSync } from 'node:fs';
import { runUntilStopped } from '../../../main/cli/lifecycle';

/** A long-running command in miniature: a held event loop, a cleanup, and a failure on demand. */
const [mode, marker] = process.argv.slice(2);
const hold = setInterval(() => undefined, 1000);
const lifecycle = runUntilStopped(
  async () => {
    if (mode === 'hang') await new Promise(() => undefined);
    writeFileSync(marker!, 'cleaned');
  },
  { graceMs: 500 },
);
void lifecycle.stopped.then((code) => {
  clearInterval(hold);
  process.exitCode = code;
});
process.stdout.write('ready\n');
if (mode === 'throw') setTimeout(() => { throw new Error('nobody caught this'); }, 20);
if (mode === 'reject') setTimeout(() => void Promise.reject(new Error('nobody awaited this')), 20);
