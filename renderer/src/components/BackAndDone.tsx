import type { ReactNode } from 'react';
import { useKiosk } from '../kiosk-context';
import { ActionButton } from './ActionButton';

/**
 * The actions of a screen that answers and asks nothing more: back, then done, with any action
 * the answer offers between them. One row, so every answer screen puts them in the same place.
 */
export function BackAndDone({ between, done }: { between?: ReactNode; done?: string }) {
  const { i18n } = useKiosk();
  return (
    <div className="button-row">
      <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
        {i18n.t('back')}
      </ActionButton>
      {between}
      <ActionButton intent={{ type: 'finish' }} testId="finish">
        {done ?? i18n.t('fines.done')}
      </ActionButton>
    </div>
  );
}
