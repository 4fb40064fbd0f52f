export { A11yProvider, useA11y, type A11yContextValue } from './A11yProvider';
export { A11yToolbar } from './A11yToolbar';
export { DEFAULT_PREFS, ROOT_CLASSES, sessionEnded, type A11yPref, type A11yPrefs } from './preferences';
