import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asbBytes, canPrint, enableAsb, parseAsb, statusLevel, StatusStream, ASB_ALL } from '../../../drivers/printer/asb';
import { EscPosPrinter, PrinterSimulator, type PrinterStatus } from '../../../drivers/printer';
import { createMemoryPair } from '../../support/transport';
import { waitForEvent } from '../../support/wait';

const OK: PrinterStatus = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false };

describe('Automatic Status Back', () => {
  it('GS a n bytes', () => {
    expect([...enableAsb(ASB_ALL)]).toEqual([0x1d, 0x61, 0x0e]);
    expect([...enableAsb(0)]).toEqual([0x1d, 0x61, 0x00]);
    expect(() => enableAsb(256)).toThrow(RangeError);
  });

  it('splits DLE EOT replies from ASB blocks, skipping XON/XOFF inside a block', () => {
    const s = new StatusStream();
    // reply, ASB start, XON, 3 more ASB bytes (split across chunks), reply
    expect(s.push(Uint8Array.of(0x12, 0x18, 0x11, 0x00))).toEqual([{ kind: 'reply', byte: 0x12 }]);
    expect(s.push(Uint8Array.of(0x0f, 0x13, 0x00, 0x1e))).toEqual([
      { kind: 'asb', bytes: [0x18, 0x00, 0x0f, 0x00] },
      { kind: 'reply', byte: 0x1e },
    ]);
  });

  it('drops a torn block and noise', () => {
    const s = new StatusStream();
    expect(s.push(Uint8Array.of(0x10, 0x00, 0xff, 0x00, 0x00))).toEqual([]);
    expect(s.push(Uint8Array.of(0x10, 0x10, 0x00, 0x00, 0x00))).toEqual([{ kind: 'asb', bytes: [0x10, 0x00, 0x00, 0x00] }]);
  });

  it('reads byte fixtures: offline + cover open, paper near end, paper end, error', () => {
    expect(parseAsb([0x10, 0x00, 0x00, 0x00])).toEqual(OK);
    expect(parseAsb([0x38, 0x00, 0x00, 0x00])).toMatchObject({ online: false, coverOpen: true });
    expect(parseAsb([0x10, 0x00, 0x03, 0x00])).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(parseAsb([0x18, 0x00, 0x0f, 0x00])).toMatchObject({ paperOut: true, online: false });
    expect(parseAsb([0x18, 0x08, 0x00, 0x00]).error).toBe(true);
  });

  it('the simulator encoding round-trips', () => {
    const states: PrinterStatus[] = [
      OK,
      { ...OK, paperNearEnd: true },
      { ...OK, online: false, paperOut: true, paperNearEnd: true },
      { ...OK, online: false, coverOpen: true },
      { ...OK, online: false, error: true },
      { ...OK, online: false },
    ];
    for (const s of states) expect(parseAsb([...asbBytes(s)])).toEqual(s);
  });
});

describe('status levels', () => {
  it('most severe first; near end still prints', () => {
    expect(statusLevel(undefined)).toBe('unavailable');
    expect(statusLevel(OK)).toBe('ready');
    expect(statusLevel({ ...OK, paperNearEnd: true })).toBe('paper-near-end');
    expect(statusLevel({ ...OK, online: false, paperOut: true, coverOpen: true })).toBe('paper-out');
    expect(statusLevel({ ...OK, online: false, coverOpen: true })).toBe('cover-open');
    expect(statusLevel({ ...OK, online: false, error: true })).toBe('error');
    expect(statusLevel({ ...OK, online: false })).toBe('offline');
    expect(canPrint('paper-near-end')).toBe(true);
    expect(['paper-out', 'cover-open', 'offline', 'error', 'unavailable'].some((l) => canPrint(l as never))).toBe(false);
  });
});

describe('EscPosPrinter with ASB (in-memory link to the simulator)', () => {
  it('enables ASB, receives the first block at once and every change after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asb-'));
    try {
      const link = createMemoryPair();
      const sim = new PrinterSimulator(link.device, { outDir: dir });
      const printer = new EscPosPrinter(link.host);
      const seen: PrinterStatus[] = [];
      printer.onStatus((s) => seen.push(s));
      const first = waitForEvent((l) => printer.onStatus(l), { what: 'the first ASB block' });
      await printer.enableAutoStatus(ASB_ALL);
      await first;
      sim.setPaperNearEnd(true);
      sim.setCoverOpen(true);
      sim.setCoverOpen(true); // no change, no block
      // DLE EOT still works with ASB on the same line; its reply comes after every block the
      // printer pushed before it, so what was pushed is all there is.
      expect(await printer.status()).toMatchObject({ coverOpen: true, paperNearEnd: true });
      expect(seen.map(statusLevel)).toEqual(['ready', 'paper-near-end', 'cover-open']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
