import { errorCode } from '../../../shared/coded-error';
import { readFile, writeFile } from 'node:fs/promises';
import { CliError, type CommandSpec, intOption, printJson, stringOption, untilSignal } from '../command';
import { cliSettings } from '../settings';

/**
 * Receipt printer commands for technicians and developers. Driver modules are imported inside
 * run() so `kioskctl help` stays fast (canvas and serialport are native and slow to load).
 */
async function loadReceipt(path: string) {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${errorCode(err) ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new CliError(`${path} is not valid JSON`);
  }
  const { parseReceipt } = await import('../../../drivers/printer/format');
  return parseReceipt(json);
}

function widthOption(values: Record<string, unknown>): number {
  const width = intOption(values, 'width', 576)!;
  if (width !== 576 && width !== 384) throw new CliError('--width must be 576 (80 mm) or 384 (58 mm)', 2);
  return width;
}

/** The printer's serial link: --port and --baud over the kiosk's settings (KIOSK_PRINTER_PORT, _BAUD). */
function printerPort(values: Record<string, unknown>): { path: string; baudRate: number } {
  const { printer } = cliSettings(values, {
    flags: { '--port': ['devices.printer.path', stringOption(values, 'port')], '--baud': ['devices.printer.baudRate', stringOption(values, 'baud')] },
  }).devices;
  if (!printer.path) throw new CliError('missing --port (or set KIOSK_PRINTER_PORT)', 2);
  return { path: printer.path, baudRate: printer.baudRate };
}

