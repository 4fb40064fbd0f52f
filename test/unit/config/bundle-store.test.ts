import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inForce } from '../../../main/config/bundle/active';
import { BundleError } from '../../../main/config/bundle/errors';
import { BundleStore } from '../../../main/config/bundle/store';
import { goodBundle, partBytes } from '../../fixtures/config/bundles';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const quiet = { info() {}, warn() {}, error() {} };

describe('bundle store', () => {
  it('starts with the shipped configuration in force and nothing refused', () => {
    const store = new BundleStore(temp());
    expect(store.read()).toEqual({ format: 1, refused: [] });
    expect(inForce(store, quiet)).toEqual({ version: 0 });
  });

  it('stores parts once by hash and loads a bundle back whole', () => {
    const store = new BundleStore(temp());
    const a = store.putBundle(1, partBytes(goodBundle(1)), 1000);
    const b = store.putBundle(2, partBytes(goodBundle(2, { texts: goodBundle(1).texts, telemetry: goodBundle(1).telemetry })), 2000);
    // Unchanged parts are the same object: nothing is stored (or downloaded) twice.
    expect(b.parts.texts).toBe(a.parts.texts);
    expect(b.parts.catalog).not.toBe(a.parts.catalog);
    store.update((s) => ({ ...s, current: b, lastKnownGood: a }));
    expect(inForce(store, quiet).bundle?.catalog?.version).toBe('bundle-2');
  });

  it('falls back to the last known-good bundle when a part of the current one was damaged on disk', () => {
    const dir = temp();
    const store = new BundleStore(dir);
    const a = store.putBundle(1, partBytes(goodBundle(1)), 1000);
    const b = store.putBundle(2, partBytes(goodBundle(2)), 2000);
    store.update((s) => ({ ...s, current: b, lastKnownGood: a }));
    writeFileSync(join(dir, 'config', 'objects', b.parts.catalog!), '{"version": "tampered"}');
    expect(() => store.load(b)).toThrow(expect.objectContaining({ code: 'bundle-corrupt' }));
    const errors: string[] = [];
    expect(inForce(store, { ...quiet, error: (event, f) => errors.push(`${event}:${String(f?.code)}`) }).version).toBe(1);
    expect(errors).toEqual(['config-bundle-unloadable:bundle-corrupt']);
  });

  it('an unreadable state file is a typed error, and the kiosk still starts on the shipped configuration', () => {
    const dir = temp();
    const store = new BundleStore(dir);
    writeFileSync(join(dir, 'config', 'state.json'), '{"format": 1, "refused": ');
    expect(() => store.read()).toThrow(BundleError);
    expect(inForce(store, quiet)).toEqual({ version: 0 });
  });

  it('recovery removes temporary files of a killed writer and parts no bundle names', () => {
    const dir = temp();
    const store = new BundleStore(dir);
    const a = store.putBundle(1, partBytes(goodBundle(1)), 1000);
    store.update((s) => ({ ...s, current: a }));
    store.putObject(Buffer.from('orphan'));
    writeFileSync(join(dir, 'config', '.state.json.123.abcd.tmp'), '{');
    store.recover();
    expect(readdirSync(join(dir, 'config')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'config', 'objects')).sort()).toEqual(Object.values(a.parts).sort());
  });
});
