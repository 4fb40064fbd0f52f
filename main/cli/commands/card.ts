import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CliError, intOption, printJson, stringOption, untilSignal, type CommandSpec } from '../command';
import { cliSettings } from '../settings';
import { CodedError } from '../../../shared/coded-error';
import type { TrustAnchors } from '../../../drivers/card/trust/anchors';

/** Card errors carry a message meant for people; the CLI shows it as its one line. */
function asCliError(err: unknown): never {
  if (err instanceof Error && err.name === 'CardError') throw new CliError(err.message);
  throw err;
}

const PROFILES = ['ministry', 'belpic'] as const;
type SimProfile = (typeof PROFILES)[number];

/**
 * Reads the PIN from the terminal without echoing it (raw mode, nothing written back). Only a
 * terminal: a PIN piped through stdin would sit in shell history or files.
 */
function promptPin(question: string): Promise<string | undefined> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) throw new CliError('the card needs its PIN: pass --pin, or run kioskctl card read in a terminal to be asked');
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let pin = '';
    const finish = (value: string | undefined) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      resolve(value);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(pin);
        if (ch === '\u0003' || ch === '\u001b') return finish(undefined); // Ctrl-C, Esc: give up
        if (ch === '\u007f' || ch === '\b') pin = pin.slice(0, -1);
        else pin += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * --anchors FILE.pem: that file's certificates instead of the profiles' (any test root can be
 * checked). Otherwise the profiles' production anchors, plus the simulators' test roots when
 * simulation is on (KIOSK_SIMULATE=1).
 */
async function anchorsFor(file: string | undefined, simulate: boolean): Promise<TrustAnchors | undefined> {
  if (file !== undefined) {
    const { parseAnchorsPem } = await import('../../../drivers/card/trust/anchors');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read trust anchors ${file}: ${(err as Error).message}`);
    }
    let anchors: X509Certificate[];
    try {
      anchors = parseAnchorsPem(text, file);
    } catch (err) {
      return asCliError(err);
    }
    return () => anchors;
  }
  if (!simulate) return undefined;
  return (await import('../../../drivers/card/sim/signing')).withTestAnchors;
}

const read: CommandSpec = {
  path: ['card', 'read'],
  summary: 'wait for an ID card, read it, check its signatures and chip, and print the identity (asks for the PIN if the card wants one)',
  usage: 'card read [--reader NAME] [--profile ministry|belpic] [--anchors FILE.pem] [--timeout-ms N] [--pin PIN] [--json]',
  options: {
    anchors: { type: 'string' },
    reader: { type: 'string' },
    profile: { type: 'string' },
    'timeout-ms': { type: 'string' },
    pin: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const { readCard } = await import('../../../drivers/card/read-once');
    const timeoutMs = intOption(values, 'timeout-ms', 10_000);
    const given = stringOption(values, 'pin');
    const settings = cliSettings(values, { flags: { '--reader': ['devices.reader', stringOption(values, 'reader')] } });
    const result = await readCard({
      readerPattern: settings.devices.reader,
      profile: stringOption(values, 'profile'),
      anchors: await anchorsFor(stringOption(values, 'anchors'), settings.simulate),
      timeoutMs,
      askPin: async ({ triesLeft, attempt, again }) => {
        const left = triesLeft === undefined ? '' : `, ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left`;
        if (given !== undefined) {
          // The same --pin again would only burn another try.
          if (attempt > 1) throw new CliError(again === 'pin-format' ? 'the --pin given does not have the form the card needs' : `wrong PIN${left}`);
          return given;
        }
        const why = again === 'wrong-pin' ? 'wrong PIN; ' : again === 'pin-format' ? 'that PIN has the wrong form; ' : '';
        return promptPin(`${why}card PIN${left}: `);
      },
    }).catch((err: unknown) => {
      // A mute card leaves its PC/SC call blocked in a worker thread until the card leaves the
      // reader, and Node joins that thread before exiting: say what ends the wait.
      if (err instanceof CodedError && err.code === 'card-mute') {
        throw new CliError(`${err.message}; remove the card from the reader`);
      }
      return asCliError(err);
    });
    const { identity, authenticity } = result;
    if (result.expired) process.stderr.write(`note: this card expired on ${identity.validUntil}\n`);
    if (result.technician) process.stderr.write('note: technician card\n');
    if (authenticity !== 'verified') process.stderr.write(`note: this card is not verified (${authenticity})\n`);
    if (values.json) {
      printJson({ authenticity, identity });
      return 0;
    }
    const { address, ...rest } = identity;
    const rows = Object.entries({ authenticity, ...rest, ...(address ?? {}) });
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${String(v)}\n`);
    return 0;
  },
};

function defaultIdentityFile(profile: SimProfile): string {
  const name = profile === 'belpic' ? 'demo-belpic.json' : 'demo-identity.json';
  return fileURLToPath(new URL(`../../../drivers/card/sim/${name}`, import.meta.url));
}

