import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Identity, VirtualCard, VPCD_PORT_KIOSK, ministryCardImage, belpicCardImage } from '../../drivers/card';
import demoBelpic from '../../drivers/card/sim/demo-belpic.json';
import demoExpired from '../../drivers/card/sim/demo-expired.json';
import demoIdentity from '../../drivers/card/sim/demo-identity.json';
import demoTechnician from '../../drivers/card/sim/demo-technician.json';
import { SIM_SCENARIOS, ZvtTerminalSimulator, type SimScenario } from '../../drivers/payment';
import { PrinterSimulator } from '../../drivers/printer';
import { createPtyPair, type PtyPair } from '../../drivers/transport/pty-pair';
import { openSerial } from '../../drivers/transport/serial';
import { startGatewaySimulator, type GatewaySimulator } from '../../gateway';
import type { LabControls } from '../lab/server';
import type { Logger } from '../core/ports';

/**
 * The simulated world `npm start` and the end-to-end tests run against: a virtual card on
 * pcscd's vpcd reader, a ZVT terminal and an ESC/POS printer each at the far end of a socat pty
 * pair, and the gateway simulator on a loopback port. Drivers talk to them exactly as they would
 * to real hardware.
 */
/** The lab's ready-made cards; the PIN card's PIN is DEMO_PIN. */
const CARD_VARIANTS = ['demo', 'pin', 'belpic', 'expired', 'technician'] as const;
const DEMO_PIN = '1234';

export interface SimulatedWorld {
  gatewayUrl: string;
  printerPath: string;
  terminalPath: string;
  /** Reader-name pattern matching the vpcd slot the virtual card uses. */
  readerPattern: string;
  gateway: GatewaySimulator;
  printer: PrinterSimulator;
  terminal: ZvtTerminalSimulator;
  /** Pulls the terminal's cable: the pty pair goes away, as a USB-serial adapter does when unplugged. */
  unplugTerminal(): Promise<void>;
  lab: LabControls;
  close(): Promise<void>;
}

export interface SimulationOptions {
  dataDir: string;
  log: Logger;
  /** vpcd port of the virtual reader slot (see vpcdReaderName). */
  vpcdPort?: number;
  /** Delay between the terminal's steps (insert card, PIN, processing), so prompts are visible. */
  terminalStepDelayMs?: number;
}

export async function startSimulatedWorld(options: SimulationOptions): Promise<SimulatedWorld> {
  const { dataDir, log } = options;
  const vpcdPort = options.vpcdPort ?? VPCD_PORT_KIOSK;
  const closers: (() => Promise<void>)[] = [];
  try {
    const gateway = await startGatewaySimulator({ port: 0 });
    closers.push(() => gateway.close());

    const printerLink = await createPtyPair();
    closers.push(() => printerLink.close());
    const printer = new PrinterSimulator(await openSerial({ path: printerLink.devicePath, baudRate: 115200 }), {
      outDir: join(dataDir, 'printed'),
      log: (message) => log.warn('printer-sim', { message }),
    });
    closers.push(() => printer.close());
    printer.on('receipt', (r) => log.info('printer-sim-receipt', { path: r.path, bytes: r.bytes }));

    const terminalLink: PtyPair = await createPtyPair();
    closers.push(() => terminalLink.close());
    const terminal = new ZvtTerminalSimulator(await openSerial({ path: terminalLink.devicePath, baudRate: 9600, stopBits: 2 }), {
      stepDelayMs: options.terminalStepDelayMs ?? 600,
    });
    closers.push(() => terminal.close());

    let card: VirtualCard | undefined;
    const removeCard = async () => {
      const current = card;
      card = undefined;
      await current?.remove();
    };
    closers.push(removeCard);

    const lab: LabControls = {
      cardVariants: CARD_VARIANTS,
      async insertCard(raw, variant = 'demo', tamper) {
        const preset = { demo: demoIdentity, pin: demoIdentity, belpic: demoBelpic, expired: demoExpired, technician: demoTechnician }[variant];
        const identity = Identity.parse(raw ?? preset);
        await removeCard();
        const image =
          identity.profile === 'belpic'
            ? belpicCardImage(identity, { tamper })
            : ministryCardImage(identity, { tamper, ...(variant === 'pin' ? { pin: { value: DEMO_PIN, tries: 3 } } : {}) });
        card = new VirtualCard({ image, port: vpcdPort });
        await card.insert();
      },
      removeCard,
      terminalScenarios: SIM_SCENARIOS,
      setTerminalScenario: (name) => terminal.setScenario(name as SimScenario),
      setGatewayDown: (down) => gateway.setDown(down),
      setPrinterPaperOut: (out) => printer.setPaperOut(out),
      lastReceiptPng: () => {
        const last = printer.lastReceipt;
        return last && existsSync(last.path) ? readFileSync(last.path) : undefined;
      },
    };

    return {
      gatewayUrl: gateway.url,
      printerPath: printerLink.hostPath,
      terminalPath: terminalLink.hostPath,
      readerPattern: vpcdReaderName(vpcdPort),
      gateway,
      printer,
      terminal,
      unplugTerminal: () => terminalLink.close(),
      lab,
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

/** vsmartcard-vpcd names its two slots per channel "<name> 00 00" and "<name> 00 01". */
function vpcdReaderName(port: number): string {
  const names: Record<number, string> = {
    35963: 'Virtual PCD 00 00',
    35964: 'Virtual PCD 00 01',
    35965: 'Virtual PCD B 00 00',
    35966: 'Virtual PCD B 00 01',
  };
  const name = names[port];
  if (!name) throw new Error(`no virtual reader is configured for vpcd port ${port}`);
  return name;
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers.reverse()) await close().catch(() => undefined);
}
