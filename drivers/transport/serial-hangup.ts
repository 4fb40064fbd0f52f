import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { errorCode } from '../../shared/coded-error';

/**
 * serialport's Unix binding reads again at once when read(2) returns 0 bytes
 * (serialport/bindings-cpp issue #162, unfixed in 13.0.0). But 0 is end of file: the line hung
 * up. A pty whose socat died, or a USB-serial adapter pulled out, then sends the process into a
 * busy loop at full CPU and the port never reports the unplug (seen here in about one socat
 * kill in four). This binding is serialport's own with that one read replaced: EAGAIN still waits
 * on the binding's poller, and 0 bytes becomes an error the stream turns into a close with
 * `disconnected: true`, as every other unplug.
 */
type Binding = typeof SerialPort.binding;
type Port = Awaited<ReturnType<Binding['open']>>;
type UnixPort = Port & { fd: number | null; poller?: { once(event: 'readable', cb: (err: Error | null) => void): unknown } };

const readAsync = promisify(read);
const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

export function hangupAwareBinding(base: Binding = SerialPort.binding): Binding {
  return {
    ...base,
    list: () => base.list(),
    open: async (options: Parameters<Binding['open']>[0]) => endReadsOnHangup((await base.open(options)) as UnixPort),
  } as Binding;
}

function endReadsOnHangup(port: UnixPort): Port {
  const poller = port.poller;
  // Windows has no poller and no such loop: its reads fail by themselves on an unplug.
  if (!poller) return port;
  port.read = async (buffer: Buffer, offset: number, length: number) => {
    for (;;) {
      if (port.fd === null) throw Object.assign(new Error('Port is not open'), { canceled: true });
      try {
        const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
        if (bytesRead > 0) return { buffer, bytesRead };
        throw Object.assign(new Error('the serial line hung up (end of file)'), { code: 'EOF' });
      } catch (err) {
        if (!RETRY.has(errorCode(err) ?? '')) throw err;
        if (port.fd === null) throw Object.assign(new Error('Port is not open'), { canceled: true });
        await new Promise<void>((resolve, reject) => poller.once('readable', (e: Error | null) => (e ? reject(e) : resolve())));
      }
    }
  };
  return port;
}
