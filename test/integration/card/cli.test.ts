import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import { CardReaderService } from '../../../drivers/card/reader-service';
import { ministryCardImage } from '../../../drivers/card/sim/images';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { nextEvent, TEST_READER, testPort, readerEmpty } from './helpers';

const identity = Identity.parse(demo);
const ROOT = join(import.meta.dirname, '../../..');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function kioskctl(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, ['bin/kioskctl.mjs', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}


describe('kioskctl card read / sim card', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    await readerEmpty();
  });

  it('card read --json prints the identity of the inserted card', async () => {
    await readerEmpty();
    const card = new VirtualCard({ image: ministryCardImage(identity), port: await testPort() });
    cleanup.push(() => card.remove());
    await card.insert();
    const run = await kioskctl(['card', 'read', '--reader', TEST_READER, '--json'], { KIOSK_SIMULATE: '1' }).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ authenticity: 'verified', identity });
  });

  it('card read --anchors FILE.pem checks against that file; without it and without simulation the test root is not trusted', async () => {
    await readerEmpty();
    const card = new VirtualCard({ image: ministryCardImage(identity), port: await testPort() });
    cleanup.push(() => card.remove());
    await card.insert();
    const anchors = join(ROOT, 'drivers/card/sim/test-pki/ministry-root.pem');
    const pinned = await kioskctl(['card', 'read', '--reader', TEST_READER, '--json', '--anchors', anchors], { KIOSK_SIMULATE: '0' }).done;
    expect(pinned.stderr).toBe('');
    expect(JSON.parse(pinned.stdout)).toMatchObject({ authenticity: 'verified' });
    const production = await kioskctl(['card', 'read', '--reader', TEST_READER, '--json'], { KIOSK_SIMULATE: '0' }).done;
    expect(production.code).toBe(0);
    expect(production.stderr).toBe('note: this card is not verified (untrusted-issuer)\n');
    expect(JSON.parse(production.stdout)).toEqual({ authenticity: 'untrusted-issuer', identity });
    const bad = join(mkdtempSync(join(tmpdir(), 'anchors-')), 'none.pem');
    writeFileSync(bad, 'not a certificate');
    const refused = await kioskctl(['card', 'read', '--reader', TEST_READER, '--json', '--anchors', bad]).done;
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/no PEM certificate found/);
  });

  it('card read without a card: one clear line, non-zero exit', async () => {
    await readerEmpty();
    const run = await kioskctl(['card', 'read', '--reader', TEST_READER, '--timeout-ms', '800', '--json']).done;
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^kioskctl card read: no card was read within 800 ms/);
  });

  it('card read without pcscd says so in one line', async () => {
    // libpcsclite finds pcscd through this socket path; pointing it nowhere is pcscd not running.
    const run = await kioskctl(['card', 'read', '--json'], { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' }).done;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe('kioskctl card read: card reader unavailable: pcscd is not running\n');
  });

  it('sim card keeps a virtual card inserted until SIGINT', async () => {
    await readerEmpty();
    const dir = mkdtempSync(join(tmpdir(), 'card-cli-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'identity.json');
    const other: Identity = { ...identity, idNumber: '30163400999', givenNames: 'Mariam', givenNamesAr: 'مريم', sex: 'F' };
    writeFileSync(file, JSON.stringify(other));

    const watcher = new CardReaderService({ readerPattern: TEST_READER });
    cleanup.push(() => watcher.stop());
    const got = nextEvent<[{ identity: Identity }]>(watcher, 'identity', 15_000);
    watcher.start();

    const port = await testPort();
    const sim = kioskctl(['sim', 'card', '--port', String(port), '--identity', file]);
    cleanup.push(() => void sim.child.kill('SIGKILL'));
    const [{ identity: read }] = await got;
    expect(read).toEqual({ ...other, profile: 'ministry' });

    const removed = nextEvent(watcher, 'card-removed');
    sim.child.kill('SIGINT');
    const run = await sim.done;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`inserted on vpcd port ${port}`);
    await removed;
  });

  it('sim card rejects an identity file that breaks the schema, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'card-cli-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...identity, validUntil: '30/04/2029' }));
    const run = await kioskctl(['sim', 'card', '--port', String(await testPort()), '--identity', file]).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kioskctl sim card: identity file .* is not valid: validUntil: date must be YYYY-MM-DD\n$/);
  });
});
