import { createContext, useContext } from 'react';
import type { Intent, IntentResult, KioskState } from '../../main/contract';
import type { I18n } from './i18n';

export interface KioskContextValue {
  state: KioskState;
  i18n: I18n;
  send(intent: Intent): Promise<IntentResult>;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk() used outside <KioskContext.Provider>');
  return value;
}
