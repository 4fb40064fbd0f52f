import type { ReactNode } from 'react';
import type { TechnicianPage } from '../../../../main/contract';
import { ActionButton } from '../../components/ActionButton';
import { Screen } from '../../components/Screen';
import { useKiosk } from '../../kiosk-context';
import { TechNav } from './TechNav';
import { useTechText } from './texts';

type TechScreen = 'diagnostics' | 'techQueue' | 'techLogs' | 'techSettings';

/**
 * The frame every page of a visit shares: the title, the pages, the page's own actions and,
 * always last, the way out of the visit.
 */
export function TechPage({ id, current, actions, children }: { id: TechScreen; current: TechnicianPage; actions?: ReactNode; children: ReactNode }) {
  const { i18n } = useKiosk();
  const tt = useTechText();
  return (
    <Screen
      id={id}
      className="screen--diagnostics"
      actions={
        <div className="button-row">
          {actions}
          <ActionButton intent={{ type: 'exitDiagnostics' }} testId="tech-exit" variant="secondary">
            {tt('exit')}
          </ActionButton>
        </div>
      }
    >
      <h1 className="title">{i18n.t('tech.title')}</h1>
      <TechNav current={current} />
      {children}
    </Screen>
  );
}
