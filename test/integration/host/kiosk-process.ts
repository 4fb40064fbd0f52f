import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A kiosk as a developer runs it (`kioskctl start --shell browser`), as a child process the
 * tests attack over real sockets: simulators, socat ptys, the browser host and the lab.
 */
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;

export interface KioskProcess {
  child: ChildProcess;
  pid: number;
  dataDir: string;
  kioskUrl: string;
  labUrl: string;
  /** The browser host's port. */
  port: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

/**
 * The parent's environment without display or kiosk settings, so the child decides by its flags
 * alone; and no maintenance restart, which the default window (03:00 for two hours, machine time)
 * would otherwise make of a kiosk idle between a test's steps whenever a run falls inside it.
 * A test of the window itself passes its own KIOSK_MAINTENANCE_* in `extra`.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(KIOSK_|DISPLAY$|WAYLAND_DISPLAY$|CHROMIUM_PATH$)/.test(k)) env[k] = v;
  return { ...env, KIOSK_MAINTENANCE_RESTART: '0', ...extra };
}

export async function startKioskProcess(options: { dataDir?: string; args?: string[]; env?: Record<string, string>; timeoutMs?: number; open?: boolean } = {}): Promise<KioskProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-proc-'));
  const child = spawn(process.execPath, [KIOSKCTL, 'start', '--shell', 'browser', ...(options.open ? [] : ['--no-open']), '--data-dir', dataDir, ...(options.args ?? [])], {
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  // kioskctl start simulates by default, so the lab's line is the last one it prints.
  while (!/^LAB_URL=.*\n/m.test(out)) {
    if (child.exitCode !== null) throw new Error(`kioskctl start exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kioskctl start did not come up: ${out} ${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const kioskUrl = /^KIOSK_URL=(.*)$/m.exec(out)?.[1] ?? '';
  const labUrl = /^LAB_URL=(.*)$/m.exec(out)?.[1] ?? '';
  return {
    child,
    pid: child.pid!,
    dataDir,
    kioskUrl,
    labUrl,
    port: Number(new URL(kioskUrl).port),
    stdout: () => out,
    stderr: () => err,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Every process's command line and environment on this machine, as /proc shows them to us. */
export function everyProcessText(): { pid: number; cmdline: string; environ: string }[] {
  const found: { pid: number; cmdline: string; environ: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const read = (file: string) => {
      try {
        return readFileSync(`/proc/${entry}/${file}`).toString('latin1');
      } catch {
        return ''; // gone meanwhile, or not ours to read
      }
    };
    found.push({ pid: Number(entry), cmdline: read('cmdline'), environ: read('environ') });
  }
  return found;
}

/** Process ids whose parent is `pid` and whose command is `comm` (from /proc). */
export function childrenNamed(pid: number, comm: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (ppid === pid && name === comm) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface RawResponse {
  /** Undefined when the server closed without a status line. */
  status?: number;
  head: string;
  body: string;
}

/** Sends bytes exactly as given (no client-side normalisation, like `curl --path-as-is`). */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms to ${JSON.stringify(request.toString().slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      resolve({ status: status ? Number(status) : undefined, head, body: split === -1 ? '' : text.slice(split + 4) });
    });
    socket.write(request);
  });
}

export const get = (port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
  rawRequest(port, `GET ${target} HTTP/1.1\r\n${Object.entries({ Host: `127.0.0.1:${port}`, Connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);

export async function until(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}
