import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../drivers/card/apdu';
import { Identity } from '../../../drivers/card/identity';
import { MINISTRY_ATR } from '../../../drivers/card/profiles';
import { ministryCardImage } from '../../../drivers/card/sim/images';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import demo from '../../../drivers/card/sim/demo-identity.json';

/**
 * Plays pcscd's vpcd side over real TCP: 2-byte big-endian length frames, 1-byte control codes,
 * everything else an APDU. Each request waits for its answer, as vpcd does.
 */
class FakeVpcd {
  readonly server: Server;
  private socket: Socket | undefined;
  private buf = Buffer.alloc(0);
  private waiting: ((frame: Buffer) => void) | undefined;
  private connected: Promise<void>;

  constructor() {
    let onConnect!: () => void;
    this.connected = new Promise((r) => (onConnect = r));
    this.server = createServer((s) => {
      this.socket = s;
      s.on('data', (d) => {
        this.buf = Buffer.concat([this.buf, d]);
        if (this.buf.length >= 2 && this.buf.length >= 2 + this.buf.readUInt16BE(0)) {
          const frame = this.buf.subarray(2, 2 + this.buf.readUInt16BE(0));
          this.buf = this.buf.subarray(2 + frame.length);
          this.waiting?.(frame);
        }
      });
      onConnect();
    });
  }
  listen(): Promise<number> {
    return new Promise((r) => this.server.listen(0, '127.0.0.1', () => r((this.server.address() as { port: number }).port)));
  }
  async request(payload: string): Promise<string> {
    await this.connected;
    const body = fromHex(payload);
    const frame = Buffer.alloc(2 + body.length);
    frame.writeUInt16BE(body.length);
    frame.set(body, 2);
    return new Promise((resolve) => {
      this.waiting = (f) => resolve(toHex(f));
      this.socket!.write(frame);
    });
  }
  send(payload: string): void {
    const body = fromHex(payload);
    const frame = Buffer.alloc(2 + body.length);
    frame.writeUInt16BE(body.length);
    frame.set(body, 2);
    this.socket!.write(frame);
  }
  close(): Promise<void> {
    this.socket?.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('VirtualCard (vpcd protocol over TCP)', () => {
  let vpcd: FakeVpcd;
  afterEach(async () => vpcd?.close());

  it('insert() resolves once the reader talks to the card; ATR, power and APDUs follow the vpcd framing', async () => {
    vpcd = new FakeVpcd();
    const port = await vpcd.listen();
    const card = new VirtualCard({ image: ministryCardImage(Identity.parse(demo), { t0: true }), port });
    const inserted = card.insert();
    expect(await vpcd.request('04')).toBe(MINISTRY_ATR.replace(/ /g, '')); // get ATR
    await inserted;
    expect(card.inserted).toBe(true);
    vpcd.send('01'); // power on: no answer expected
    const seen: string[] = [];
    card.on('apdu', (a) => seen.push(toHex(a)));
    expect(await vpcd.request('00A4040C08D634000001494401')).toBe('9000');
    expect(await vpcd.request('00A4020C020101')).toBe('9000');
    const data = await vpcd.request('00B0000005');
    expect(data).toMatch(/^3082[0-9A-F]{4}069000$/); // the signed object: a DER SEQUENCE, two length bytes, then its content type's OID
    expect(seen).toEqual(['00A4040C08D634000001494401', '00A4020C020101', '00B0000005']);
    // Reset: back to the MF, the EF is no longer selected.
    vpcd.send('02');
    expect(await vpcd.request('00B0000001')).toBe('6986');
    const removed = new Promise<void>((r) => card.once('removed', () => r()));
    await card.remove();
    await removed;
    expect(card.inserted).toBe(false);
  });

  it('insert() fails with reader-unavailable when nothing listens', async () => {
    vpcd = new FakeVpcd();
    const port = await vpcd.listen();
    await vpcd.close();
    const card = new VirtualCard({ image: ministryCardImage(Identity.parse(demo), { t0: true }), port });
    await expect(card.insert()).rejects.toMatchObject({ code: 'reader-unavailable', message: expect.stringContaining(String(port)) });
  });

  it('insert() times out when the reader accepts the connection but never asks for the card', async () => {
    vpcd = new FakeVpcd();
    const port = await vpcd.listen();
    const card = new VirtualCard({ image: ministryCardImage(Identity.parse(demo), { t0: true }), port });
    await expect(card.insert({ timeoutMs: 200 })).rejects.toMatchObject({ code: 'reader-unavailable', message: expect.stringMatching(/within 200 ms/) });
    expect(card.inserted).toBe(false);
  });
});
