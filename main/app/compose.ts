import { CodedError, errorCode } from '../../shared/coded-error';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TrustAnchors } from '../../drivers/card/trust/anchors';
import type { KeyProvider } from '../../offline-cache/key-provider';
import type { AuditLog } from '../../offline-cache/audit-log';
import type { Outbox } from '../../offline-cache/outbox';
import { activeConfig, DATABASE_FILE, DEFAULT_KIOSK_ID, gatewayTls, printerLink, type KioskSettings } from '../config';
import type { DeviceStatesPort } from '../core/device-states';
import { RulesInForce } from '../core/availability';
import type { SessionTimings } from '../core/catalog';
import { launchIds } from '../core/ids';
import { KioskCore } from '../core/kiosk-core';
import { deviceLog, LogRing, logToRing } from '../core/log-ring';
import type { Logger } from '../core/ports';
import type { ServiceDefinition } from '../core/services/schema';
import { SessionService } from '../core/session';
import type { OfflineDeliveryOptions } from '../gateway';
import type { LabServer } from '../lab/server';
import { wireCard } from './card';
import type { ConfigAgent } from '../config/tuf/agent';
import { configReports } from './config-reports';
import { openConfiguration } from './configuration';
import { wireDelivery } from './delivery';
import { wireDeviceStates } from './device-states';
import { devicesAtStart, deviceSettingsPort } from './device-settings';
import { DEFAULT_ALTERNATIVE, wireTechnician, type TechnicianSettings } from './diagnostics';
import { type DiagControl, startDiagControl } from './diag-control';
import { technicianQueue } from './technician-queue';
import { readCard } from '../../drivers/card/read-once';
import { maskIdNumber } from '../core/person';
import { wirePayments } from './payments';
import { wirePrinting } from './printing';
import type * as SimulationModuleNs from './simulation';
import type { SimulatedWorld } from './simulators';
import { openStore } from './store';
import type { Telemetry, TelemetrySettings } from '../telemetry/telemetry';
import { wireTelemetry } from './telemetry';
import type { RotatingLogFile } from './log-file';
import { type MaintenanceSettings, startMaintenance } from './maintenance';
import { currentStep, type KioskState } from '../contract';
import { Closers } from './wiring';

/**
 * The composition root shared by both shells. It only orders the wiring modules (one per device
 * and service, each giving its port, its connection to the session and its close): store,
 * telemetry, delivery, payments, printing, card. With `simulate`, every device is a simulator on a real link
 * (vpcd, ptys, loopback HTTP), loaded on demand, and a lab server controls them.
 */
export type DeviceSettings = KioskSettings['devices'];

export interface KioskOptions {
  dataDir: string;
  simulate: boolean;
  log: Logger;
  kioskId?: string;
  /** Real devices; ignored when simulating. */
  devices?: DeviceSettings;
  /** The service catalog as data (main/config/catalog.ts); the shipped one when absent. */
  catalog?: readonly ServiceDefinition[];
  /**
   * Which roots a card's signature must chain to; the card profiles' production roots when absent
   * (with `simulate`, the simulators' test roots). Code only, never a setting: the soak's kiosk
   * runs in a process apart from its simulators and reads their test-signed cards through it.
   */
  cardAnchors?: TrustAnchors;
  /** Simulation only: which vpcd slot the virtual card uses (35963 or 35964). */
  vpcdPort?: number;
  terminalStepDelayMs?: number;
  timings?: SessionTimings;
  /** Probe tuning (interval, confirmation) for the gateway's online/offline status. */
  gatewayProbe?: OfflineDeliveryOptions['probe'];
  /** Electron passes a safeStorage-sealed key; the browser host uses a 0600 key file. */
  keyProvider?: KeyProvider;
  outboxMaxAgeMs?: number;
  /** Check every state against the contract before it is sent (on unless a packaged build turns it off). */
  checkStates?: boolean;
  /** Metrics endpoint and collector (main/config); without it, telemetry counts but nothing leaves the process. */
  telemetry?: TelemetrySettings;
  /** What the start journal says about this run (main/app/start-journal.ts), for the restart gauges. */
  starts?: { starts: number; crashes: number };
  /** The daily maintenance window (settings `maintenance`); none when absent (tests, tools). */
  maintenance?: MaintenanceSettings;
  /** How the shell ends the process for the window's restart (exit RESTART_EXIT_CODE); no restart when absent. */
  onRestart?: () => void;
  /** The shell's log file, whose old rotations the window removes. */
  logFile?: RotatingLogFile;
  /**
   * Out-of-service rules and the disk-low mark (settings `availability`) at start; the bundle in
   * force's over the shipped ones when absent. A bundle applied later brings its own.
   */
  availability?: KioskSettings['availability'];
  /** The active configuration's version and origin; the shipped catalog's when absent. */
  config?: { version: string; source: string };
  /** Where ops publish signed configuration and how often to ask (main/config/tuf); no polling without a URL. */
  configRepository?: KioskSettings['configRepository'];
  /** Technician diagnostics (PIN hash, lockout, idle time, out-of-service text); without a PIN hash nobody can enter. */
  technician?: Partial<TechnicianSettings>;
}

