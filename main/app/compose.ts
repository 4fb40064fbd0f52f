import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CardReaderService } from '../../drivers/card';
import { openZvtSerial } from '../../drivers/payment';
import { parsePrinterLink, type PrinterLinkConfig } from '../../drivers/printer';
import { KEY_FILE_NAME, type KeyProvider, aesGcmCodec, fileKeyProvider, openKioskDb, type Outbox } from '../../offline-cache';
import { shippedCatalog, type SessionTimings } from '../core/catalog';
import { KioskCore } from '../core/kiosk-core';
import type { CardPort, Logger, ReceiptPort, RequestsPort, SubmissionPort } from '../core/ports';
import { PaymentJournal } from '../../offline-cache/payment-journal';
import { PaymentService, outboxSubmissionFinder, type PaymentServiceState } from '../payments';
import { SessionService } from '../core/session';
import { createOfflineDelivery, myRequests, type OfflineDeliveryOptions } from '../gateway';
import { type LabServer, startLabServer } from '../lab/server';
import { personKey, toQueuedSubmission, paymentReference } from './adapters';
import { type Printing, startPrinting } from './printing';
import { startSimulatedWorld, type SimulatedWorld } from './simulators';

/**
 * The composition root shared by both shells: opens the database and the devices, starts the
 * delivery loop, and wires driver events into the session. With `simulate`, every device is a
 * simulator on a real link (vpcd, ptys, loopback HTTP) and a lab server controls them.
 */
export interface DeviceSettings {
  readerPattern?: string;
  printerPath?: string;
  printerBaud?: number;
  /** Serial or USB-HID printer (drivers/printer/link.ts); overrides printerPath. */
  printerLink?: PrinterLinkConfig;
  terminalPath?: string;
  terminalBaud?: number;
  terminalStopBits?: 1 | 2;
  gatewayUrl?: string;
}

export interface KioskOptions {
  dataDir: string;
  simulate: boolean;
  log: Logger;
  kioskId?: string;
  devices?: DeviceSettings;
  /** Simulation only: which vpcd slot the virtual card uses (35963 or 35964). */
  vpcdPort?: number;
  terminalStepDelayMs?: number;
  timings?: SessionTimings;
  /** Probe tuning (interval, confirmation) for the gateway's online/offline status. */
  gatewayProbe?: OfflineDeliveryOptions['probe'];
  /** Electron passes a safeStorage-sealed key; the browser host uses a 0600 key file. */
  keyProvider?: KeyProvider;
  outboxMaxAgeMs?: number;
}

export interface RunningKiosk {
  core: KioskCore;
  session: SessionService;
  outbox: Outbox;
  lab?: LabServer;
  world?: SimulatedWorld;
  close(): Promise<void>;
}

const CURRENCY = 'QAR';

const unavailable = (code: string) => Object.assign(new Error(code), { code });

/**
 * Real-device settings until signed configuration arrives (issue #7 and the ops config work):
 * KIOSK_READER, KIOSK_PRINTER_PORT / _BAUD (or KIOSK_PRINTER_LINK as JSON, serial or HID),
 * KIOSK_TERMINAL_PORT / _BAUD / _STOP_BITS, KIOSK_GATEWAY_URL.
 */
export function deviceSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DeviceSettings {
  const int = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const stopBits = int(env.KIOSK_TERMINAL_STOP_BITS);
  return {
    readerPattern: env.KIOSK_READER || undefined,
    printerPath: env.KIOSK_PRINTER_PORT || undefined,
    printerLink: env.KIOSK_PRINTER_LINK ? parsePrinterLink(JSON.parse(env.KIOSK_PRINTER_LINK)) : undefined,
    printerBaud: int(env.KIOSK_PRINTER_BAUD),
    terminalPath: env.KIOSK_TERMINAL_PORT || undefined,
    terminalBaud: int(env.KIOSK_TERMINAL_BAUD),
    terminalStopBits: stopBits === 1 || stopBits === 2 ? stopBits : undefined,
    gatewayUrl: env.KIOSK_GATEWAY_URL || undefined,
  };
}

