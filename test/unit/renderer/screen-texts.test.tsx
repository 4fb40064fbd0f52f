// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskState } from '../../../main/contract';
import { checkTextOverrides, screenTextsOf } from '../../../main/config/bundle/texts';
import { fixtureState } from './fixtures';
import { renderApp } from './helpers';

afterEach(cleanup);

/** What ops publish in a bundle's texts.json, checked as the kiosk checks it. */
const texts = screenTextsOf(
  checkTextOverrides({
    'attract.title': { ar: 'مرحبًا بكم، أدخلوا البطاقة الشخصية', en: 'Welcome, insert your ID card' },
    'app.kiosk': { ar: 'خدمات الوزارة الذاتية', en: 'Ministry self-service' },
  }),
)!;

describe('screen texts from the configuration in force', () => {
  it('are shown in place of the shipped ones, in the language on screen, and follow a language change', () => {
    const { bridge } = renderApp(fixtureState('attract', 'ar', { texts }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('مرحبًا بكم، أدخلوا البطاقة الشخصية');
    expect(document.title).toContain('خدمات الوزارة الذاتية');
    bridge.push(fixtureState('attract', 'en', { texts }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome, insert your ID card');
    expect(document.title).toContain('Ministry self-service');
    // The configuration changed back to the shipped texts (a rollback): so does the screen.
    bridge.push(fixtureState('attract', 'en'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Insert your ID card');
  }, 20_000); // the first render of the whole App in a file is slow on a loaded machine

  it('label the accessibility switches in the other language with its own overrides', () => {
    const overrides = screenTextsOf(checkTextOverrides({ 'a11y.largeText': { ar: 'تكبير النص', en: 'Bigger text' } }))!;
    renderApp(fixtureState('attract', 'ar', { texts: overrides }));
    expect(document.body.textContent).toContain('تكبير النص');
    expect(document.body.textContent).toContain('Bigger text');
  });

  it('reach the inquiries’ answers too, whose texts load with their screens', async () => {
    // A placeholder the shipped message does not use is refused like any other screen text's.
    expect(() => checkTextOverrides({ 'visa.next.extend-here': { ar: 'مدِّدها الآن', en: 'Extend it by {day}' } })).toThrow(/placeholders \{date\}/);
    const overrides = screenTextsOf(checkTextOverrides({ 'visa.next.extend-here': { ar: 'مدِّد التأشيرة هنا قبل {date}', en: 'Extend it here before {date}' } }))!;
    renderApp(fixtureState('visa', 'en', { texts: overrides }));
    expect((await screen.findByTestId('visa-next', {}, { timeout: 10_000 })).textContent).toBe('Extend it here before 25 December 2026');
  });

  it('a key this build does not ship is not shown, and the contract refuses a text that is not one', () => {
    renderApp(fixtureState('attract', 'en', { texts: { ar: { 'attract.nope': 'x' }, en: { 'attract.nope': 'Injected' } } }));
    expect(document.body.textContent).not.toContain('Injected');
    for (const bad of [{ ar: {}, en: { 'attract.title': '' } }, { ar: {}, en: { '<script>': 'x' } }, { en: {} }]) {
      expect(KioskState.safeParse({ ...fixtureState('attract', 'en'), texts: bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