const sim: CommandSpec = {
  path: ['sim', 'card'],
  summary: "insert a virtual ID card into pcscd's virtual reader until Ctrl-C; it can misbehave on demand",
  usage:
    'sim card [--port 35963] [--profile ministry|belpic] [--identity FILE] [--t0] [--chunk N] [--short-read N] [--yank-after K] [--mute-after K] [--pin 1234 [--pin-tries 3]] [--tamper identity|address|chip|cert-expired|untrusted|unsigned]',
  options: {
    tamper: { type: 'string' },
    port: { type: 'string' },
    identity: { type: 'string' },
    profile: { type: 'string' },
    t0: { type: 'boolean' },
    chunk: { type: 'string' },
    'short-read': { type: 'string' },
    'yank-after': { type: 'string' },
    'mute-after': { type: 'string' },
    pin: { type: 'string' },
    'pin-tries': { type: 'string' },
  },
  async run({ values }) {
    const [{ Identity }, { ministryCardImage, belpicCardImage }, { VirtualCard, VPCD_PORT_KIOSK }, { CARD_TAMPERS }] = await Promise.all([
      import('../../../drivers/card/identity'),
      import('../../../drivers/card/sim/images'),
      import('../../../drivers/card/sim/virtual-card'),
      import('../../../drivers/card/sim/signing'),
    ]);
    const tamper = stringOption(values, 'tamper');
    if (tamper !== undefined && !(CARD_TAMPERS as readonly string[]).includes(tamper)) throw new CliError(`--tamper must be one of ${CARD_TAMPERS.join(', ')}, got ${tamper}`, 2);
    const tampered = tamper as (typeof CARD_TAMPERS)[number] | undefined;
    const port = intOption(values, 'port', VPCD_PORT_KIOSK)!;
    const profile = stringOption(values, 'profile') ?? 'ministry';
    if (!PROFILES.includes(profile as SimProfile)) throw new CliError(`--profile must be ministry or belpic, got ${profile}`, 2);
    const chunk = intOption(values, 'chunk');
    if (chunk !== undefined && (chunk < 1 || chunk > 256)) throw new CliError('--chunk must be 1-256', 2);
    const shortReads = intOption(values, 'short-read');
    if (shortReads !== undefined && (shortReads < 1 || shortReads > 255)) throw new CliError('--short-read must be 1-255', 2);
    const yankAfter = intOption(values, 'yank-after');
    const muteAfter = intOption(values, 'mute-after');
    const pin = stringOption(values, 'pin');
    const pinTries = intOption(values, 'pin-tries', 3)!;
    if (values['pin-tries'] !== undefined && pin === undefined) throw new CliError('--pin-tries needs --pin', 2);
    if (pin !== undefined && !/^\d{4,8}$/.test(pin)) throw new CliError('--pin must be 4 to 8 digits', 2);
    if (pinTries > 15) throw new CliError('--pin-tries must be 0-15', 2);
    if (profile === 'belpic' && tamper === 'chip') throw new CliError('--tamper chip applies to the ministry card: the Belgian eID has no chip challenge', 2);
    if (profile === 'belpic' && (pin !== undefined || values.t0)) {
      throw new CliError('--pin and --t0 apply to the ministry card; the Belgian eID is always T=0 and reads without a PIN', 2);
    }
    const file = stringOption(values, 'identity') ?? defaultIdentityFile(profile as SimProfile);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new CliError(`cannot read identity file ${file}: ${(err as Error).message}`);
    }
    const parsed = Identity.safeParse({ ...(raw as object), profile });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new CliError(`identity file ${file} is not valid: ${issues}`);
    }
    const image =
      profile === 'belpic'
        ? belpicCardImage(parsed.data, { chunk, shortReads, tamper: tampered })
        : ministryCardImage(parsed.data, { t0: values.t0 === true, chunk, shortReads, pin: pin === undefined ? undefined : { value: pin, tries: pinTries }, tamper: tampered });
    const card = new VirtualCard({ image, port, yankAfter, muteAfter });
    await card.insert().catch(asCliError);
    console.error(`virtual ${profile} card inserted on vpcd port ${port}; Ctrl-C removes it`);
    let stopping = false;
    const yanked = new Promise<void>((resolve) => {
      card.on('removed', () => {
        if (stopping) return;
        if (yankAfter !== undefined && card.apduCount > yankAfter) {
          console.error(`card pulled out when APDU ${yankAfter + 1} arrived (${yankAfter} answered)`);
          resolve();
          return;
        }
        // pcscd restarting drops the link: put the card back once it listens again.
        console.error('link to pcscd lost; re-inserting when it is back');
        const retry = () => {
          if (!stopping) card.insert().catch(() => setTimeout(retry, 1000));
        };
        setTimeout(retry, 1000);
      });
    });
    await Promise.race([untilSignal(), yanked]);
    stopping = true;
    await card.remove();
    console.error('virtual card removed');
    return 0;
  },
};

export const cardCommands: CommandSpec[] = [read, sim];