export interface RunningKiosk {
  core: KioskCore;
  session: SessionService;
  /** The technician audit log (diagnostics, kioskctl diag). */
  audit: AuditLog;
  /** The loopback door `kioskctl diag` talks to (its URL and token go into runtime.json). */
  diag: DiagControl;
  outbox: Outbox;
  telemetry: Telemetry;
  /** What every device is doing: the one source the session, logs, diagnostics and telemetry read. */
  devices: DeviceStatesPort;
  /** The recent log lines and the warnings and errors per source since start (the technician's logs page). */
  logs: LogRing;
  lab?: LabServer;
  world?: SimulatedWorld;
  /** The configuration agent (polls, stages, applies when idle, health gate, rollback). */
  configAgent?: ConfigAgent;
  close(): Promise<void>;
}

const CURRENCY = 'QAR';

type SimulationModule = typeof SimulationModuleNs;

/** What a shell passes from its settings (main/config) to startKiosk. */
export function kioskOptionsFrom(
  settings: KioskSettings,
): Pick<KioskOptions, 'dataDir' | 'simulate' | 'kioskId' | 'devices' | 'timings' | 'telemetry' | 'configRepository' | 'technician' | 'availability' | 'maintenance'> {
  return {
    dataDir: settings.dataDir,
    simulate: settings.simulate,
    kioskId: settings.kioskId,
    devices: settings.devices,
    timings: settings.session,
    telemetry: settings.telemetry,
    configRepository: settings.configRepository,
    technician: settings.technician,
    availability: settings.availability,
    maintenance: settings.maintenance,
  };
}

const TECHNICIAN_DEFAULTS: TechnicianSettings = { maxTries: 5, lockoutMs: 900_000, idleMs: 600_000, workOrder: { required: false, keys: [], maxMinutes: 480 }, alternative: DEFAULT_ALTERNATIVE };

/** Telemetry that counts but sends nothing: for tests and tools that compose a kiosk without settings. */
const LOCAL_TELEMETRY: TelemetrySettings = { exportIntervalMs: 60_000, exportTimeoutMs: 10_000, maxQueuedEvents: 100_000, heartbeatMs: 60_000 };

