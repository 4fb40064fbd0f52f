// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { applyRootClasses, DEFAULT_PREFS, ROOT_CLASSES, sessionEnded, togglePref } from '../../../../renderer/src/a11y/preferences';

describe('accessibility preferences', () => {
  it('start off, and toggle one at a time', () => {
    expect(DEFAULT_PREFS).toEqual({ largeText: false, highContrast: false, audio: false });
    const on = togglePref(DEFAULT_PREFS, 'largeText');
    expect(on).toEqual({ largeText: true, highContrast: false, audio: false });
    expect(togglePref(on, 'largeText')).toEqual(DEFAULT_PREFS);
    expect(DEFAULT_PREFS.largeText).toBe(false);
  });

  it('a session ends when the kiosk returns to attract from any other screen, not while it stays there', () => {
    expect(sessionEnded('goodbye', 'attract')).toBe(true);
    expect(sessionEnded('paying', 'attract')).toBe(true);
    expect(sessionEnded('attract', 'attract')).toBe(false);
    expect(sessionEnded(undefined, 'attract')).toBe(false);
    expect(sessionEnded('attract', 'reading')).toBe(false);
  });

  it('puts exactly the chosen modes on <html>, leaving other classes alone', () => {
    const root = document.createElement('html');
    root.classList.add('other');
    applyRootClasses(root, { largeText: true, highContrast: false, audio: true });
    expect([...root.classList].sort()).toEqual([ROOT_CLASSES.largeText, 'other'].sort());
    applyRootClasses(root, { largeText: false, highContrast: true, audio: false });
    expect([...root.classList].sort()).toEqual([ROOT_CLASSES.highContrast, 'other'].sort());
    applyRootClasses(root, DEFAULT_PREFS);
    expect([...root.classList]).toEqual(['other']);
  });
});
