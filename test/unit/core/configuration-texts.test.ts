import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../../main/config/catalog';
import { identity, makeKiosk } from '../../support/core-fakes';

const TEXTS = { ar: { 'attract.title': 'مرحبًا بكم، أدخلوا البطاقة الشخصية' }, en: { 'attract.title': 'Welcome, insert your ID card' } };

describe("the configuration's screen texts in the session's state", () => {
  it('go out from the first state when the kiosk starts with them', () => {
    const k = makeKiosk({ deps: { texts: TEXTS } });
    expect(k.session.snapshot.texts).toEqual(TEXTS);
  });

  it('change only while nobody is served, and the idle screen shows them at once', () => {
    const k = makeKiosk();
    expect(k.session.snapshot.texts).toBeUndefined();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    expect(k.session.replaceConfiguration({ catalog: shippedCatalog(), texts: TEXTS })).toBe(false);
    expect(k.session.snapshot.texts).toBeUndefined();
    k.session.cardRemoved();
    expect(k.session.snapshot.mode.kind).toBe('attract');
    const seq = k.session.snapshot.seq;
    expect(k.session.replaceConfiguration({ catalog: shippedCatalog(), texts: TEXTS })).toBe(true);
    expect(k.session.snapshot).toMatchObject({ seq: seq + 1, texts: TEXTS });
    // A rollback to a bundle without texts gives the shipped ones back.
    expect(k.session.replaceConfiguration({ catalog: shippedCatalog() })).toBe(true);
    expect(k.session.snapshot.texts).toBeUndefined();
  });
});