/** A per-kiosk secret for pseudonymous person keys; created once, readable by the kiosk user only. */
function kioskSecret(dataDir: string): string {
  const file = join(dataDir, 'kiosk-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export async function startKiosk(options: KioskOptions): Promise<RunningKiosk> {
  const { dataDir, log } = options;
  const kioskId = options.kioskId ?? process.env.KIOSK_ID ?? 'K01';
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch((err: Error) => log.warn('close-failed', { error: err.message }));
  };

  try {
    const world = options.simulate
      ? await startSimulatedWorld({ dataDir, log, vpcdPort: options.vpcdPort, terminalStepDelayMs: options.terminalStepDelayMs })
      : undefined;
    if (world) closers.push(() => world.close());
    const devices: DeviceSettings = world
      ? { readerPattern: world.readerPattern, printerPath: world.printerPath, terminalPath: world.terminalPath, gatewayUrl: world.gatewayUrl }
      : (options.devices ?? deviceSettingsFromEnv());
    if (!devices.gatewayUrl) throw new Error('no gateway URL configured (set KIOSK_GATEWAY_URL, or run with simulators)');

    const db = openKioskDb(join(dataDir, 'kiosk.db'));
    closers.push(() => {
      db.close();
    });
    // Personal data at rest (queued submissions, journaled receipts) is encrypted with the kiosk key.
    const keys = options.keyProvider ?? fileKeyProvider(join(dataDir, KEY_FILE_NAME));
    const offline = createOfflineDelivery({ db, kioskId, gatewayUrl: devices.gatewayUrl, keys, maxAgeMs: options.outboxMaxAgeMs, probe: options.gatewayProbe });
    const { outbox, client: gateway, delivery, probe } = offline;
    closers.push(() => offline.stop());

    const secret = kioskSecret(dataDir);
    const submissions: SubmissionPort = {
      enqueue(input) {
        const queued = toQueuedSubmission(input, CURRENCY, new Date());
        const entry = outbox.enqueue({
          serviceId: input.serviceId,
          personKey: personKey(input.applicant.idNumber, secret),
          payload: queued,
          // Recovery finds the submission a payment bought by this reference.
          paymentRef: input.payment ? (input.payment.paymentId ?? paymentReference(input.payment)) : undefined,
        });
        delivery.kick();
        return { id: entry.id, localRef: entry.localRef };
      },
    };

    // Every sale is journaled before the terminal is asked; unknown outcomes are settled with the
    // terminal (recover) before another payment is taken.
    const payments = new PaymentService({ journal: new PaymentJournal(db), currency: CURRENCY, log, findSubmission: outboxSubmissionFinder(db) });
    closers.push(() => payments.dispose());

    let printing: Printing | undefined;
    const receipts: ReceiptPort = {
      print: (request) => (printing ? printing.port.print(request) : Promise.reject(unavailable('printer-unavailable'))),
      reprint: (jobId) => (printing ? printing.port.reprint(jobId) : Promise.reject(unavailable('printer-unavailable'))),
    };

    const cards = new CardReaderService({ readerPattern: devices.readerPattern, log: (event, fields) => log.info(event, fields) });
    // The reader whose card is being read: the PIN goes to that card and no other.
    let cardReader: string | undefined;
    const card: CardPort = {
      submitPin: (pin) => (cardReader ? cards.submitPin(cardReader, pin) : Promise.reject(unavailable('pin-not-expected'))),
      cancelPin: () => {
        if (cardReader && cards.pinPending(cardReader)) cards.cancelPin(cardReader);
      },
    };
    const requests: RequestsPort = {
      requestsOf: (idNumber) => myRequests(outbox, gateway, personKey(idNumber, secret)),
    };
    const session = new SessionService({
      card,
      requests,
      sponsors: gateway,
      fines: gateway,
      payment: payments,
      submissions,
      receipts,
      log,
      catalog: shippedCatalog(),
      currency: CURRENCY,
      timings: options.timings,
    });
    closers.push(() => session.dispose());
    const core = new KioskCore(session, log);

    probe.on('change', (status) => session.setGateway(status));
    delivery.on('delivered', (entry) => entry.ministryRef && session.submissionDelivered(entry.id, entry.ministryRef));
    delivery.on('rejected', (entry) => log.warn('submission-rejected', { localRef: entry.localRef, code: entry.rejectCode, paid: entry.paymentRef !== undefined }));
    delivery.on('expired', (entry) => log.warn('submission-expired', { localRef: entry.localRef, paid: entry.paymentRef !== undefined }));
    delivery.on('fault', (err) => log.error('outbox-fault', { error: err.message }));
    offline.start();

    payments.on('state', (state: PaymentServiceState) => session.setDeviceHealth('terminal', state === 'ready' ? 'ready' : state === 'recovering' ? 'busy' : 'unavailable'));
    payments.on('checking', () => session.paymentChecking());
    payments.on('refund-owed', (entry: { id: string; amountCents: number }) => log.warn('payment-refund-owed', { paymentId: entry.id, amountCents: entry.amountCents }));
    delivery.on('rejected', (entry) => void payments.submissionRejected(entry.id, `gateway rejected: ${entry.rejectCode ?? 'unknown'}`));
    if (devices.terminalPath) {
      try {
        // The payment service registers the terminal (and retries) as part of recovery.
        const terminal = await openZvtSerial({ path: devices.terminalPath, baudRate: devices.terminalBaud, stopBits: devices.terminalStopBits });
        closers.push(() => terminal.close());
        payments.setTerminal(terminal);
        void payments.recover();
      } catch (err) {
        log.warn('terminal-unavailable', { code: (err as { code?: string }).code ?? 'error' });
        session.setDeviceHealth('terminal', 'unavailable');
      }
    } else session.setDeviceHealth('terminal', 'unavailable');

    const printerLink = devices.printerLink ?? (devices.printerPath ? { kind: 'serial' as const, path: devices.printerPath, baudRate: devices.printerBaud } : undefined);
    if (printerLink) {
      printing = await startPrinting({ db, codec: aesGcmCodec(keys), link: printerLink, log, onHealth: (h) => session.setDeviceHealth('printer', h) });
      const p = printing;
      closers.push(() => p.stop());
    } else session.setDeviceHealth('printer', 'unavailable');

    cards.on('health', (health) => session.setDeviceHealth('card', health));
    cards.on('card-inserted', ({ reader }) => {
      cardReader = reader;
      session.cardInserted();
    });
    cards.on('pin-required', ({ reader, triesLeft }) => {
      cardReader = reader;
      session.pinRequired(triesLeft);
    });
    cards.on('identity', ({ identity }) => session.identityRead(identity));
    cards.on('technician-card', () => session.technicianCard());
    cards.on('read-error', ({ error }) => session.cardReadFailed(error.code));
    cards.on('card-removed', () => session.cardRemoved());
    cards.start();
    closers.push(() => cards.stop());

    const lab = world ? await startLabServer(world.lab, log) : undefined;
    if (lab) closers.push(() => lab.close());

    return { core, session, outbox, lab, world, close };
  } catch (err) {
    await close();
    throw err;
  }
}
