import { afterEach, describe, expect, it } from 'vitest';
import { type ByteTransport, type TransportClosedInfo, TransportError } from '../../drivers/transport/byte-transport';
import { waitFor, waitForEvent, withTimeout } from './wait';

/**
 * One conformance suite for every ByteTransport (the rules are written once, in
 * drivers/transport/base.ts): serial over real ptys, the pty pair, HID over the node-hid-shaped
 * fake, the in-memory pair and the simulator's FaultyTransport all run it. A new transport is
 * done when it passes.
 */
export interface TransportBench {
  /** The transport under test. */
  subject: ByteTransport;
  /** The other end of its link: sends bytes to the subject and hears what it wrote. */
  peer: { write(bytes: Uint8Array): Promise<void>; onData(listener: (chunk: Uint8Array) => void): () => void };
  /** The link vanishes under the subject, as when its USB device is pulled or socat dies. */
  unplug(): Promise<void> | void;
  /** Frees what the bench made (safe after an unplug or a close). */
  dispose(): Promise<void>;
}

export interface ConformanceOptions {
  /** Deadline for each wait (ptys need longer than memory). */
  timeoutMs?: number;
}

/** Bytes 0..n-1 mod 251: a prime period, so a lost, repeated or reordered chunk shows. */
const pattern = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i + seed) % 251);

function collect(onData: TransportBench['peer']['onData']) {
  const got: number[] = [];
  const wakers = new Set<(chunk: Uint8Array) => void>();
  const off = onData((chunk) => {
    got.push(...chunk);
    for (const w of [...wakers]) w(chunk);
  });
  return {
    got,
    off,
    /** Wakes a waitFor on each chunk. */
    on: (wake: (chunk: Uint8Array) => void) => {
      wakers.add(wake);
      return () => void wakers.delete(wake);
    },
  };
}

/** Lets every callback already queued run (immediates, then what they queue in turn). */
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

/** One byte each way, so a test unplugs a link in use, as a shopper's session would. */
async function inUse(b: TransportBench, timeoutMs: number): Promise<void> {
  const atPeer = waitForEvent((l) => b.peer.onData(l), { what: 'a byte at the peer', timeoutMs });
  await b.subject.write(Uint8Array.of(0x55));
  await atPeer;
  const atSubject = waitForEvent((l) => b.subject.onData(l), { what: 'a byte at the transport', timeoutMs });
  await b.peer.write(Uint8Array.of(0xaa));
  await atSubject;
}

export function describeTransportConformance(name: string, open: () => Promise<TransportBench>, opts: ConformanceOptions = {}): void {
  const timeoutMs = opts.timeoutMs ?? 3000;

  describe(`${name}: ByteTransport conformance`, () => {
    const benches: TransportBench[] = [];
    const bench = async () => {
      const b = await open();
      benches.push(b);
      return b;
    };
    afterEach(async () => {
      for (const b of benches.splice(0)) {
        await b.subject.close();
        await b.dispose();
      }
    });

    it('is open and carries bytes both ways, whole and in call order', async () => {
      const { subject, peer } = await bench();
      expect(subject.isOpen).toBe(true);
      const atPeer = collect((l) => peer.onData(l));
      const atSubject = collect((l) => subject.onData(l));
      // Overlapping writes (not awaited one by one) still arrive whole and in order.
      const out = [pattern(1, 7), pattern(5000, 1), pattern(300, 2)];
      await Promise.all(out.map((b) => subject.write(b)));
      const expected = out.flatMap((b) => [...b]);
      await waitFor(() => atPeer.got.length >= expected.length, { what: `${expected.length} bytes at the peer`, timeoutMs, on: atPeer.on, describeLast: () => atPeer.got.length });
      expect(atPeer.got).toEqual(expected);
      const back = [pattern(2000, 3), pattern(3, 4)];
      for (const b of back) await peer.write(b);
      const expectedBack = back.flatMap((b) => [...b]);
      await waitFor(() => atSubject.got.length >= expectedBack.length, { what: `${expectedBack.length} bytes at the transport`, timeoutMs, on: atSubject.on, describeLast: () => atSubject.got.length });
      expect(atSubject.got).toEqual(expectedBack);
    });

    it('an unsubscribed data listener hears nothing more; the others still do', async () => {
      const { subject, peer } = await bench();
      const first = collect((l) => subject.onData(l));
      const second = collect((l) => subject.onData(l));
      first.off();
      await peer.write(pattern(10));
      await waitFor(() => second.got.length >= 10, { what: 'the bytes at the remaining listener', timeoutMs, on: second.on });
      expect(first.got).toEqual([]);
    });

    it('close() is idempotent: one close event, not a disconnect, isOpen false', async () => {
      const { subject } = await bench();
      const infos: TransportClosedInfo[] = [];
      subject.onClose((i) => infos.push(i));
      const dropped: TransportClosedInfo[] = [];
      subject.onClose((i) => dropped.push(i))();
      await Promise.all([subject.close(), subject.close()]);
      await subject.close();
      await settle();
      expect(subject.isOpen).toBe(false);
      expect(infos).toEqual([expect.objectContaining({ disconnected: false })]);
      expect(dropped).toEqual([]);
    });

    it('a write after close rejects with a typed not-open error', async () => {
      const { subject } = await bench();
      await subject.close();
      const err = await subject.write(pattern(4)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err).toMatchObject({ code: 'not-open' });
    });

    it('no data event after close, not even for bytes already on their way', async () => {
      const { subject, peer } = await bench();
      const log: string[] = [];
      subject.onData(() => log.push('data'));
      subject.onClose(() => log.push('close'));
      const inFlight = peer.write(pattern(64)).catch(() => undefined);
      await subject.close();
      await inFlight;
      await peer.write(pattern(8)).catch(() => undefined);
      await settle();
      expect(log.filter((e) => e === 'close')).toHaveLength(1);
      expect(log.slice(log.indexOf('close') + 1)).toEqual([]);
    });

    it('an unplug is one close with disconnected: true; then writes reject and close() is quiet', async () => {
      const b = await bench();
      await inUse(b, timeoutMs);
      const infos: TransportClosedInfo[] = [];
      const closed = waitForEvent<TransportClosedInfo>((l) => b.subject.onClose(l), { what: 'the close event after an unplug', timeoutMs });
      b.subject.onClose((i) => infos.push(i));
      await b.unplug();
      expect(await closed).toMatchObject({ disconnected: true });
      expect(b.subject.isOpen).toBe(false);
      await expect(b.subject.write(pattern(4))).rejects.toBeInstanceOf(TransportError);
      await b.subject.close();
      await settle();
      expect(infos).toHaveLength(1);
    });

    it('a write pending when the link vanishes settles instead of hanging', async () => {
      const b = await bench();
      await inUse(b, timeoutMs);
      const closed = waitForEvent((l) => b.subject.onClose(l), { what: 'the close event after an unplug', timeoutMs });
      const writes = [b.subject.write(pattern(20_000)), b.subject.write(pattern(20_000, 9))].map((p) =>
        p.then(
          () => 'sent',
          (e: unknown) => (e instanceof TransportError ? 'rejected' : `untyped: ${String(e)}`),
        ),
      );
      await b.unplug();
      await closed;
      const outcomes = await withTimeout(Promise.all(writes), { what: 'the pending writes to settle', timeoutMs });
      for (const o of outcomes) expect(['sent', 'rejected']).toContain(o);
    });
  });
}