const portOptions = {
  port: { type: 'string' },
  baud: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const printerCommands: CommandSpec[] = [
  {
    path: ['print'],
    summary: 'print a receipt JSON on an ESC/POS printer (serial or pty)',
    usage: 'print [--port PATH] --receipt FILE.json [--baud N] [--width 576|384] [--json]',
    options: { ...portOptions, receipt: { type: 'string' }, width: { type: 'string' } },
    async run({ values }) {
      const link = printerPort(values);
      const receipt = await loadReceipt(stringOption(values, 'receipt', true));
      const width = widthOption(values);
      const { openEscPosSerial } = await import('../../../drivers/printer/printer');
      const printer = await openEscPosSerial({ ...link, render: { widthDots: width } });
      try {
        const { bytes } = await printer.printReceipt(receipt);
        if (values.json) printJson({ printed: true, bytes, widthDots: width });
        else console.log(`printed ${bytes} bytes on ${link.path}`);
        return 0;
      } finally {
        await printer.close();
      }
    },
  },
  {
    path: ['printer', 'status'],
    summary: 'ask the printer for its real-time status (DLE EOT)',
    usage: 'printer status [--port PATH] [--baud N] [--json]',
    options: portOptions,
    async run({ values }) {
      const { openEscPosSerial } = await import('../../../drivers/printer/printer');
      const printer = await openEscPosSerial(printerPort(values));
      try {
        const status = await printer.status();
        const { statusLevel } = await import('../../../drivers/printer/asb');
        if (values.json) printJson({ ...status, level: statusLevel(status) });
        else {
          for (const [k, v] of Object.entries(status)) console.log(`${k.padEnd(13)} ${v ? 'yes' : 'no'}`);
        }
        return status.online && !status.paperOut && !status.coverOpen ? 0 : 3;
      } finally {
        await printer.close();
      }
    },
  },
  {
    path: ['receipt', 'render'],
    summary: 'render a receipt JSON to the PNG the printer would print',
    usage: 'receipt render --receipt FILE.json --png OUT.png [--width 576|384] [--lang ar|en] [--escpos OUT.bin] [--json]',
    options: {
      receipt: { type: 'string' },
      png: { type: 'string' },
      width: { type: 'string' },
      lang: { type: 'string' },
      escpos: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values }) {
      const receipt = await loadReceipt(stringOption(values, 'receipt', true));
      const out = stringOption(values, 'png', true);
      const lang = stringOption(values, 'lang');
      if (lang !== undefined && lang !== 'ar' && lang !== 'en') throw new CliError('--lang must be ar or en', 2);
      const width = widthOption(values);
      const { renderReceipt } = await import('../../../drivers/printer/render');
      const { encodeDocument } = await import('../../../drivers/printer/encode');
      const { documentToPng } = await import('../../../drivers/printer/preview');
      const doc = renderReceipt(lang ? { ...receipt, lang } : receipt, { widthDots: width });
      const { bytes } = encodeDocument(doc);
      await writeFile(out, documentToPng(doc));
      const bin = stringOption(values, 'escpos');
      if (bin) await writeFile(bin, bytes);
      if (values.json) printJson({ png: out, escpos: bin ?? null, escposBytes: bytes.length, widthDots: width });
      else console.log(`${out}: ${width} dots wide, ${bytes.length} ESC/POS bytes`);
      return 0;
    },
  },
  {
    path: ['receipt', 'pdf'],
    summary: 'make the PDF copy of a receipt JSON (Arabic shaped and ordered, fonts embedded)',
    usage: 'receipt pdf --receipt FILE.json --out OUT.pdf [--lang ar|en] [--paper 80|58] [--json]',
    options: {
      receipt: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      paper: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values }) {
      const receipt = await loadReceipt(stringOption(values, 'receipt', true));
      const out = stringOption(values, 'out', true);
      const lang = stringOption(values, 'lang');
      if (lang !== undefined && lang !== 'ar' && lang !== 'en') throw new CliError('--lang must be ar or en', 2);
      const paper = intOption(values, 'paper', 80);
      if (paper !== 80 && paper !== 58) throw new CliError('--paper must be 80 or 58 (mm)', 2);
      const { receiptPdf } = await import('../../../drivers/printer/pdf');
      const pdf = await receiptPdf(lang ? { ...receipt, lang } : receipt, { paperMm: paper });
      try {
        await writeFile(out, pdf);
      } catch (err) {
        throw new CliError(`cannot write ${out}: ${errorCode(err) ?? (err as Error).message}`);
      }
      if (values.json) printJson({ pdf: out, bytes: pdf.length, paperMm: paper });
      else console.log(`${out}: ${pdf.length} bytes, ${paper} mm`);
      return 0;
    },
  },
  {
    path: ['sim', 'printer'],
    summary: 'run the printer simulator on a serial port or pty until Ctrl-C',
    usage:
      'sim printer --port PATH --out DIR [--baud N] [--width 576|384] [--paper-out] [--cover-open] [--offline] [--near-end] ' +
      '[--paper-out-after N] [--cover-open-after N] [--offline-after N] [--vanish-after N]   (N = job bytes received)',
    options: {
      port: { type: 'string' },
      width: { type: 'string' },
      out: { type: 'string' },
      baud: { type: 'string' },
      'paper-out': { type: 'boolean' },
      'cover-open': { type: 'boolean' },
      offline: { type: 'boolean' },
      'near-end': { type: 'boolean' },
      'paper-out-after': { type: 'string' },
      'cover-open-after': { type: 'string' },
      'offline-after': { type: 'string' },
      'vanish-after': { type: 'string' },
    },
    async run({ values }) {
      const port = stringOption(values, 'port', true);
      const outDir = stringOption(values, 'out', true);
      const faults: { kind: 'paper-out' | 'cover-open' | 'offline' | 'vanish'; afterBytes: number }[] = [];
      for (const kind of ['paper-out', 'cover-open', 'offline', 'vanish'] as const) {
        const after = intOption(values, `${kind}-after`);
        if (after !== undefined) faults.push({ kind, afterBytes: after });
      }
      widthOption(values); // fail on a bad width before opening the port
      const { openSerial } = await import('../../../drivers/transport/serial');
      const { PrinterSimulator } = await import('../../../drivers/printer/sim/simulator');
      let transport;
      try {
        transport = await openSerial({ path: port, baudRate: intOption(values, 'baud', 115200)! });
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const widthDots = widthOption(values);
      const sim = new PrinterSimulator(transport, { outDir, widthDots, log: (m) => console.error(`printer-sim: ${m}`) });
      sim.setPaperOut(Boolean(values['paper-out']));
      sim.setCoverOpen(Boolean(values['cover-open']));
      sim.setOffline(Boolean(values.offline));
      sim.setPaperNearEnd(Boolean(values['near-end']));
      sim.injectFaults(faults);
      sim.on('receipt', (r) =>
        console.log(`receipt ${r.index}: ${r.path} (${r.bytes} bytes, ${r.heightDots} dots${r.complete ? '' : ', torn off by a fault'})`),
      );
      const vanished = new Promise<'vanished'>((resolve) =>
        sim.on('fault', (kind) => {
          console.error(`printer-sim: fault ${kind}`);
          if (kind === 'vanish') resolve('vanished');
        }),
      );
      const closed = new Promise<'closed'>((resolve) => transport.onClose(() => resolve('closed')));
      console.error(`printer-sim: listening on ${port}, writing receipts to ${outDir} (Ctrl-C to stop)`);
      const why = await Promise.race([untilSignal(), closed, vanished]);
      await sim.close();
      // Vanishing is what was asked for: the printer is gone, the simulator ends normally.
      if (why === 'vanished') return 0;
      if (why === 'closed') throw new CliError(`link ${port} closed`);
      return 0;
    },
  },
];
