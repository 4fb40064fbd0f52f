import { describe, expect, it } from 'vitest';
import { BundleError } from '../../../main/config/bundle/errors';
import { MAX_PART_BYTES, parseBundle, signedConfigurationOf } from '../../../main/config/bundle/schema';
import { placeholders } from '../../../main/config/bundle/texts';
import { loadCatalog, loadSettings } from '../../../main/config';
import { bundlePart } from '../../../main/config/load';
import { badBundle, goodBundle, NEW_SERVICE_ID, partBytes, type PartsJson } from '../../fixtures/config/bundles';

const refusal = (parts: PartsJson | Map<never, never>) => {
  try {
    parseBundle(parts instanceof Map ? parts : partBytes(parts));
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return { code: (err as BundleError).code, message: (err as Error).message };
  }
  throw new Error('bundle was accepted');
};

describe('bundle schema', () => {
  it('takes a full bundle and feeds the settings layers and the catalog', () => {
    const bundle = parseBundle(partBytes(goodBundle(3)));
    expect(bundle.version).toBe(3);
    expect(bundle.texts?.['attract.title']?.ar).toMatch(/أدخلوا/);
    const signed = signedConfigurationOf(bundle);
    expect(signed.source).toBe('signed bundle 3');
    const settings = loadSettings({ env: {}, signed });
    expect(settings.session.idleWarningMs).toBe(90_000);
    expect(loadCatalog(signed).map((s) => s.id)).toContain(NEW_SERVICE_ID);
    // The environment still wins over a signed bundle, key by key.
    expect(loadSettings({ env: { KIOSK_CONFIG_URL: 'http://127.0.0.1:1/repo' }, signed: { ...signed, settings: { configRepository: { url: 'http://10.0.0.1/' } } } }).configRepository.url).toBe('http://127.0.0.1:1/repo');
  });

  it('a bundle is only a header when nothing else changes', () => {
    expect(parseBundle(partBytes({ header: { version: 1 } }))).toEqual({ version: 1, notes: undefined });
  });

  it('refuses a bundle without a header, with version 0, or with an unknown header field', () => {
    expect(refusal({ catalog: goodBundle(1).catalog }).message).toMatch(/needs bundle.json/);
    expect(refusal({ header: { version: 0 } }).code).toBe('bundle-invalid');
    expect(refusal({ header: { version: 2, rollout: 'all' } }).message).toMatch(/bundle.json/);
  });

  it('refuses text overrides for unknown keys, with a language missing, or with other placeholders', () => {
    expect(refusal({ header: { version: 1 }, texts: { 'attract.nope': { ar: 'س', en: 'x' } } }).message).toMatch(/"attract.nope" is not a text/);
    expect(refusal({ header: { version: 1 }, texts: { 'attract.title': { ar: 'أدخل البطاقة' } } }).message).toMatch(/texts.json: attract.title.en/);
    expect(refusal({ header: { version: 1 }, texts: { 'welcome.greeting': { ar: 'أهلًا {name}', en: 'Hello {nom}' } } }).message).toMatch(/\{name\}, not \{nom\}/);
    expect(refusal({ header: { version: 1 }, texts: { 'welcome.greeting': { ar: 'أهلًا', en: 'Hello {name}' } } }).message).toMatch(/\(ar\) must use the placeholders \{name\}/);
    expect(refusal({ header: { version: 1 }, texts: { 'busy': { ar: 'انتظر {', en: 'Wait' } } }).message).toMatch(/unbalanced/);
  });

  it('reads the placeholders of plural messages at their top level only', () => {
    expect(placeholders('{n, plural, one {# fine for {name}} other {# fines}}')).toEqual(['n']);
    expect(placeholders('Step {current} of {total}')).toEqual(['current', 'total']);
  });

  it('refuses settings ops may not set remotely, and bad values of those it may', () => {
    expect(refusal({ header: { version: 1 }, settings: { dataDir: '/tmp/x' } }).message).toMatch(/settings.json/);
    expect(refusal({ header: { version: 1 }, settings: { simulate: true } }).code).toBe('bundle-invalid');
    expect(refusal({ header: { version: 1 }, settings: { devices: { terminal: { baudRate: 12 } } } }).message).toMatch(/devices.terminal.baudRate/);
    // A device port is the fleet's to set (a packaged kiosk reads it from here only), a file is not.
    expect(parseBundle(partBytes({ header: { version: 1 }, settings: { devices: { printer: { path: '/dev/ttyS0' } } } })).settings?.devices?.printer?.path).toBe('/dev/ttyS0');
    expect(refusal({ header: { version: 1 }, settings: { devices: { printer: { path: '/var/lib/moi-kiosk/kiosk.db' } } } }).code).toBe('bundle-invalid');
    expect(refusal({ header: { version: 1 }, settings: { devices: { gatewayKeyFile: '/tmp/key.pem' } } }).code).toBe('bundle-invalid');
  });

  it('takes out-of-service rules and refuses a bad rule set, naming the rule', () => {
    const rules = (availability: unknown, extra: PartsJson = {}) => ({ header: { version: 1 }, settings: { availability }, ...extra });
    const taken = parseBundle(partBytes(rules({ kioskNeeds: ['cardReader', 'printer'], serviceNeeds: { 'police-clearance-certificate': ['printer'] }, withoutPrinter: 'paid-unavailable' })));
    expect(taken.settings?.availability).toEqual({ kioskNeeds: ['cardReader', 'printer'], serviceNeeds: { 'police-clearance-certificate': ['printer'] }, withoutPrinter: 'paid-unavailable' });
    expect(refusal(rules({ kioskNeeds: ['cardreader'] })).message).toMatch(/^settings.json: availability.kioskNeeds.0: /);
    expect(refusal(rules({ paidNeeds: ['terminal', 'disk', 'terminal'] })).message).toBe('settings.json: availability.paidNeeds: names a device twice');
    expect(refusal(rules({ withoutPrinter: 'pdf' })).message).toMatch(/^settings.json: availability.withoutPrinter: /);
    expect(refusal(rules({ diskLowBytes: -1 })).message).toMatch(/^settings.json: availability.diskLowBytes: /);
    expect(refusal(rules({ kioskNeeds: 'cardReader' })).code).toBe('bundle-invalid');
    expect(refusal(rules({ offline: 'free-only' })).message).toMatch(/availability/);
    // A rule for a service the catalog in force lacks is a typo that would leave the meant one without it.
    expect(refusal(rules({ serviceNeeds: { 'police-clearence-certificate': ['printer'] } })).message).toBe(
      'settings.json: availability.serviceNeeds.police-clearence-certificate: no service police-clearence-certificate in the shipped catalog',
    );
    expect(parseBundle(partBytes(rules({ serviceNeeds: { [NEW_SERVICE_ID]: ['printer'] } }, { catalog: goodBundle(1).catalog }))).settings?.availability?.serviceNeeds).toEqual({ [NEW_SERVICE_ID]: ['printer'] });
    expect(refusal(rules({ serviceNeeds: { [NEW_SERVICE_ID]: ['printer'] } })).message).toMatch(/no service renew-boat-licence in the shipped catalog/);
  });

  it('out-of-service rules in place: the bundle over the shipped ones, key by key, and the shipped ones without it', () => {
    const shipped = bundlePart('availability', undefined);
    expect(shipped).toEqual(loadSettings({ env: {} }).availability);
    const bundle = parseBundle(partBytes({ header: { version: 4 }, settings: { availability: { withoutPrinter: 'paid-unavailable', serviceNeeds: { 'national-address': ['gateway'] } } } }));
    expect(bundlePart('availability', signedConfigurationOf(bundle))).toEqual({ ...shipped, withoutPrinter: 'paid-unavailable', serviceNeeds: { 'national-address': ['gateway'] } });
    expect(bundlePart('availability', signedConfigurationOf(bundle))).toEqual(loadSettings({ env: {}, signed: signedConfigurationOf(bundle) }).availability);
    // A part the environment can set would not be the bundle's alone.
    expect(() => bundlePart('telemetry', undefined)).toThrow(/also set by a variable or flag/);
  });

  it('refuses a catalog that does not validate, naming the service', () => {
    const catalog = structuredClone(goodBundle(1).catalog) as { services: { fee: unknown }[] };
    catalog.services[3]!.fee = { kind: 'lines', lines: [] };
    expect(refusal({ header: { version: 1 }, catalog }).message).toMatch(/catalog.json: .*services.3.fee/);
  });

  it('refuses a card profile that does not validate and a trust anchor that is no certificate', () => {
    expect(refusal({ header: { version: 1 }, cards: { profiles: [{ name: 'Bad Name' }] } }).message).toMatch(/cards.json: card profile/);
    expect(refusal({ header: { version: 1 }, cards: { trustAnchors: [{ profile: 'ministry', name: 'root', certificate: 'hello' }] } }).message).toMatch(/not a PEM/);
  });

  it('refuses endless data and text that is not JSON', () => {
    const huge = new Map([['header', Buffer.from(JSON.stringify({ version: 1, notes: 'x'.repeat(MAX_PART_BYTES) }))]]) as Map<never, never>;
    expect(refusal(huge).code).toBe('bundle-too-large');
    const garbled = new Map([['header', Buffer.from('{"version": 1')]]) as Map<never, never>;
    expect(refusal(garbled).message).toMatch(/not JSON/);
  });

  it('takes the broken-price bundle at schema level: only the dry run can find that', () => {
    expect(parseBundle(partBytes(badBundle(4))).version).toBe(4);
  });
});
