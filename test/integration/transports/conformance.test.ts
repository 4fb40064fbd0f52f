import { closeSync, constants, openSync, write } from 'node:fs';
import tty from 'node:tty';
import { FaultyTransport } from '../../../drivers/payment/sim/faults';
import { createPtyPair, describeTransportConformance, type TransportBench } from '../../support/transport';
import { openSerial } from '../../../drivers/transport/serial';
import { type ByteTransport } from '../../../drivers/transport/byte-transport';

// The transports on real ptys (socat); the others run the same suite in
// test/unit/transport/conformance.test.ts.

/**
 * The serial transport with a peer that is not our code: the device end of the pty read through
 * Node's own tty stream and written with plain write(2), so the transport is checked against the
 * kernel's pty rather than against itself.
 */
describeTransportConformance(
  'serial over a real pty (raw tty peer)',
  async () => {
    const pty = await createPtyPair();
    const subject = await openSerial({ path: pty.hostPath, baudRate: 115200 });
    const fd = openSync(pty.devicePath, constants.O_RDWR | constants.O_NOCTTY);
    const reader = new tty.ReadStream(fd);
    reader.on('error', () => undefined); // EIO once socat is gone: that is the unplug itself
    let fdOpen = true;
    return {
      subject,
      peer: {
        write: (bytes) => new Promise<void>((resolve, reject) => write(fd, bytes, (err) => (err ? reject(err) : resolve()))),
        onData: (listener) => {
          const handler = (chunk: Buffer) => listener(new Uint8Array(chunk));
          reader.on('data', handler);
          return () => reader.off('data', handler);
        },
      },
      unplug: () => pty.close(),
      dispose: async () => {
        reader.destroy();
        if (fdOpen) closeSync(fd);
        fdOpen = false;
        await pty.close();
      },
    };
  },
  { timeoutMs: 5000 },
);

/**
 * Both ends of a socat pair as serial transports at 9600 8N2, as the kiosk and the terminal
 * simulator open them; `wrap` puts a layer over the end under test.
 */
async function ptyPairBench(end: 'host' | 'device', wrap: (t: ByteTransport) => ByteTransport = (t) => t): Promise<TransportBench> {
  const pty = await createPtyPair();
  const open = (path: string) => openSerial({ path, baudRate: 9600, stopBits: 2 });
  const [subjectPath, peerPath] = end === 'host' ? [pty.hostPath, pty.devicePath] : [pty.devicePath, pty.hostPath];
  const subject = wrap(await open(subjectPath));
  const peer = await open(peerPath);
  return {
    subject,
    peer,
    unplug: () => pty.close(),
    dispose: async () => {
      await peer.close();
      await pty.close();
    },
  };
}

describeTransportConformance('pty pair (serial transport at both ends, socat between)', () => ptyPairBench('host'), { timeoutMs: 5000 });

/** The terminal simulator's fault layer on the real link it runs on in `npm start`. */
describeTransportConformance('FaultyTransport (no faults armed) over a pty', () => ptyPairBench('device', (t) => new FaultyTransport(t)), {
  timeoutMs: 5000,
});
