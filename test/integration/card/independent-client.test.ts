import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import { CardReaderService } from '../../../drivers/card/reader-service';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import { parseSimpleTlv } from '../../../drivers/card/tlv';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { TEST_READER, testPort, readerEmpty, waitUntil } from './helpers';

const run = promisify(execFile);
const MINISTRY_ROOT = join(import.meta.dirname, '../../../drivers/card/sim/test-pki/ministry-root.pem');
const identity = Identity.parse(demo);
// Debian's python3 has pyscard; a pyenv python3 earlier on PATH may not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A pyscard client that knows nothing of this code base: raw APDUs, its own READ BINARY loop. */
const PYSCARD_READ = `
import sys, json
from smartcard.System import readers
reader = [r for r in readers() if str(r) == sys.argv[1]][0]
conn = reader.createConnection()
conn.connect()
out = {"atr": bytes(conn.getATR()).hex().upper(), "sws": []}
def tx(apdu):
    data, sw1, sw2 = conn.transmit(apdu)
    out["sws"].append("%02X%02X" % (sw1, sw2))
    return bytes(data), (sw1 << 8) | sw2
tx([0x00, 0xA4, 0x04, 0x0C, 0x08, 0xD6, 0x34, 0x00, 0x00, 0x01, 0x49, 0x44, 0x01])
tx([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x01])
content, offset = b"", 0
while True:
    data, sw = tx([0x00, 0xB0, offset >> 8, offset & 0xFF, 0x40])
    if sw == 0x6B00: break
    content += data
    offset += len(data)
    if len(data) < 0x40: break
out["file"] = content.hex()
print(json.dumps(out))
`;


describe('an independent PC/SC client reads the virtual card', () => {
  let card: VirtualCard | undefined;
  afterEach(async () => {
    await card?.remove();
    card = undefined;
    await readerEmpty();
  });

  async function insert(image: ConstructorParameters<typeof VirtualCard>[0]['image']): Promise<void> {
    await readerEmpty();
    card = new VirtualCard({ image, port: await testPort() });
    await card.insert();
    const watcher = new CardReaderService({ readerPattern: TEST_READER, profiles: [] });
    watcher.start();
    try {
      await waitUntil(() => watcher.cardPresent(TEST_READER) === true, 3000, 'card present');
    } finally {
      await watcher.stop();
    }
  }

  /** openssl's own CMS verification of the signed object, against the ministry's test root. */
  async function opensslVerify(file: Buffer): Promise<{ ok: boolean; content: Buffer; stderr: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'cms-'));
    try {
      writeFileSync(join(dir, 'ef.der'), file);
      const args = ['cms', '-verify', '-inform', 'DER', '-in', join(dir, 'ef.der'), '-CAfile', MINISTRY_ROOT, '-purpose', 'any', '-out', join(dir, 'content')];
      const res = await run('openssl', args).then(
        (r) => ({ ok: true, stderr: r.stderr }),
        (err: { stderr?: string }) => ({ ok: false, stderr: err.stderr ?? '' }),
      );
      return { ...res, content: res.ok ? readFileSync(join(dir, 'content')) : Buffer.alloc(0) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function pyscardFile(): Promise<{ atr: string; sws: string[]; file: Buffer }> {
    const { stdout } = await run(PYTHON, ['-c', PYSCARD_READ, TEST_READER], { timeout: 15_000 });
    const out = JSON.parse(stdout) as { atr: string; sws: string[]; file: string };
    return { ...out, file: Buffer.from(out.file, 'hex') };
  }

  it('pyscard reads the EF (SELECT by AID, SELECT EF, READ BINARY in 64-byte steps); openssl cms -verify accepts the signed object under the test root', async () => {
    await insert(ministryCardImage(identity));
    const out = await pyscardFile();
    expect(out.atr).toBe('3B9A968131FE45803180664D4F492D514126'); // the T=1 ministry card
    expect(out.sws.slice(0, 3)).toEqual(['9000', '9000', '9000']);
    const verified = await opensslVerify(out.file);
    expect(verified.stderr).toMatch(/Verification successful/);
    expect(verified.ok).toBe(true);
    const tags = parseSimpleTlv(verified.content);
    const text = (tag: number) => new TextDecoder().decode(tags.find((t) => t.tag === tag)!.value);
    expect(text(0x01)).toBe(identity.idNumber);
    expect(text(0x06)).toBe('أحمد علي');
    // The chip's public key is among the signed data (an EC SubjectPublicKeyInfo).
    expect(tags.find((t) => t.tag === 0x20)?.value[0]).toBe(0x30);
  });

  it('openssl cms -verify refuses what the kiosk calls signature-invalid and untrusted-issuer', async () => {
    for (const tamper of ['identity', 'untrusted'] as const) {
      await insert(ministryCardImage(identity, { tamper }));
      const verified = await opensslVerify((await pyscardFile()).file);
      expect(verified.ok).toBe(false);
      expect(verified.stderr).toMatch(tamper === 'identity' ? /content verify error/ : /unable to get local issuer certificate/);
      await card?.remove();
      card = undefined;
    }
  });

  it('opensc-tool: BELPIC select by path and READ BINARY; the ATR is the Belgian one', async () => {
    await insert(belpicCardImage({ ...identity, profile: 'belpic' }));
    const { stdout } = await run(
      'opensc-tool',
      ['-r', TEST_READER, '-s', '00 A4 08 0C 04 DF 01 40 31', '-s', '00 B0 00 00 10', '-s', '00 B0 7F 00 01'],
      { timeout: 15_000 },
    );
    const sws = [...stdout.matchAll(/SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})/gi)].map((m) => `${m[1]}${m[2]}`.toUpperCase());
    expect(sws).toEqual(['9000', '9000', '6B00']);
    // The first 16 bytes: version tag 00, then tag 01 (card number) with its length.
    expect(stdout).toMatch(/00 01 01 01 09/);
  });
});
