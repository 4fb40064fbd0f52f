import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useAudioGuidance } from '../audio/useAudioGuidance';
import type { ClipPlayer } from '../audio/player';
import { screenOf } from '../../../main/contract';
import { useKiosk } from '../kiosk-context';
import { type A11yPref, type A11yPrefs, applyRootClasses, DEFAULT_PREFS, sessionEnded, togglePref } from './preferences';

export interface A11yContextValue {
  prefs: A11yPrefs;
  toggle(pref: A11yPref): void;
}

const A11yContext = createContext<A11yContextValue | null>(null);

export function useA11y(): A11yContextValue {
  const value = useContext(A11yContext);
  if (!value) throw new Error('useA11y() used outside <A11yProvider>');
  return value;
}

/**
 * Holds the session's accessibility choices, puts them on <html> as classes, resets them when
 * the kiosk returns to its attract screen, and plays the audio guidance when it is on.
 * `player` is injectable for tests (jsdom cannot play media).
 */
export function A11yProvider({ children, player }: { children: ReactNode; player?: ClipPlayer }) {
  const { state } = useKiosk();
  const [prefs, setPrefs] = useState<A11yPrefs>(DEFAULT_PREFS);
  const screen = screenOf(state);
  const previousScreen = useRef(screen);

  useEffect(() => {
    if (sessionEnded(previousScreen.current, screen)) setPrefs(DEFAULT_PREFS);
    previousScreen.current = screen;
  }, [screen]);

  useEffect(() => applyRootClasses(document.documentElement, prefs), [prefs]);
  // Whoever unmounts the provider (a test, a reload) leaves <html> as it found it.
  useEffect(() => () => applyRootClasses(document.documentElement, DEFAULT_PREFS), []);

  useAudioGuidance(state, prefs.audio && !sessionEnded(previousScreen.current, screen), player);

  const value = useMemo<A11yContextValue>(() => ({ prefs, toggle: (pref) => setPrefs((p) => togglePref(p, pref)) }), [prefs]);
  return <A11yContext.Provider value={value}>{children}</A11yContext.Provider>;
}
