import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CliError, intOption, printJson, stringOption, untilSignal, type CommandSpec } from '../command';

/** Card errors carry a message meant for people; the CLI shows it as its one line. */
function asCliError(err: unknown): never {
  if (err instanceof Error && err.name === 'CardError') throw new CliError(err.message);
  throw err;
}

const read: CommandSpec = {
  path: ['card', 'read'],
  summary: 'wait for an ID card, read it and print the identity',
  usage: 'card read [--reader NAME] [--profile ministry|belpic] [--timeout-ms N] [--json]',
  options: {
    reader: { type: 'string' },
    profile: { type: 'string' },
    'timeout-ms': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const { readCardOnce } = await import('../../../drivers/card/read-once');
    const timeoutMs = intOption(values, 'timeout-ms', 10_000);
    const identity = await readCardOnce({
      readerPattern: stringOption(values, 'reader'),
      profile: stringOption(values, 'profile'),
      timeoutMs,
    }).catch(asCliError);
    if (values.json) {
      printJson(identity);
      return 0;
    }
    const { address, ...rest } = identity;
    const rows = Object.entries({ ...rest, ...(address ?? {}) });
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${String(v)}\n`);
    return 0;
  },
};

const sim: CommandSpec = {
  path: ['sim', 'card'],
  summary: 'insert a virtual ID card into pcscd\'s virtual reader until Ctrl-C',
  usage: 'sim card [--port 35963] [--identity FILE] [--profile ministry|belpic]',
  options: {
    port: { type: 'string' },
    identity: { type: 'string' },
    profile: { type: 'string' },
  },
  async run({ values }) {
    const [{ Identity }, { ministryCardImage, belpicCardImage }, { VirtualCard, VPCD_PORT_KIOSK }] = await Promise.all([
      import('../../../drivers/card/identity'),
      import('../../../drivers/card/sim/images'),
      import('../../../drivers/card/sim/virtual-card'),
    ]);
    const port = intOption(values, 'port', VPCD_PORT_KIOSK)!;
    const profile = stringOption(values, 'profile') ?? 'ministry';
    if (profile !== 'ministry' && profile !== 'belpic') throw new CliError(`--profile must be ministry or belpic, got ${profile}`, 2);
    const file = stringOption(values, 'identity') ?? fileURLToPath(new URL('../../../drivers/card/sim/demo-identity.json', import.meta.url));
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
    const image = profile === 'belpic' ? belpicCardImage(parsed.data) : ministryCardImage(parsed.data);
    const card = new VirtualCard({ image, port });
    await card.insert().catch(asCliError);
    console.error(`virtual ${profile} card inserted on vpcd port ${port}; Ctrl-C removes it`);
    // pcscd restarting drops the link: put the card back once it listens again.
    let stopping = false;
    card.on('removed', () => {
      if (stopping) return;
      console.error('link to pcscd lost; re-inserting when it is back');
      const retry = () => {
        if (!stopping) card.insert().catch(() => setTimeout(retry, 1000));
      };
      setTimeout(retry, 1000);
    });
    await untilSignal();
    stopping = true;
    await card.remove();
    console.error('virtual card removed');
    return 0;
  },
};

export const cardCommands: CommandSpec[] = [read, sim];
