import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';

/**
 * Makes sure the system services the integration and e2e tests need are there: pcscd with the
 * vsmartcard virtual readers, socat for ptys, Chromium for the UI. Starts pcscd when it is not
 * running (and stops it afterwards); says exactly what is missing otherwise.
 */
const VPCD_PORTS = [35963, 35964];

function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function pcscdReady(): Promise<boolean> {
  const ports = await Promise.all(VPCD_PORTS.map(portOpen));
  return ports.every(Boolean) && existsSync('/run/pcscd/pcscd.comm');
}

let started: ChildProcess | undefined;

export async function setup(): Promise<void> {
  const missing: string[] = [];
  const pcscd = which('pcscd') ?? (existsSync('/usr/sbin/pcscd') ? '/usr/sbin/pcscd' : undefined);
  if (!pcscd) missing.push('pcscd (apt-get install pcscd)');
  if (!existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so') && !existsSync('/etc/reader.conf.d/vpcd')) {
    missing.push('vsmartcard-vpcd (apt-get install vsmartcard-vpcd)');
  }
  if (!which('socat')) missing.push('socat (apt-get install socat)');
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium (apt-get install chromium)');
  if (missing.length) {
    throw new Error(`test prerequisites missing: ${missing.join(', ')}. Run scripts/setup-system.sh as root.`);
  }
  if (await pcscdReady()) return;
  started = spawn(pcscd!, ['--foreground'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await pcscdReady())) {
    if (started.exitCode !== null) throw new Error(`pcscd exited with ${started.exitCode}; is another pcscd running without vpcd?`);
    if (Date.now() > deadline) throw new Error('pcscd did not open the vpcd ports 35963/35964 within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function teardown(): Promise<void> {
  if (started && started.exitCode === null) {
    started.kill('SIGTERM');
    await new Promise((r) => started!.once('exit', r));
  }
}
