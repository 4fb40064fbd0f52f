import { createContext, useContext } from 'react';
import { type Intent, type IntentResult, type KioskState, type ScreenId, type Step, type StepOf, currentStep } from '../../main/contract';
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

/** The step on screen, whichever it is (for the parts every screen shares). */
export function useCurrentStep(): Step {
  return currentStep(useKiosk().state);
}

/**
 * The step of the screen asking: each screen reads only the fields its own step has. App shows a
 * screen only for its own step, so a mismatch is a programming error, not a state to render.
 */
export function useStep<S extends ScreenId>(screen: S): StepOf<S> {
  const step = useCurrentStep();
  if (step.screen !== screen) throw new Error(`the ${screen} screen was rendered for the ${step.screen} step`);
  return step as StepOf<S>;
}
