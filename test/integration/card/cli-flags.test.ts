import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import demo from '../../../drivers/card/sim/demo-identity.json';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import { readerEmpty, TEST_READER, testPort } from './helpers';

const ROOT = join(import.meta.dirname, '../../..');
const SIM = join(ROOT, 'drivers/card/sim');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kioskctl(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Run>; stderrNow: () => string } {
  const child = spawn(process.execPath, ['bin/kioskctl.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stderrNow: () => stderr };
}

/** `kioskctl sim card` with the flags under test, running until the test ends. */
async function simCard(flags: string[]): Promise<ReturnType<typeof kioskctl>> {
  const sim = kioskctl(['sim', 'card', '--port', String(await testPort()), ...flags]);
  running.push(sim);
  const deadline = Date.now() + 15_000;
  while (!sim.stderrNow().includes('inserted on vpcd port')) {
    if (Date.now() > deadline || sim.child.exitCode !== null) throw new Error(`sim card did not start: ${sim.stderrNow()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return sim;
}

// Simulation on: the simulators' test roots are trusted, as with `npm start`.
const cardRead = (...flags: string[]) => kioskctl(['card', 'read', '--reader', TEST_READER, '--timeout-ms', '6000', ...flags], { KIOSK_SIMULATE: '1' }).done;
const running: Array<ReturnType<typeof kioskctl>> = [];

describe('kioskctl sim card flags, read back with kioskctl card read', () => {
  afterEach(async () => {
    for (const sim of running.splice(0)) {
      if (sim.child.exitCode === null) {
        sim.child.kill('SIGINT');
        await sim.done;
      }
    }
    await readerEmpty();
  });

  it('--profile belpic, read with --profile belpic and with the profile recognised from the card', async () => {
    await readerEmpty();
    await simCard(['--profile', 'belpic']);
    const named = await cardRead('--profile', 'belpic', '--json');
    expect(named.stderr).toBe('');
    expect(JSON.parse(named.stdout).identity).toEqual(Identity.parse(belpicDemo));
    const recognised = await cardRead('--json');
    expect(JSON.parse(recognised.stdout).identity).toEqual(Identity.parse(belpicDemo));
  });

  it('--t0 --chunk 16: the ministry card over T=0 with a 16-byte buffer reads the same', async () => {
    await readerEmpty();
    await simCard(['--t0', '--chunk', '16']);
    const run = await cardRead('--profile', 'ministry', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ authenticity: 'verified', identity: Identity.parse(demo) });
  });

  it('--short-read 20: answers capped at 20 bytes with 9000 mid-file are read on to the end (both profiles)', async () => {
    await readerEmpty();
    await simCard(['--short-read', '20']);
    const ministry = await cardRead('--json');
    expect(ministry.stderr).toBe('');
    expect(JSON.parse(ministry.stdout)).toEqual({ authenticity: 'verified', identity: Identity.parse(demo) });
    for (const sim of running.splice(0)) {
      sim.child.kill('SIGINT');
      await sim.done;
    }
    await readerEmpty();
    await simCard(['--profile', 'belpic', '--short-read', '20']);
    // All six files (a 2 KB photo among them) in 20-byte answers: ~200 round trips.
    const belgian = await cardRead('--json', '--timeout-ms', '30000');
    expect(belgian.stderr).toBe('');
    expect(JSON.parse(belgian.stdout).identity).toEqual(Identity.parse(belpicDemo));
  });

  it('--pin: card read --pin reads; a wrong --pin says the tries left; no PIN and no terminal says how to give one', async () => {
    await readerEmpty();
    await simCard(['--pin', '2468', '--pin-tries', '3']);
    const wrong = await cardRead('--pin', '1357', '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('kioskctl card read: wrong PIN, 2 tries left\n');
    const none = await cardRead('--json');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/needs its PIN: pass --pin/);
    const right = await cardRead('--pin', '2468', '--json');
    expect(right.stderr).toBe('');
    expect(JSON.parse(right.stdout)).toEqual({ authenticity: 'verified', identity: Identity.parse(demo) });
    expect(`${wrong.stdout}${wrong.stderr}${right.stderr}`).not.toMatch(/2468|1357/);
  });

  it('card read in a terminal asks for the PIN without echoing it, and again after a wrong one', async () => {
    await readerEmpty();
    await simCard(['--pin', '2468']);
    // script(1) gives the command a pseudo-terminal, as a technician's shell would.
    const child = spawn('script', ['-qfec', `node bin/kioskctl.mjs card read --reader '${TEST_READER}' --json`, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (d) => (screen += d));
    const done = new Promise<number | null>((resolve) => child.once('close', resolve));
    const until = async (text: string) => {
      const deadline = Date.now() + 10_000;
      while (!screen.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" on the terminal: ${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until('card PIN, 3 tries left: ');
    child.stdin.write('1357\r');
    await until('wrong PIN; card PIN, 2 tries left: ');
    child.stdin.write('2468\r');
    expect(await done).toBe(0);
    expect(screen).toContain('"givenNamesAr": "أحمد علي"');
    expect(screen).not.toMatch(/1357|2468|\*\*\*\*/);
  });

  it('--yank-after 1: the read fails with card removed, the simulator says so and exits', async () => {
    await readerEmpty();
    const sim = await simCard(['--yank-after', '1']);
    const run = await cardRead('--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kioskctl card read: .*removed/);
    const simRun = await sim.done;
    expect(simRun.code).toBe(0);
    expect(simRun.stderr).toContain('card pulled out when APDU 2 arrived (1 answered)');
  });

  it('--mute-after 1: the read fails with "did not answer" and exits once the card is pulled', async () => {
    await readerEmpty();
    const sim = await simCard(['--mute-after', '1']);
    const read = kioskctl(['card', 'read', '--reader', TEST_READER, '--timeout-ms', '6000', '--json']);
    // kioskctl's start (seconds on a busy machine), the APDU timeout, then the grace in which the
    // reader service waits to see whether the card was pulled rather than mute.
    const deadline = Date.now() + 30_000;
    while (!read.stderrNow().includes('\n')) {
      if (Date.now() > deadline) throw new Error('no error line from card read');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(read.stderrNow()).toMatch(/^kioskctl card read: transmit: the card did not answer within \d+ ms; remove the card from the reader\n$/);
    sim.child.kill('SIGINT');
    const run = await read.done;
    expect(run.code).toBe(1);
  });

  it('technician and expired cards are read and noted on stderr', async () => {
    await readerEmpty();
    await simCard(['--identity', join(SIM, 'demo-technician.json')]);
    const tech = await cardRead('--json');
    expect(tech.stderr).toBe('note: technician card\n');
    expect(JSON.parse(tech.stdout).identity.role).toBe('technician');
    for (const sim of running.splice(0)) {
      sim.child.kill('SIGINT');
      await sim.done;
    }
    await readerEmpty();
    await simCard(['--identity', join(SIM, 'demo-expired.json')]);
    const expired = await cardRead();
    expect(expired.stderr).toBe('note: this card expired on 2024-05-31\n');
    expect(expired.stdout).toMatch(/^validUntil\s+2024-05-31$/m);
  });

  it('--tamper chip: a chip whose key is not the signed one is read, and says chip-challenge-failed', async () => {
    await readerEmpty();
    await simCard(['--tamper', 'chip']);
    const run = await cardRead('--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: this card is not verified (chip-challenge-failed)\n');
    expect(JSON.parse(run.stdout)).toEqual({ authenticity: 'chip-challenge-failed', identity: Identity.parse(demo) });
  });

  it('--profile belpic --tamper address: the Belgian card reads with signature-invalid', async () => {
    await readerEmpty();
    await simCard(['--profile', 'belpic', '--tamper', 'address']);
    const run = await cardRead('--json');
    expect(run.stderr).toBe('note: this card is not verified (signature-invalid)\n');
    expect(JSON.parse(run.stdout)).toMatchObject({ authenticity: 'signature-invalid', identity: { address: { street: 'Forged Street 1' } } });
  });

  it('bad flag combinations are refused with a usage error', async () => {
    const port = String(await testPort());
    const tries = await kioskctl(['sim', 'card', '--port', port, '--pin-tries', '3']).done;
    expect(tries).toMatchObject({ code: 2, stderr: 'kioskctl sim card: --pin-tries needs --pin\n' });
    const belpicPin = await kioskctl(['sim', 'card', '--port', port, '--profile', 'belpic', '--pin', '1234']).done;
    expect(belpicPin.code).toBe(2);
    const chunk = await kioskctl(['sim', 'card', '--port', port, '--chunk', '0']).done;
    expect(chunk).toMatchObject({ code: 2, stderr: 'kioskctl sim card: --chunk must be 1-256\n' });
    const short = await kioskctl(['sim', 'card', '--port', port, '--short-read', '0']).done;
    expect(short).toMatchObject({ code: 2, stderr: 'kioskctl sim card: --short-read must be 1-255\n' });
    const belpicChip = await kioskctl(['sim', 'card', '--port', port, '--profile', 'belpic', '--tamper', 'chip']).done;
    expect(belpicChip).toMatchObject({ code: 2, stderr: expect.stringContaining('no chip challenge') });
    const tamper = await kioskctl(['sim', 'card', '--port', port, '--tamper', 'photo']).done;
    expect(tamper).toMatchObject({ code: 2, stderr: expect.stringMatching(/^kioskctl sim card: --tamper must be one of identity, address, chip, cert-expired, untrusted, unsigned, got photo\n$/) });
  });
});
