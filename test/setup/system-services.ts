import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Makes sure the system services the integration and e2e tests need are there: pcscd with the
 * vsmartcard virtual readers, socat for ptys, Chromium for the UI. Starts pcscd when it is not
 * running (and stops it afterwards); says exactly what is missing otherwise.
 */

function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ready means the daemon runs and its socket exists. The vpcd ports are not probed: connecting to
 * one *is* inserting a card, and vpcd serves one card per slot.
 */
function pcscdReady(): boolean {
  if (!existsSync('/run/pcscd/pcscd.comm')) return false;
  try {
    execFileSync('pgrep', ['-x', 'pcscd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let started: ChildProcess | undefined;

export async function setup(): Promise<void> {
  const missing: string[] = [];
  // The package list lives in one place, scripts/setup-system.sh; ask it rather than keep a copy.
  const check = spawnSync('bash', ['scripts/setup-system.sh', '--check'], { encoding: 'utf8' });
  if (check.status !== 0) missing.push(check.stdout.trim() || check.stderr.trim());
  const pcscd = which('pcscd') ?? (existsSync('/usr/sbin/pcscd') ? '/usr/sbin/pcscd' : undefined);
  if (!existsSync('/etc/reader.conf.d/vpcd-kiosk-tests')) missing.push('the second virtual reader pair (scripts/setup-system.sh writes it)');
  if (missing.length) {
    throw new Error(`test prerequisites missing: ${missing.join(', ')}. Run scripts/setup-system.sh as root.`);
  }
  if (pcscdReady()) return;
  started = spawn(pcscd!, ['--foreground'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!pcscdReady()) {
    if (started.exitCode !== null) throw new Error(`pcscd exited with ${started.exitCode}; is another pcscd running without vpcd?`);
    if (Date.now() > deadline) throw new Error('pcscd did not create /run/pcscd/pcscd.comm within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function teardown(): Promise<void> {
  if (started && started.exitCode === null) {
    started.kill('SIGTERM');
    await new Promise((r) => started!.once('exit', r));
  }
}
