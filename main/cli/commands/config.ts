import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BundleStore } from '../../config/bundle/store';
import { refreshMetadata, repositoryBase, trustRoot } from '../../config/tuf/client';
import { generateKeys, loadKeys } from '../../config/tuf/keys';
import { parseDuration } from '../../config/tuf/layout';
import { publish, refreshTimestamp } from '../../config/tuf/publish';
import { rotateRoot } from '../../config/tuf/rotate';
import { describeRing, type Ring } from '../../config/tuf/rings';
import { CliError, type CommandSpec, intOption, printJson, stringOption } from '../command';
import { cliSettings } from '../settings';
import { configStatusCommands } from './config-kiosk';

/**
 * kioskctl config: what ops (and their CI) run to publish signed configuration, and what a
 * technician runs on a kiosk to see it. The repository is a folder of static files (TUF
 * metadata and the bundles' parts) to copy to any web server, CDN or object store.
 */
const out = (line: string) => process.stdout.write(`${line}\n`);

function durationOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined) throw new CliError(`--${name} must be a duration such as 7d, 12h or 30m, got ${raw}`, 2);
  return ms;
}

function ringOption(values: Record<string, unknown>): Ring | undefined {
  const percent = stringOption(values, 'ring');
  const kiosks = stringOption(values, 'kiosks');
  if (percent !== undefined && kiosks !== undefined) throw new CliError('give --ring or --kiosks, not both', 2);
  if (percent !== undefined) {
    const n = Number(percent.replace(/%$/, ''));
    if (!/^\d{1,3}(\.\d+)?%?$/.test(percent) || n > 100) throw new CliError(`--ring must be a percentage from 0 to 100, got ${percent}`, 2);
    return n === 100 ? { kind: 'all' } : { kind: 'percent', percent: n };
  }
  if (kiosks !== undefined) return { kind: 'kiosks', kiosks: kiosks.split(',').map((k) => k.trim()).filter(Boolean) };
  return undefined;
}

