import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { PrinterLinkConfig } from '../../drivers/printer/link';
import { errorCode } from '../../shared/coded-error';
import type { GatewayTls } from '../gateway/link';
import { spkiPin } from '../gateway/pins';
import { ConfigError } from './errors';
import type { KioskSettings } from './settings';

/** The printer's link: the full description when given, else a serial port at the set speed. */
export function printerLink(printer: KioskSettings['devices']['printer']): PrinterLinkConfig | undefined {
  if (printer.link) return printer.link;
  return printer.path ? { kind: 'serial', path: printer.path, baudRate: printer.baudRate } : undefined;
}

const TLS_FILES = [
  ['ca', 'gatewayCaFile', 'KIOSK_GATEWAY_CA'],
  ['cert', 'gatewayCertFile', 'KIOSK_GATEWAY_CERT'],
  ['key', 'gatewayKeyFile', 'KIOSK_GATEWAY_KEY'],
] as const;

/**
 * The gateway's mutual TLS material, read from the files the settings name: all three or none
 * (none: only a loopback gateway, a simulator, can be reached). The kiosk's private key must be
 * its user's alone, like the payload key.
 */
export function gatewayTls(devices: KioskSettings['devices']): GatewayTls | undefined {
  // The CA a signed bundle carries as text counts as the CA file (a file given wins over it).
  const has = (key: (typeof TLS_FILES)[number][1]) => devices[key] !== undefined || (key === 'gatewayCaFile' && devices.gatewayCa !== undefined);
  const given = TLS_FILES.filter(([, key]) => has(key));
  if (given.length === 0) {
    if (devices.gatewayPins) throw new ConfigError('devices.gatewayPins', 'KIOSK_GATEWAY_PINS', undefined, 'pins the gateway of a TLS link: give the CA, certificate and key too');
    return undefined;
  }
  const missing = TLS_FILES.find(([, key]) => !has(key));
  if (missing) throw new ConfigError(`devices.${missing[1]}`, missing[2], undefined, 'is needed with the other gateway TLS files (CA, certificate and key go together)');
  const read = ([, key, variable]: (typeof TLS_FILES)[number]) => {
    const file = devices[key]!;
    try {
      if (key === 'gatewayKeyFile' && (statSync(file).mode & 0o077) !== 0) {
        throw new ConfigError(`devices.${key}`, variable, file, 'the private key is readable by other users; it must be mode 600');
      }
      return readFileSync(file, 'utf8');
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(`devices.${key}`, variable, file, `cannot be read (${errorCode(err) ?? 'error'})`);
    }
  };
  const ca = devices.gatewayCaFile === undefined ? devices.gatewayCa! : read(TLS_FILES[0]);
  assertTrustAnchor(ca, devices.gatewayCaFile);
  return { ca, cert: read(TLS_FILES[1]), key: read(TLS_FILES[2]), ...(devices.gatewayPins ? { pins: devices.gatewayPins } : {}) };
}

/**
 * OpenSSL anchors trust at a self-signed certificate only: a CA file holding nothing but a
 * CA-issued certificate (the gateway's own leaf, "pinned") makes every handshake fail, and the
 * kiosk would look offline for good. Refused when read, naming the pin that does what was meant.
 */
function assertTrustAnchor(pem: string, file: string | undefined): void {
  const certs = (pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).flatMap((block) => {
    try {
      return [new X509Certificate(block)];
    } catch {
      return [];
    }
  });
  if (certs.length === 0 || certs.some((c) => c.checkIssued(c) && c.verify(c.publicKey))) return; // not PEM: TLS says so itself
  const [first] = certs as [X509Certificate];
  throw new ConfigError(
    file === undefined ? 'devices.gatewayCa' : 'devices.gatewayCaFile',
    file === undefined ? 'the signed bundle' : 'KIOSK_GATEWAY_CA',
    file,
    `holds no self-signed certificate (${first.subject.replace(/\n/g, ', ')} is issued by ${first.issuer.replace(/\n/g, ', ')}): give its root CA here and pin this certificate's key instead (devices.gatewayPins, KIOSK_GATEWAY_PINS): ${spkiPin(first)}`,
  );
}
