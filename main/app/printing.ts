import type { PrinterLinkConfig } from '../../drivers/printer/link';
import type { Receipt } from '../../drivers/printer/receipt';
import { openPrinterLink } from '../../drivers/printer/link';
import sampleReceipt from '../../drivers/printer/sample-receipt.json';
import { receiptPdf } from '../../drivers/printer/pdf';
import { PrintQueue, type PrinterStatusEvent } from '../../drivers/printer/print-queue';
import type { ReceiptFaultCounts } from '../../drivers/printer/receipt-copies';
import type { KioskDatabase } from '../../offline-cache/db';
import type { PayloadCodec } from '../../offline-cache/payload-codec';
import { aesGcmCodec } from '../../offline-cache/payload-crypto';
import { PrintJournal } from '../../offline-cache/print-journal';
import type { DeviceStates } from '../contract';
import type { DeviceStatesPort } from '../core/device-states';
import { type Logger, ReceiptError, type ReceiptPort } from '../core/ports';
import { toReceipt } from './adapters';
import type { KioskStore } from './store';
import { keepReceiptsBriefly, type ReceiptRetention } from './receipt-retention';
import { unavailable, type Wiring } from './wiring';

/**
 * The receipt path: every receipt is journaled (encrypted, it carries a name) before a byte is
 * sent, printed through the PrintQueue over whatever link configuration names, and kept with its
 * PDF copy for reprint or export. A failed job is reprinted on request, never resent by itself.
 */
interface Printing {
  port: ReceiptPort;
  queue: PrintQueue;
  /** Receipts (raster or PDF copy) the kiosk could not make since start; device health shows the current fault. */
  receiptFaults(): ReceiptFaultCounts;
  retention: ReceiptRetention;
  stop(): Promise<void>;
}

/** The printer's status event in the device-state model's words. */
export function printerState(e: PrinterStatusEvent): Partial<DeviceStates['printer']> {
  const paper = e.status ? (e.status.paperOut ? 'out' : e.status.paperNearEnd ? 'nearEnd' : 'ok') : 'unknown';
  const details = { paper, coverOpen: e.status?.coverOpen, receiptFault: e.receiptFault } as const;
  if (e.receiptFault === 'raster') return { ...details, status: 'hardwareError', reason: 'receipt-render-failed' };
  switch (e.level) {
    case 'ready':
    case 'paper-near-end':
      return { ...details, status: 'online', reason: undefined };
    case 'paper-out':
    case 'cover-open':
      return { ...details, status: 'userError', reason: e.level };
    case 'error':
      return { ...details, status: 'hardwareError', reason: 'printer-error' };
    case 'offline':
      return { ...details, status: 'offline', reason: 'printer-offline' };
    case 'unavailable':
      return { ...details, status: 'offline', reason: 'link-down' };
  }
}

async function startPrinting(opts: {
  db: KioskDatabase;
  codec: PayloadCodec;
  link: PrinterLinkConfig;
  log: Logger;
  states: DeviceStatesPort;
}): Promise<Printing> {
  const journal = new PrintJournal(opts.db, { codec: opts.codec });
  const queue = new PrintQueue({
    journal,
    connect: () => openPrinterLink(opts.link),
    render: { widthDots: 576 },
    makePdf: (receipt) => receiptPdf(receipt),
    selfCheckReceipt: sampleReceipt as Receipt,
    log: (event, fields) => opts.log.info(event, fields),
  });
  queue.on('status', (e) => opts.states.update('printer', printerState(e)));
  queue.on('receipt-fault', (f) => opts.log.error('receipt-fault', { kind: f.kind, code: f.code, jobId: f.jobId, faults: queue.receiptFaults()[f.kind] }));
  queue.on('job', (e) => {
    opts.log.info('print-job', { jobId: e.jobId, state: e.state, code: e.code });
    opts.states.update('printer', { lastJob: { id: e.jobId, state: e.state, code: e.code, at: Date.now() } });
  });
  const retention = keepReceiptsBriefly(journal, { log: opts.log, copied: () => queue.idle() });
  await queue.start();

  const port: ReceiptPort = {
    async print(request) {
      const outcome = await queue.print(toReceipt(request));
      if (outcome.state === 'failed') throw new ReceiptError(outcome.code, outcome.jobId);
      void retention.printed(request.localRef);
      return { jobId: outcome.jobId };
    },
    async reprint(jobId) {
      const { localRef } = journal.get(jobId);
      const outcome = await queue.reprint(jobId);
      if (outcome.state === 'failed') throw new ReceiptError(outcome.code, outcome.jobId);
      void retention.printed(localRef);
      return { jobId: outcome.jobId };
    },
  };
  const stop = () => {
    retention.stop();
    return queue.stop();
  };
  return { port, queue, receiptFaults: () => queue.receiptFaults(), retention, stop };
}

/**
 * The printer as the session sees it: receipts go through the journaled PrintQueue once the
 * printer is connected; with no printer configured, or before it is, printing is unavailable.
 */
export function wirePrinting(opts: {
  store: KioskStore;
  link: PrinterLinkConfig | undefined;
  log: Logger;
  states: DeviceStatesPort;
}): Wiring<ReceiptPort> & Pick<ReceiptRetention, 'acknowledged'> & { queue(): PrintQueue | undefined; restart(link: PrinterLinkConfig | undefined): Promise<void> } {
  let printing: Printing | undefined;
  const port: ReceiptPort = {
    print: (request) => (printing ? printing.port.print(request) : Promise.reject(unavailable('printer-unavailable', 'no receipt printer is configured or connected'))),
    reprint: (jobId) => (printing ? printing.port.reprint(jobId) : Promise.reject(unavailable('printer-unavailable', 'no receipt printer is configured or connected'))),
  };
  return {
    port,
    acknowledged: async (localRef) => printing?.retention.acknowledged(localRef),
    queue: () => printing?.queue,
    connect: () => open(opts.link),
    /**
     * A technician's new port or speed (main/app/device-settings.ts): the queue finishes what it
     * is printing and closes its link, and a new one opens on the new link with the same journal.
     */
    async restart(link) {
      const old = printing;
      printing = undefined;
      await old?.stop();
      opts.states.update('printer', { status: 'starting', reason: undefined });
      await open(link);
    },
    close: () => printing?.stop(),
  };

  async function open(link: PrinterLinkConfig | undefined): Promise<void> {
    if (!link) {
      opts.states.update('printer', { status: 'noDevice', reason: 'not-configured' });
      return;
    }
    printing = await startPrinting({ db: opts.store.db, codec: aesGcmCodec(opts.store.keys), link, log: opts.log, states: opts.states });
  }
}
