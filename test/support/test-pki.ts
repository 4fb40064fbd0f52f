import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throw-away certificates made by openssl (scripts/setup-system.sh installs it) for tests of the
 * gateway's mutual TLS: a "ministry" CA, the gateway's server certificate for 127.0.0.1 and a
 * kiosk's client certificate under it, and a second, foreign CA with a server certificate for
 * the same address (an impostor). For pinning: a second gateway certificate from the same CA
 * (valid, another key), and an intermediate CA with a gateway certificate under it whose file
 * holds the chain (leaf, then intermediate) as a server presents it.
 */
export interface Pem {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface TestPki {
  dir: string;
  ca: Pem;
  server: Pem;
  kiosk: Pem;
  rogueCa: Pem;
  rogueServer: Pem;
  otherServer: Pem;
  intermediate: Pem;
  chainedServer: Pem;
}

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

function pem(dir: string, name: string): Pem {
  return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`), cert: readFileSync(join(dir, `${name}.crt`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

function makeCa(dir: string, name: string): Pem {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return pem(dir, name);
}

function issue(dir: string, ca: string, name: string, cn: string, ext: string): Pem {
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
  return pem(dir, name);
}

export function makeTestPki(kioskId = 'K01'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pki-'));
  const ca = makeCa(dir, 'ministry-ca');
  const serverExt = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n';
  const server = issue(dir, 'ministry-ca', 'gateway', 'gateway.moi.test', serverExt);
  const kiosk = issue(dir, 'ministry-ca', 'kiosk', kioskId, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
  const rogueCa = makeCa(dir, 'rogue-ca');
  const rogueServer = issue(dir, 'rogue-ca', 'impostor', 'gateway.moi.test', serverExt);
  const otherServer = issue(dir, 'ministry-ca', 'other-gateway', 'gateway.moi.test', serverExt);
  const intermediate = issue(dir, 'ministry-ca', 'gateway-ica', 'Ministry gateway ICA', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  const leaf = issue(dir, 'gateway-ica', 'chained-gateway', 'gateway.moi.test', serverExt);
  const chainedServer = { ...leaf, cert: leaf.cert + intermediate.cert };
  return { dir, ca, server, kiosk, rogueCa, rogueServer, otherServer, intermediate, chainedServer };
}
