import { afterEach, describe, expect, it } from 'vitest';
import {
  type Apdu,
  apdu,
  commandOf,
  encodeBmp,
  ZvtLink,
  ZvtTerminal,
  ZvtTerminalSimulator,
  type SaleProgress,
  type ZvtSimulatorOptions,
  type ZvtTerminalOptions,
} from '../../../drivers/payment';
import { createMemoryPair, type LinkFault, type MemoryEnd } from '../../support/transport';

const FIXED_CLOCK = () => new Date('2026-11-28T14:03:22+03:00'); // the terminal's clock reads Doha's time
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function setup(termOpts: ZvtTerminalOptions = {}, simOpts: ZvtSimulatorOptions = {}, toTerminal?: LinkFault) {
  const pair = createMemoryPair();
  if (toTerminal) pair.inject('to-device', toTerminal);
  const { host: a, device: b } = pair;
  const terminal = new ZvtTerminal(a, { ackTimeoutMs: 300, ...termOpts });
  const sim = new ZvtTerminalSimulator(b, { stepDelayMs: 5, clock: FIXED_CLOCK, ecrTimeoutMs: 1000, ...simOpts });
  cleanups.push(async () => {
    await terminal.close();
    await sim.close();
  });
  return { terminal, sim, a, b };
}

describe('ZvtTerminal against the simulator (in-memory link)', () => {
  it('registers, then sells: progress, receipt lines and the status fields', async () => {
    const { terminal } = setup();
    await terminal.register();
    expect(terminal.terminalId).toBe('52000101');
    const progress: SaleProgress[] = [];
    const result = await terminal.sale(150, { onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.prompt)).toEqual(['insert-card', 'enter-pin', 'waiting-for-host']);
    expect(result).toMatchObject({
      result: 'approved',
      amountCents: 150,
      trace: 1,
      receiptNo: 1,
      cardType: 10,
      cardName: 'Visa',
      panMasked: '************1234',
      authCode: 'A00001',
      terminalId: '52000101',
      dateTime: '2026-11-28T14:03:22',
    });
    if (result.result !== 'approved') throw new Error('not approved');
    expect(result.receiptLines[0]).toBe('CUSTOMER RECEIPT');
    expect(result.receiptLines).toContain('SALE QAR 1.50');
    expect(result.receiptLines.at(-1)).toBe('PAYMENT APPROVED');
    const second = await terminal.sale(1000);
    expect(second).toMatchObject({ result: 'approved', amountCents: 1000, trace: 2, receiptNo: 2 });
  });

  it('honours the registration config byte: no 04 FF without 0x08, no print lines without 0x80', async () => {
    const { terminal } = setup();
    await terminal.register({ configByte: 0x32 });
    const progress: SaleProgress[] = [];
    const result = await terminal.sale(150, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([]);
    expect(result).toMatchObject({ result: 'approved', trace: 1, receiptLines: [] });
  });

  it('declined by 06 1E', async () => {
    const { terminal } = setup({}, { scenario: 'decline' });
    expect(await terminal.sale(150)).toEqual({ result: 'declined', code: 0x7a, reason: 'card unknown' });
  });

  it('declined by 04 0F with an error result, then 06 1E', async () => {
    const { terminal } = setup({}, { scenario: 'decline-status', declineCode: 0x64 });
    expect(await terminal.sale(150)).toEqual({ result: 'declined', code: 0x64, reason: 'card not readable' });
  });

  it('aborted by the shopper on the terminal (06 1E 6C)', async () => {
    const { terminal } = setup({}, { scenario: 'abort-by-shopper' });
    expect(await terminal.sale(150)).toEqual({ result: 'aborted', code: 0x6c });
  });

  it('aborted from the kiosk through the AbortSignal (06 B0)', async () => {
    const { terminal, sim } = setup({}, { stepDelayMs: 200 });
    const ctl = new AbortController();
    const result = await terminal.sale(150, { signal: ctl.signal, onProgress: (p) => p.prompt === 'insert-card' && ctl.abort() });
    expect(result).toEqual({ result: 'aborted', code: 0x6c });
    await sim.idle();
    // The link is usable afterwards.
    expect(await terminal.sale(150)).toMatchObject({ result: 'approved' });
  });

  it('abort() during a sale resolves once the terminal accepted it', async () => {
    const { terminal } = setup({}, { stepDelayMs: 200 });
    let abortDone: Promise<void> | undefined;
    const result = await terminal.sale(150, { onProgress: () => (abortDone ??= terminal.abort()) });
    await expect(abortDone).resolves.toBeUndefined();
    expect(result.result).toBe('aborted');
  });

  it('a pre-aborted signal sends nothing', async () => {
    const { terminal, a } = setup();
    const ctl = new AbortController();
    ctl.abort();
    expect(await terminal.sale(150, { signal: ctl.signal })).toEqual({ result: 'aborted' });
    expect(a.written).toHaveLength(0);
  });

  it('wrong currency ends with 6F', async () => {
    const { terminal } = setup({ currency: 978 });
    expect(await terminal.sale(150)).toMatchObject({ result: 'declined', code: 0x6f });
  });

  it('a silent terminal ends as unknown after T4, not a hang', async () => {
    const { terminal } = setup({ masterTimeoutMs: 200 }, { scenario: 'silent' });
    expect(await terminal.sale(150)).toEqual({ result: 'unknown', reason: 'terminal went silent during the sale' });
  });

  it('an unplug mid-sale ends as unknown at once', async () => {
    const { terminal, a } = setup({}, { stepDelayMs: 100 });
    const started = Date.now();
    const result = await terminal.sale(150, { onProgress: () => a.unplug() });
    expect(result.result).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(terminal.sale(150)).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('resends a frame the terminal NAKed (corrupted on the wire)', async () => {
    const { terminal, a } = setup({}, {}, { kind: 'garble', at: 4, chunks: 1, match: (chunk) => chunk.length > 4 });
    expect(await terminal.sale(150)).toMatchObject({ result: 'approved' });
    const frames = a.written.filter((w) => w.length > 4 && w[3] === 0x01);
    expect(frames).toHaveLength(2); // the sale command, twice
  });

  it('unknown when the terminal never acknowledges the command (3 sends)', async () => {
    const { terminal, a } = setup({ ackTimeoutMs: 100 }, {}, { kind: 'drop' });
    const result = await terminal.sale(150);
    expect(result).toMatchObject({ result: 'unknown' });
    expect(a.written).toHaveLength(3);
  });

  it('rejects bad amounts and a second concurrent operation with typed errors', async () => {
    const { terminal } = setup({}, { stepDelayMs: 100 });
    await expect(terminal.sale(1.5)).rejects.toMatchObject({ code: 'invalid-amount' });
    const first = terminal.sale(150);
    await expect(terminal.sale(150)).rejects.toMatchObject({ code: 'busy' });
    expect((await first).result).toBe('approved');
  });
});

/** A hand-scripted terminal for sequences the simulator does not produce. */
function scripted(script: (cmd: Apdu, send: (a: Apdu) => Promise<void>) => Promise<void>, termOpts: ZvtTerminalOptions = {}) {
  const { host: a, device: b } = createMemoryPair();
  const terminal = new ZvtTerminal(a, { ackTimeoutMs: 300, ...termOpts });
  const pt = new ZvtLink(b, { ackTimeoutMs: 300 });
  pt.onApdu((cmd) => {
    if (cmd.cls === 0x80) return;
    void script(cmd, (x) => pt.send(x)).catch(() => undefined);
  });
  cleanups.push(async () => {
    await terminal.close();
    await pt.close();
  });
  return { terminal, b };
}

describe('ZvtTerminal against scripted terminal behaviour', () => {
  it('throws rejected when the terminal answers 84 xx to the command', async () => {
    const { terminal } = scripted(async (_cmd, send) => send(apdu(0x84, 0x6b)));
    await expect(terminal.sale(150)).rejects.toMatchObject({ code: 'rejected', resultCode: 0x6b });
  });

  it('treats an error 04 0F with no 06 0F as final (after the grace period)', async () => {
    const { terminal } = scripted(
      async (_cmd, send) => {
        await send(apdu(0x80, 0x00));
        await send(apdu(0x04, 0x0f, encodeBmp(0x27, Uint8Array.of(0x78))));
      },
      { statusGraceMs: 100 },
    );
    expect(await terminal.sale(150)).toEqual({ result: 'declined', code: 0x78, reason: 'card expired' });
  });

  it('reports unknown (with the trace) when the link drops after approval but before 06 0F', async () => {
    const ends: MemoryEnd[] = [];
    const { terminal, b } = scripted(async (_cmd, send) => {
      await send(apdu(0x80, 0x00));
      await send(apdu(0x04, 0x0f, Uint8Array.from([...encodeBmp(0x27, Uint8Array.of(0)), ...encodeBmp(0x0b, Uint8Array.of(0, 0, 0x42))])));
      ends[0]?.unplug();
    });
    ends.push(b);
    expect(await terminal.sale(150)).toMatchObject({ result: 'unknown', trace: 42 });
  });

  it('accepts terminal messages that arrive without a preceding 80 00', async () => {
    const { terminal } = scripted(async (_cmd, send) => {
      await send(apdu(0x04, 0xff, [0x0a]));
      await send(apdu(0x06, 0x0f, [0x00]));
    });
    expect(await terminal.sale(150)).toMatchObject({ result: 'approved', amountCents: 150, receiptLines: [] });
  });

  it('abort() rejects when the terminal refuses it, and the sale still completes', async () => {
    let release: () => void = () => undefined;
    const { terminal } = scripted(async (cmd, send) => {
      if (commandOf(cmd) === 0x06b0) return send(apdu(0x84, 0x83));
      await send(apdu(0x80, 0x00));
      await send(apdu(0x04, 0xff, [0x01]));
      await new Promise<void>((r) => (release = r));
      await send(apdu(0x06, 0x0f, [0x00]));
    });
    const sale = terminal.sale(150, {
      onProgress: () =>
        void terminal.abort().then(
          () => release(),
          (err: unknown) => {
            expect(err).toMatchObject({ code: 'rejected', resultCode: 0x83 });
            release();
          },
        ),
    });
    expect((await sale).result).toBe('approved');
  });
});
