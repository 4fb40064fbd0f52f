import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../main/config';
import { signedLayerIn } from '../../../main/config/bundle/signed-layer';
import { BundleStore } from '../../../main/config/bundle/store';
import { goodBundle, partBytes } from '../../fixtures/config/bundles';
import { useTempDir } from '../../support/temp-db';

describe('the signed bundle in force as a settings layer at start', () => {
  const temp = useTempDir('signed-layer-');

  it('gives the bundle in force its place between the shipped files and the environment', () => {
    const dataDir = temp.dir();
    const store = new BundleStore(dataDir);
    const parts = partBytes(goodBundle(4, { settings: { devices: { terminal: { baudRate: 19_200 } }, session: { idleWarningMs: 45_000 } } }));
    const record = store.putBundle(4, parts, Date.now());
    store.write({ format: 1, current: record, lastKnownGood: record, refused: [] });
    const signed = signedLayerIn(dataDir);
    expect(signed?.source).toBe('signed bundle 4');
    expect(loadSettings({ env: {}, signed }).devices.terminal.baudRate).toBe(19_200);
    expect(loadSettings({ env: {}, signed }).session.idleWarningMs).toBe(45_000);
    // The environment still wins over what ops signed.
    expect(loadSettings({ env: { KIOSK_TERMINAL_BAUD: '9600' }, signed }).devices.terminal.baudRate).toBe(9600);
  });

  it('is absent, and creates nothing, in a data folder where no bundle was ever applied', () => {
    const dataDir = join(temp.dir(), 'fresh');
    expect(signedLayerIn(dataDir)).toBeUndefined();
    expect(existsSync(dataDir)).toBe(false);
  });
});