export async function startKiosk(options: KioskOptions): Promise<RunningKiosk> {
  const { dataDir } = options;
  // Everything the kiosk logs from here on is also kept for the technician, each device's under its name.
  const logs = new LogRing({ clock: { now: Date.now } });
  const log = logToRing(options.log, logs);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const closers = new Closers(log);
  try {
    const simulation = options.simulate
      ? await (await loadSimulation()).startSimulation({ dataDir, log, vpcdPort: options.vpcdPort, terminalStepDelayMs: options.terminalStepDelayMs })
      : undefined;
    if (simulation) closers.add(() => simulation.world.close());
    const devices = simulation ? simulatedDevices(simulation.world) : options.devices;
    if (!devices?.gatewayUrl) throw new Error('no gateway URL configured (KIOSK_GATEWAY_URL, or simulators; a packaged kiosk takes it from its signed configuration: kioskctl config trust, then config check-now)');

    const store = openStore(dataDir, options.keyProvider);
    closers.add(() => store.close());
    // A technician's on-site device settings (SQLite) over the configured ones, for every device opened below.
    const opened = devicesAtStart(store.db, devices, { simulate: options.simulate, log });
    const kioskId = options.kioskId ?? DEFAULT_KIOSK_ID;
    // The bundle in force (or the last known-good, or the shipped config/) decides the catalog and timings.
    const configuration = openConfiguration({ dataDir, kioskId, log, repository: options.configRepository, timings: options.timings });
    closers.add(() => configuration.close());
    const config = options.config ?? (configuration.inForce.version > 0 ? configuration.figures : activeConfig());
    // The offer, the disk-low mark, the automatic out-of-service screen and a visit's exit check all read these.
    const rules = new RulesInForce(options.availability ?? configuration.availability);
    const deviceStates = wireDeviceStates({ dataDir, databasePath: join(dataDir, DATABASE_FILE), config, log, check: options.checkStates, rules });
    closers.add(() => deviceStates.close());
    const states = deviceStates.port;
    const telemetry = await wireTelemetry({ store, kioskId, settings: options.telemetry ?? LOCAL_TELEMETRY, config, log, states, starts: options.starts && { ...options.starts, safeMode: false } });
    closers.add(() => telemetry.close());
    const delivery = wireDelivery({ store, kioskId, gatewayUrl: devices.gatewayUrl, gatewayTls: gatewayTls(devices), currency: CURRENCY, log: deviceLog(log, 'gateway'), maxAgeMs: options.outboxMaxAgeMs, probe: options.gatewayProbe, states });
    closers.add(() => delivery.close());
    telemetry.startHeartbeat(delivery.offline.client, dataDir);
    const payments = wirePayments({ store, terminal: opened.terminal, currency: CURRENCY, log: deviceLog(log, 'terminal'), states });
    closers.add(() => payments.close());
    const printing = wirePrinting({ store, link: printerLink(opened.printer), log: deviceLog(log, 'printer'), states });
    // Production anchors come with the card profiles (later also from signed config bundles).
    const cardAnchors = options.cardAnchors ?? simulation?.cardAnchors;
    const card = wireCard({ readerPattern: opened.reader, log: deviceLog(log, 'card'), states, anchors: cardAnchors });
    let readerPattern = opened.reader;
    const deviceSettings = deviceSettingsPort({
      db: store.db,
      configured: devices,
      opened,
      simulate: options.simulate,
      readers: () => states.snapshot.cardReader.readers ?? [],
      restarts: {
        printer: printing.restart,
        terminal: payments.restart,
        cardReader: async (pattern) => {
          readerPattern = pattern;
          await card.restart(pattern);
        },
      },
    });
    const queue = technicianQueue({ db: store.db, outbox: delivery.offline.outbox, delivery: delivery.offline.delivery });
    const technician = wireTechnician({
      store,
      kioskId,
      log,
      delivery: { outbox: delivery.offline.outbox, kick: () => delivery.offline.delivery.kick() },
      settings: { ...TECHNICIAN_DEFAULTS, ...options.technician },
      devices: {
        states,
        printQueue: printing.queue,
        payments: payments.port,
        gateway: delivery.offline.client,
        probeGateway: () => delivery.offline.probe.probeNow(),
        refreshStorage: deviceStates.refreshStorage,
        readCard: async (signal) => {
          const started = Date.now();
          const read = await readCard({ readerPattern, timeoutMs: 10_000, anchors: cardAnchors, signal });
          return { idNumberMasked: maskIdNumber(read.identity.idNumber), profile: read.profile, ms: Date.now() - started };
        },
      },
    });

    const session = new SessionService({
      card: card.port,
      ...delivery.port,
      payment: telemetry.countPayments(payments.port),
      receipts: printing.port,
      log,
      catalog: options.catalog ?? configuration.catalog,
      currency: CURRENCY,
      timings: configuration.timings,
      texts: configuration.texts,
      clock: { now: Date.now },
      ids: launchIds(Date.now(), randomUUID),
      checkStates: options.checkStates,
      // The exit check of a visit and the automatic out-of-service screen use the rules the offer is made from.
      technician: { ...technician, queue, logs, rules, deviceSettings },
    });
    closers.add(() => session.dispose());
    const core = new KioskCore(session, log);
    telemetry.watchCore(core);
    telemetry.watchCard(card.events);
    telemetry.connect(session);
    const outbox = delivery.offline.outbox;
    configuration.connect({ session, core, states, telemetry: telemetry.port, reports: configReports({ outbox, kioskId, kick: () => delivery.offline.delivery.kick() }), rules });

    // First: every device below reports into the model, and the session hears it from there.
    deviceStates.connect(session);
    await delivery.connect(session);
    await payments.connect(session);
    // A paid submission the ministry refuses returns the money.
    delivery.offline.delivery.on('rejected', (entry) => {
      if (entry.kind === 'submission') void payments.port.submissionRejected(entry.id, `gateway rejected: ${entry.rejectCode ?? 'unknown'}`).finally(queue.changed);
    });
    closers.add(() => printing.close());
    // A receipt carries the shopper's name: once the ministry has the request, a printed one goes.
    delivery.offline.delivery.on('delivered', (entry) => void (entry.kind === 'submission' && printing.acknowledged(entry.localRef)));
    await printing.connect(session);
    closers.add(() => card.close());
    // Every new session sees the disk as it is now: a full disk refuses the payment it could not journal.
    card.events.on('card-inserted', () => deviceStates.refreshStorage());
    await card.connect(session);

    const diag = await startDiagControl({ session, devices: states, audit: technician.auditLog, log, rules });
    closers.add(() => diag.close());

    if (options.maintenance) {
      const maintenance = startMaintenance({
        db: store.db,
        dataDir,
        databasePath: join(dataDir, DATABASE_FILE),
        settings: options.maintenance,
        log,
        idle: () => idle(session.snapshot),
        restart: options.onRestart,
        logFile: options.logFile,
      });
      closers.add(() => maintenance.close());
    }

    const lab = simulation ? await simulation.startLab() : undefined;
    if (lab) closers.add(() => lab.close());

    return { core, session, audit: technician.auditLog, diag, outbox: delivery.offline.outbox, telemetry: telemetry.port, devices: states, logs, lab, world: simulation?.world, configAgent: configuration.agent, close: () => closers.closeAll() };
  } catch (err) {
    await closers.closeAll();
    throw err;
  }
}

/** Nobody at the kiosk and nothing settling: the attract screen (or out of service), not busy. */
function idle(state: KioskState): boolean {
  return ((state.mode.kind === 'attract' && currentStep(state).screen === 'attract') || state.mode.kind === 'outOfService') && !state.busy;
}

/** Real devices replaced by the simulated world's links, with the usual line settings. */
function simulatedDevices(world: SimulatedWorld): DeviceSettings {
  return {
    reader: world.readerPattern,
    printer: { path: world.printerPath, baudRate: 115_200 },
    terminal: { path: world.terminalPath, baudRate: 9600, stopBits: 2 },
    gatewayUrl: world.gatewayUrl,
  };
}

/**
 * Simulators load only when asked for. A production build does not contain them: asking for
 * simulation there is a clear error, not a kiosk quietly charging nobody.
 */
async function loadSimulation(): Promise<SimulationModule> {
  try {
    return await import('./simulation');
  } catch (err) {
    const code = errorCode(err);
    if ((code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && /simulation/.test((err as Error).message)) {
      throw new CodedError('simulation-unavailable', 'simulated devices are not part of this build: set KIOSK_SIMULATE=0 and configure the real devices');
    }
    throw err;
  }
}
