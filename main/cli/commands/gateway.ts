import { errorCode } from '../../../shared/coded-error';
import { CliError, type CommandSpec, intOption, printJson, stringOption, untilSignal } from '../command';
import { cliSettings } from '../settings';

function shareOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const n = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n)) throw new CliError(`--${name} must be a number between 0 and 1, got ${raw}`, 2);
  return n;
}

export const gatewayCommands: CommandSpec[] = [
  {
    path: ['sim', 'gateway'],
    summary: 'run the ministry gateway simulator until Ctrl-C (prints its URL)',
    usage: 'sim gateway [--port N] [--latency-ms N] [--down] [--flaky 0..1] [--hang-ms N] [--reject-later 0..1] [--seed N] [--state-file PATH]',
    options: {
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      down: { type: 'boolean' },
      flaky: { type: 'string' },
      seed: { type: 'string' },
      'state-file': { type: 'string' },
      'hang-ms': { type: 'string' },
      'reject-later': { type: 'string' },
    },
    async run({ values }) {
      const port = intOption(values, 'port', 0)!;
      if (port > 65535) throw new CliError('--port must be at most 65535', 2);
      const { startGatewaySimulator } = await import('../../../gateway/simulator');
      let sim;
      try {
        sim = await startGatewaySimulator({
          port,
          latencyMs: intOption(values, 'latency-ms', 0),
          down: values.down === true,
          flaky: shareOption(values, 'flaky') ?? 0,
          seed: intOption(values, 'seed'),
          stateFile: stringOption(values, 'state-file'),
          hangMs: intOption(values, 'hang-ms', 0),
          rejectLater: shareOption(values, 'reject-later') ?? 0,
        });
      } catch (err) {
        if (errorCode(err) === 'EADDRINUSE') throw new CliError(`port ${port} is already in use`);
        throw err;
      }
      // The URL alone on stdout, so scripts can read it; the human note goes to stderr.
      process.stdout.write(`${sim.url}\n`);
      process.stderr.write(`gateway simulator running at ${sim.url} (Ctrl-C to stop)\n`);
      await untilSignal();
      await sim.close();
      return 0;
    },
  },
  {
    path: ['gateway', 'health'],
    summary: "check a ministry gateway's health endpoint",
    usage: 'gateway health [--url URL] [--timeout-ms N] [--json]',
    options: { url: { type: 'string' }, 'timeout-ms': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const devices = cliSettings(values, { flags: { '--url': ['devices.gatewayUrl', stringOption(values, 'url')] } }).devices;
      const url = devices.gatewayUrl;
      if (!url) throw new CliError('missing --url (or set KIOSK_GATEWAY_URL)', 2);
      const [{ GatewayClient }, { gatewayTls }] = await Promise.all([import('../../gateway/client'), import('../../config')]);
      const client = new GatewayClient({ baseUrl: url, kioskId: 'K00', tls: gatewayTls(devices), timeoutMs: intOption(values, 'timeout-ms', 5000) });
      const started = Date.now();
      const ok = await client.health();
      if (values.json) printJson({ url, ok, ms: Date.now() - started });
      else process.stdout.write(`${url}: ${ok ? 'ok' : 'NOT reachable or not healthy'}\n`);
      return ok ? 0 : 1;
    },
  },
];
