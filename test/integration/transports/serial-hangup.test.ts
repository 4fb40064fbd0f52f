import { describe, expect, it } from 'vitest';
import type { TransportClosedInfo } from '../../../drivers/transport/byte-transport';
import { openSerial } from '../../../drivers/transport/serial';
import { createPtyPair } from '../../support/transport';
import { waitForEvent } from '../../support/wait';

/**
 * A line that hangs up (socat killed: the pty's end of file) is an unplug. serialport alone
 * re-reads a 0-byte read forever at full CPU and never says so (bindings-cpp #162); it showed in
 * about one kill in four right after an open, so the kill is repeated.
 */
describe('serial: a hung-up line is an unplug', () => {
  it('socat killed right after the open: a close with disconnected, every time', async () => {
    for (let round = 1; round <= 8; round++) {
      const pty = await createPtyPair();
      const port = await openSerial({ path: pty.hostPath, baudRate: 115200 });
      const closed = waitForEvent<TransportClosedInfo>((l) => port.onClose(l), { what: `the close after hang-up ${round}`, timeoutMs: 3000 });
      await pty.close();
      expect(await closed).toMatchObject({ disconnected: true });
      expect(port.isOpen).toBe(false);
    }
  });
});
