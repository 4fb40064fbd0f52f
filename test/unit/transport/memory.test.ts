import { describe, expect, it } from 'vitest';
import { BaseTransport } from '../../../drivers/transport/base';
import { TransportError } from '../../../drivers/transport/byte-transport';
import { createMemoryPair, type LinkDirection } from '../../../drivers/transport/memory';
import { waitFor } from '../../support/wait';

const bytes = (...b: number[]) => Uint8Array.from(b);
const turn = () => new Promise((r) => setImmediate(r));

function received(end: { onData(l: (c: Uint8Array) => void): () => void }) {
  const chunks: number[][] = [];
  end.onData((c) => chunks.push([...c]));
  return chunks;
}

describe('the in-memory pair', () => {
  it('records what each end wrote and taps what crossed the wire, both ways', async () => {
    const pair = createMemoryPair();
    const seen: [LinkDirection, number[]][] = [];
    pair.tap((d, c) => seen.push([d, [...c]]));
    const atDevice = received(pair.device);
    received(pair.host);
    await pair.host.write(bytes(1, 2));
    await pair.device.write(bytes(3));
    await waitFor(() => seen.length === 2, { what: 'two chunks on the wire' });
    expect(seen).toEqual([
      ['to-device', [1, 2]],
      ['to-host', [3]],
    ]);
    expect(pair.host.written.map((w) => [...w])).toEqual([[1, 2]]);
    expect(atDevice).toEqual([[1, 2]]);
  });

  it('drops, garbles and delays only the chunks a fault matches, for as many as it says', async () => {
    const pair = createMemoryPair();
    const atDevice = received(pair.device);
    pair.inject('to-device', { kind: 'drop', chunks: 1, match: (c) => c.length === 1 });
    pair.inject('to-device', { kind: 'garble', chunks: 1, match: (c) => c.length > 2 });
    pair.inject('to-host', { kind: 'drop' }); // the other direction only
    for (const w of [bytes(9), bytes(8), bytes(1, 2, 3), bytes(1, 2, 3), bytes(4, 5)]) await pair.host.write(w);
    await waitFor(() => atDevice.length === 4, { what: 'four chunks at the device', describeLast: () => atDevice });
    // The first single byte is lost, the first long chunk loses its last byte's bits.
    expect(atDevice).toEqual([[8], [1, 2, 0xfc], [1, 2, 3], [4, 5]]);
    // What the writer wrote is recorded as written, faults or not.
    expect(pair.host.written).toHaveLength(5);
  });

  it('garbles the byte at a given index, counting from the end when negative', async () => {
    const pair = createMemoryPair();
    const atHost = received(pair.host);
    const remove = pair.inject('both', { kind: 'garble', at: 0 });
    await pair.device.write(bytes(0x0f, 1));
    remove();
    pair.inject('to-host', { kind: 'garble', at: -2, chunks: 1 });
    await pair.device.write(bytes(1, 2, 3));
    await waitFor(() => atHost.length === 2, { what: 'two chunks at the host' });
    expect(atHost).toEqual([
      [0xf0, 1],
      [1, 0xfd, 3],
    ]);
  });

  it('a delayed chunk keeps its place: what was written after it arrives after it', async () => {
    const pair = createMemoryPair();
    const atDevice = received(pair.device);
    pair.inject('to-device', { kind: 'delay', ms: 30, chunks: 1 });
    await pair.host.write(bytes(1));
    await pair.host.write(bytes(2));
    await turn();
    await turn();
    expect(atDevice).toEqual([]); // still on its way
    await waitFor(() => atDevice.length === 2, { what: 'both chunks at the device' });
    expect(atDevice).toEqual([[1], [2]]);
  });

  it('closing one end hangs up on the other: it sees a disconnect', async () => {
    const pair = createMemoryPair();
    const infos: unknown[] = [];
    pair.device.onClose((i) => infos.push(i));
    await pair.host.close();
    expect(infos).toEqual([{ disconnected: true }]);
    await expect(pair.device.write(bytes(1))).rejects.toMatchObject({ code: 'not-open' });
  });
});

/** The smallest transport: the test drives its device side by hand. */
class HandTransport extends BaseTransport {
  readonly sent: number[][] = [];
  release: (() => void) | undefined;
  closedDevice = 0;
  constructor(private readonly stall = false) {
    super('hand link');
  }
  protected writeBytes(data: Uint8Array): Promise<void> {
    this.sent.push([...data]);
    return this.stall ? new Promise<void>((r) => (this.release = r)) : Promise.resolve();
  }
  protected closeDevice(): Promise<void> {
    this.closedDevice++;
    // The device reports its own end while we close it (a serial port emits 'close' first).
    this.ended({ disconnected: true });
    return Promise.resolve();
  }
  push(...b: number[]): void {
    this.receive(Uint8Array.from(b));
  }
  vanish(): void {
    this.ended({ disconnected: true });
  }
}

describe('the transport base', () => {
  it('holds bytes that arrive before the first data listener and gives them to it in order', async () => {
    const t = new HandTransport();
    t.push(1);
    t.push(2, 3);
    const got = received(t);
    t.push(4);
    expect(got).toEqual([]); // never inside onData itself
    await waitFor(() => got.length === 3, { what: 'the held chunks' });
    expect(got).toEqual([[1], [2, 3], [4]]);
  });

  it('a listener that closes the transport stops delivery at once', async () => {
    const t = new HandTransport();
    const got: number[] = [];
    t.onData((c) => {
      got.push(...c);
      void t.close();
    });
    t.onData(() => got.push(-1));
    t.push(1);
    t.push(2);
    await turn();
    expect(got).toEqual([1]);
  });

  it('our own close stays a close even if the device reports a disconnect meanwhile; the device is closed once', async () => {
    const t = new HandTransport();
    const infos: unknown[] = [];
    t.onClose((i) => infos.push(i));
    await Promise.all([t.close(), t.close()]);
    expect(infos).toEqual([{ disconnected: false }]);
    expect(t.closedDevice).toBe(1);
  });

  it('writes run one at a time; those queued behind a stalled one reject when the link vanishes', async () => {
    const t = new HandTransport(true);
    const first = t.write(bytes(1));
    const second = t.write(bytes(2));
    await turn();
    expect(t.sent).toEqual([[1]]); // the second waits for the first
    t.vanish();
    for (const w of [first, second]) {
      const err = await w.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ code: 'disconnected', disconnected: true });
    }
    expect(t.sent).toEqual([[1]]);
  });

  it('copies what it is given: a caller reusing its buffer does not change a queued write', async () => {
    const t = new HandTransport(true);
    void t.write(bytes(1)).catch(() => undefined);
    const buf = bytes(7, 7);
    const queued = t.write(buf);
    buf.fill(0);
    await waitFor(() => t.release, { what: 'the first write to start' });
    t.release!();
    await waitFor(() => t.sent.length === 2, { what: 'the queued write' });
    t.release!();
    await queued;
    expect(t.sent[1]).toEqual([7, 7]);
  });
});
