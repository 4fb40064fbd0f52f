import type { ByteTransport, TransportClosedInfo } from '../../../drivers/transport/byte-transport';
import { TransportError } from '../../../drivers/transport/byte-transport';

/**
 * Two ByteTransports joined back to back in memory, delivering asynchronously like a real link.
 * For unit tests of timing and error paths; the pty tests cover the real serial stack.
 */
export function memoryLink(): { host: ByteTransport & { sent: Uint8Array[] }; device: ByteTransport; unplug(): void } {
  const make = () => {
    const data = new Set<(c: Uint8Array) => void>();
    const close = new Set<(i: TransportClosedInfo) => void>();
    let open = true;
    const sent: Uint8Array[] = [];
    let peer: { deliver(c: Uint8Array): void } | undefined;
    const end = {
      sent,
      get isOpen() {
        return open;
      },
      write(bytes: Uint8Array) {
        if (!open) return Promise.reject(new TransportError('closed', 'not-open'));
        sent.push(bytes.slice());
        const copy = bytes.slice();
        setImmediate(() => peer?.deliver(copy));
        return Promise.resolve();
      },
      onData(l: (c: Uint8Array) => void) {
        data.add(l);
        return () => data.delete(l);
      },
      onClose(l: (i: TransportClosedInfo) => void) {
        close.add(l);
        return () => close.delete(l);
      },
      async close() {
        end.drop(false);
      },
      deliver(c: Uint8Array) {
        if (open) for (const l of data) l(c);
      },
      drop(disconnected: boolean) {
        if (!open) return;
        open = false;
        for (const l of close) l({ disconnected });
      },
      link(p: { deliver(c: Uint8Array): void }) {
        peer = p;
      },
    };
    return end;
  };
  const host = make();
  const device = make();
  host.link(device);
  device.link(host);
  return {
    host,
    device,
    unplug() {
      host.drop(true);
      device.drop(true);
    },
  };
}
