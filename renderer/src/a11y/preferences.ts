import type { ScreenId } from '../../../main/contract';

/**
 * The shopper's accessibility choices. They live in the renderer only (they say nothing about the
 * person and main has no use for them) and last one session: the next shopper starts from the
 * defaults, so nobody meets a stranger's giant text or a voice talking to them.
 */
export interface A11yPrefs {
  largeText: boolean;
  highContrast: boolean;
  audio: boolean;
}

export type A11yPref = keyof A11yPrefs;

export const DEFAULT_PREFS: Readonly<A11yPrefs> = Object.freeze({ largeText: false, highContrast: false, audio: false });

/** Classes on <html>: the stylesheets swap CSS variables (and a few colours) under them. */
export const ROOT_CLASSES: Readonly<Record<Exclude<A11yPref, 'audio'>, string>> = {
  largeText: 'a11y-large-text',
  highContrast: 'a11y-high-contrast',
};

export function togglePref(prefs: A11yPrefs, pref: A11yPref): A11yPrefs {
  return { ...prefs, [pref]: !prefs[pref] };
}

/**
 * A session ends when the kiosk goes back to its attract screen from anywhere else. Choices made
 * on the attract screen itself (before inserting a card) are kept for the session that follows.
 */
export function sessionEnded(previous: ScreenId | undefined, current: ScreenId): boolean {
  return current === 'attract' && previous !== undefined && previous !== 'attract';
}

export function applyRootClasses(root: Element, prefs: A11yPrefs): void {
  for (const [pref, className] of Object.entries(ROOT_CLASSES) as [keyof typeof ROOT_CLASSES, string][]) {
    root.classList.toggle(className, prefs[pref]);
  }
}