const opsCommands: CommandSpec[] = [
  {
    path: ['config', 'keygen'],
    summary: 'make Ed25519 keys for the four TUF roles (root offline; targets, snapshot, timestamp for CI)',
    usage: 'config keygen --out DIR [--root-keys N] [--root-threshold T]',
    options: { out: { type: 'string' }, 'root-keys': { type: 'string' }, 'root-threshold': { type: 'string' } },
    async run({ values }) {
      const dir = resolve(stringOption(values, 'out', true));
      const rootKeys = intOption(values, 'root-keys', 1)!;
      const keys = generateKeys(dir, { rootKeys, rootThreshold: intOption(values, 'root-threshold', Math.min(rootKeys, 1)) });
      out(`keys written to ${dir} (private keys 0600; keys.json and *.pub are public)`);
      for (const [role, spec] of Object.entries(keys.roles)) out(`  ${role}: ${spec.keys.length} key(s), threshold ${spec.threshold}`);
      out('move the root-*.pem files offline; keep targets, snapshot and timestamp keys where CI publishes');
      return 0;
    },
  },
  {
    path: ['config', 'publish'],
    summary: 'sign a bundle folder into a repository as a new release (or widen its ring), with new targets, snapshot and timestamp',
    usage: 'config publish --repo DIR --bundle DIR --keys DIR [--ring PERCENT | --kiosks K01,K02] [--expires 7d] [--timestamp-expires 1d] [--json]',
    options: {
      repo: { type: 'string' },
      bundle: { type: 'string' },
      keys: { type: 'string' },
      ring: { type: 'string' },
      kiosks: { type: 'string' },
      expires: { type: 'string' },
      'timestamp-expires': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values }) {
      const expires = durationOption(values, 'expires');
      const result = publish({
        repo: resolve(stringOption(values, 'repo', true)),
        bundleDir: resolve(stringOption(values, 'bundle', true)),
        keys: loadKeys(resolve(stringOption(values, 'keys', true))),
        ring: ringOption(values),
        expiry: { ...(expires ? { targets: expires, snapshot: expires } : {}), ...(values['timestamp-expires'] ? { timestamp: durationOption(values, 'timestamp-expires') } : {}) },
      });
      if (values.json) printJson(result);
      else {
        if (result.initialised) out('new repository: root version 1 signed');
        out(`published bundle ${result.version} to ${describeRing(result.ring)} (targets version ${result.targetsVersion})`);
        for (const r of result.releases) out(`  release ${r.version}: ${describeRing(r.ring)}`);
      }
      return 0;
    },
  },
  {
    path: ['config', 'timestamp'],
    summary: 'sign a fresh timestamp for the published snapshot (CI runs this well within its expiry, or kiosks see a frozen repository)',
    usage: 'config timestamp --repo DIR --keys DIR [--expires 1d]',
    options: { repo: { type: 'string' }, keys: { type: 'string' }, expires: { type: 'string' } },
    async run({ values }) {
      const version = refreshTimestamp(resolve(stringOption(values, 'repo', true)), loadKeys(resolve(stringOption(values, 'keys', true))), { expiresMs: durationOption(values, 'expires') });
      out(`timestamp version ${version} signed`);
      return 0;
    },
  },
  {
    path: ['config', 'rotate-root'],
    summary: 'sign a new root naming the keys in --new-keys, with a threshold of the current root keys and of the new ones, and re-sign targets, snapshot and timestamp with the new online keys',
    usage: 'config rotate-root --repo DIR --keys OLD_DIR --new-keys NEW_DIR [--expires 365d]',
    options: { repo: { type: 'string' }, keys: { type: 'string' }, 'new-keys': { type: 'string' }, expires: { type: 'string' } },
    async run({ values }) {
      const { rootVersion } = rotateRoot({
        repo: resolve(stringOption(values, 'repo', true)),
        oldKeys: loadKeys(resolve(stringOption(values, 'keys', true))),
        newKeys: loadKeys(resolve(stringOption(values, 'new-keys', true))),
        expiresMs: durationOption(values, 'expires'),
      });
      out(`root version ${rootVersion} signed by the old and the new root keys; targets, snapshot and timestamp re-signed with the new keys`);
      return 0;
    },
  },
  {
    path: ['config', 'verify'],
    summary: 'verify a repository (URL or folder) as a kiosk would, from a trusted root, and list its releases',
    usage: 'config verify --repo URL_OR_DIR [--root FILE] [--json]',
    options: { repo: { type: 'string' }, root: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const repo = stringOption(values, 'repo', true);
      const rootFile = stringOption(values, 'root');
      const work = mkdtempSync(join(tmpdir(), 'kioskctl-verify-'));
      try {
        // Without --root the repository's own first root is trusted: fine for checking what CI wrote, not a substitute for the kiosk's provisioned root.
        const rootBytes = rootFile ? readFileSync(resolve(rootFile)) : await (await fetchFirstRoot(repo)).bytes;
        writeFileSync(join(work, 'root.json'), rootBytes);
        const verified = await refreshMetadata(work, repo);
        const report = {
          repository: repositoryBase(repo),
          trustedRoot: rootFile ? resolve(rootFile) : 'the repository\'s own 1.root.json',
          versions: verified.versions,
          expires: verified.expires,
          releases: verified.releases.map((r) => ({ version: r.version, ring: r.ring, parts: [...r.parts.keys()] })),
        };
        if (values.json) printJson(report);
        else {
          out(`repository ${report.repository} verified (root ${report.versions.root}, targets ${report.versions.targets}, timestamp expires ${report.expires.timestamp})`);
          for (const r of verified.releases) out(`  release ${r.version}: ${describeRing(r.ring)} (${[...r.parts.keys()].join(', ')})`);
        }
        return 0;
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  },
  {
    path: ['config', 'trust'],
    summary: "install the ministry's root metadata on this kiosk (provisioning), the only root it trusts before its first poll",
    usage: 'config trust --root FILE [--data-dir DIR]',
    options: { root: { type: 'string' }, 'data-dir': { type: 'string' } },
    async run({ values }) {
      const settings = cliSettings(values);
      const store = new BundleStore(settings.dataDir);
      trustRoot(store, readFileSync(resolve(stringOption(values, 'root', true))));
      out(`root installed in ${store.dir}`);
      return 0;
    },
  },
];

async function fetchFirstRoot(repo: string): Promise<{ bytes: Buffer }> {
  const base = repositoryBase(repo);
  const url = `${base}metadata/1.root.json`;
  if (base.startsWith('file:')) return { bytes: readFileSync(new URL(url)) };
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new CliError(`${url} answered ${response.status}`);
  return { bytes: Buffer.from(await response.arrayBuffer()) };
}

export const configCommands: CommandSpec[] = [...opsCommands, ...configStatusCommands];
